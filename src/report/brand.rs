//! A consultancy's brand (name, logo, colours, fonts, footer, contact) from
//! a small TOML file. It applies on top of any theme. Every value that will
//! reach CSS is validated here, and the logo is read once and embedded as a
//! `data:` URI, so the report never refers to a file or a network address.

use std::path::Path;

use base64::Engine;
use serde::{Deserialize, Serialize};
use toml::Spanned;

use super::css;
use crate::config;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::source::{FileId, SourceMap};

/// Largest image we embed; a logo is tens of kilobytes.
const MAX_IMAGE_BYTES: u64 = 2 * 1024 * 1024;

/// Largest font we embed; a Latin subset is tens of kilobytes, a full
/// family a few hundred.
const MAX_FONT_BYTES: u64 = 4 * 1024 * 1024;

/// Family names the embedded brand fonts are declared under: our own, so
/// a font of the same name installed on a reader's machine never wins.
pub const BODY_FAMILY: &str = "rubricate-brand-body";
pub const HEADING_FAMILY: &str = "rubricate-brand-heading";

/// A validated brand. Every field is optional: a theme's own look applies
/// where the brand says nothing.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Brand {
    /// The consultancy's name.
    pub name: Option<String>,
    pub logo: Option<Image>,
    /// `#rrggbb`.
    pub primary: Option<String>,
    /// `#rrggbb`.
    pub accent: Option<String>,
    /// A validated font stack for body text.
    pub font: Option<String>,
    /// A validated font stack for headings.
    pub heading_font: Option<String>,
    pub page_size: Option<&'static str>,
    pub footer: Option<String>,
    pub contact: Contact,
    /// Embedded fonts for body text and headings (`font-file`,
    /// `heading-font-file`).
    pub body_font_file: Option<Font>,
    pub heading_font_file: Option<Font>,
    /// Files the brand read besides itself (logo, fonts), for watch mode.
    #[serde(skip)]
    pub files: Vec<std::path::PathBuf>,
}

/// A font embedded in the report.
#[derive(Debug, Clone, Serialize)]
pub struct Font {
    /// `data:font/…;base64,…`
    pub data_uri: String,
    /// The CSS `format()` hint: `woff2`, `woff`, `truetype`, `opentype`.
    pub format: &'static str,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Contact {
    pub email: Option<String>,
    pub web: Option<String>,
    pub phone: Option<String>,
    pub address: Option<String>,
}

/// An image embedded in the report.
#[derive(Debug, Clone, Serialize)]
pub struct Image {
    /// `data:image/…;base64,…`
    pub data_uri: String,
    pub mime: &'static str,
}

/// Keys of a brand file, checked before deserialising.
const SCHEMA: config::Schema = config::Schema {
    top: &[
        "name",
        "logo",
        "primary",
        "accent",
        "font",
        "heading-font",
        "page-size",
        "footer",
        "font-file",
        "heading-font-file",
        "contact",
    ],
    tables: &[("contact", &["email", "web", "phone", "address"])],
};

#[derive(Deserialize)]
#[serde(rename_all = "kebab-case")]
struct BrandFile {
    name: Option<String>,
    logo: Option<Spanned<String>>,
    primary: Option<Spanned<String>>,
    accent: Option<Spanned<String>>,
    font: Option<Spanned<String>>,
    heading_font: Option<Spanned<String>>,
    page_size: Option<Spanned<String>>,
    footer: Option<String>,
    font_file: Option<Spanned<String>>,
    heading_font_file: Option<Spanned<String>>,
    #[serde(default)]
    contact: Contact,
}

/// Loads and validates a brand file; `None` when it has errors (all of
/// which are in `diags`).
pub fn load(path: &Path, sources: &mut SourceMap, diags: &mut Diagnostics) -> Option<Brand> {
    let before = diags.error_count();
    let display = path.display().to_string();
    let loaded = config::load::<BrandFile>(path, &display, "brand file", &SCHEMA, sources, diags)?;
    let base = path.parent().map(Path::to_path_buf).unwrap_or_default();
    let brand = validate(loaded.value, loaded.file, &base, diags);
    (diags.error_count() == before).then_some(brand)
}

fn validate(file_value: BrandFile, file: FileId, base: &Path, diags: &mut Diagnostics) -> Brand {
    let f = file_value;
    let color = |v: &Option<Spanned<String>>, diags: &mut Diagnostics| {
        check(
            v,
            file,
            diags,
            css::parse_color,
            "a hex colour such as `#1f4e79` or `#17a`",
        )
    };
    let primary = color(&f.primary, diags);
    let accent = color(&f.accent, diags);
    let font_hint = "a font stack such as `\"Source Sans 3\", Arial, sans-serif` (letters, digits, spaces and hyphens)";
    let font = check(&f.font, file, diags, css::parse_font_stack, font_hint);
    let heading_font = check(
        &f.heading_font,
        file,
        diags,
        css::parse_font_stack,
        font_hint,
    );
    let page_size = check(
        &f.page_size,
        file,
        diags,
        |v| css::parse_page_size(v).map(str::to_string),
        "one of `A4`, `Letter`, `A5`, `Legal`",
    )
    .and_then(|s| css::parse_page_size(&s));
    if let Some(p) = &primary {
        contrast_warning("primary", p, &f.primary, file, diags);
    }
    if let Some(a) = &accent {
        contrast_warning("accent", a, &f.accent, file, diags);
    }
    let logo = f.logo.as_ref().and_then(|logo| {
        let path = base.join(logo.get_ref());
        match load_image(&path) {
            Ok(image) => Some(image),
            Err(reason) => {
                diags.push(
                    Diagnostic::error("E0303", format!("cannot embed the logo `{}`", logo.get_ref()))
                        .with_primary(config::span_of(file, logo), reason)
                        .with_help("the path is relative to the brand file; use a PNG, JPEG, GIF, WebP or SVG of at most 2 MB"),
                );
                None
            }
        }
    });
    let mut files: Vec<std::path::PathBuf> =
        f.logo.iter().map(|l| base.join(l.get_ref())).collect();
    let mut embed = |value: &Option<Spanned<String>>, diags: &mut Diagnostics| {
        let value = value.as_ref()?;
        let path = base.join(value.get_ref());
        files.push(path.clone());
        match load_font(&path) {
            Ok(font) => Some(font),
            Err(reason) => {
                diags.push(
                    Diagnostic::error("E0304", format!("cannot embed the font `{}`", value.get_ref()))
                        .with_primary(config::span_of(file, value), reason)
                        .with_help("the path is relative to the brand file; use a WOFF2, WOFF, TTF or OTF file of at most 4 MB"),
                );
                None
            }
        }
    };
    let body_font_file = embed(&f.font_file, diags);
    let heading_font_file = embed(&f.heading_font_file, diags);
    Brand {
        name: f.name.filter(|n| !n.trim().is_empty()),
        body_font_file,
        heading_font_file,
        files,
        logo,
        primary,
        accent,
        font,
        heading_font,
        page_size,
        footer: f.footer,
        contact: f.contact,
    }
}

/// Validates one optional value with `parse`, reporting `expected` on failure.
fn check(
    value: &Option<Spanned<String>>,
    file: FileId,
    diags: &mut Diagnostics,
    parse: impl Fn(&str) -> Option<String>,
    expected: &str,
) -> Option<String> {
    let value = value.as_ref()?;
    let parsed = parse(value.get_ref());
    if parsed.is_none() {
        diags.push(
            Diagnostic::error("E0302", format!("invalid value `{}`", value.get_ref()))
                .with_primary(config::span_of(file, value), format!("expected {expected}"))
                .with_note(
                    "brand values reach the report's stylesheet, so they are checked, not pasted",
                ),
        );
    }
    parsed
}

/// Headings, links and small labels use the primary and accent colours on
/// white: warn below WCAG AA.
fn contrast_warning(
    which: &str,
    color: &str,
    value: &Option<Spanned<String>>,
    file: FileId,
    diags: &mut Diagnostics,
) {
    let ratio = css::contrast(color, "#ffffff");
    if ratio < 4.5 {
        let mut d = Diagnostic::warning(
            "W0301",
            format!("{which} colour {color} has a contrast of {ratio:.1}:1 on white"),
        )
        .with_help(format!(
            "text in the {which} colour needs 4.5:1 to be readable (WCAG AA); choose a darker shade"
        ));
        if let Some(v) = value {
            d = d.with_primary(config::span_of(file, v), "too light for text");
        }
        diags.push(d);
    }
}

/// Reads an image and embeds it as a `data:` URI, checking that its bytes
/// are what its name says.
pub fn load_image(path: &Path) -> Result<Image, String> {
    let meta = std::fs::metadata(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => format!("no such file `{}`", path.display()),
        _ => e.to_string(),
    })?;
    if !meta.is_file() {
        return Err(format!("`{}` is not a file", path.display()));
    }
    if meta.len() > MAX_IMAGE_BYTES {
        return Err(format!(
            "the image is {} bytes; at most 2 MB is embedded",
            meta.len()
        ));
    }
    let bytes = std::fs::read(path).map_err(|e| e.to_string())?;
    let mime =
        sniff(&bytes).ok_or_else(|| "not a PNG, JPEG, GIF, WebP or SVG image".to_string())?;
    let data = base64::engine::general_purpose::STANDARD.encode(&bytes);
    Ok(Image {
        data_uri: format!("data:{mime};base64,{data}"),
        mime,
    })
}

/// Reads a font and embeds it as a `data:` URI, checking by its first bytes
/// that it is a font (never by its name).
pub fn load_font(path: &Path) -> Result<Font, String> {
    let bytes = read_bounded(path, MAX_FONT_BYTES, "4 MB")?;
    let (mime, format) = match bytes.get(..4) {
        Some(b"wOF2") => ("font/woff2", "woff2"),
        Some(b"wOFF") => ("font/woff", "woff"),
        Some(b"OTTO") => ("font/otf", "opentype"),
        Some([0, 1, 0, 0]) | Some(b"true") => ("font/ttf", "truetype"),
        _ => return Err("not a WOFF2, WOFF, TTF or OTF font".to_string()),
    };
    let data = base64::engine::general_purpose::STANDARD.encode(&bytes);
    Ok(Font {
        data_uri: format!("data:{mime};base64,{data}"),
        format,
    })
}

/// A regular file's bytes, refusing anything larger than `max`.
fn read_bounded(path: &Path, max: u64, max_text: &str) -> Result<Vec<u8>, String> {
    use std::io::Read;
    let file = std::fs::File::open(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => format!("no such file `{}`", path.display()),
        _ => e.to_string(),
    })?;
    let meta = file.metadata().map_err(|e| e.to_string())?;
    if !meta.is_file() {
        return Err(format!("`{}` is not a file", path.display()));
    }
    let mut bytes = Vec::new();
    file.take(max + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| e.to_string())?;
    if bytes.len() as u64 > max {
        return Err(format!("the file is larger than {max_text}"));
    }
    Ok(bytes)
}

/// The image type from the file's first bytes (never from its name).
fn sniff(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else if bytes.starts_with(&[0xff, 0xd8, 0xff]) {
        Some("image/jpeg")
    } else if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        Some("image/gif")
    } else if bytes.len() > 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        Some("image/webp")
    } else {
        let head = String::from_utf8_lossy(&bytes[..bytes.len().min(1024)]);
        let head = head.trim_start_matches('\u{feff}').trim_start();
        (head.starts_with("<svg") || (head.starts_with("<?xml") && head.contains("<svg")))
            .then_some("image/svg+xml")
    }
}
