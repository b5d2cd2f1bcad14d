//! Rewriting the document information of the browser's PDF: title, author
//! and subject from [`PdfMeta`], our name as creator, the digest of the
//! HTML it was printed from, and nothing that varies from run to run — no
//! wall-clock dates (unless the caller supplies one) and a document ID
//! derived from the content — so identical inputs give byte-identical PDFs.

use super::PdfMeta;
use super::error::PdfError;
use lopdf::{Dictionary, Document, Object, StringFormat};
use sha2::{Digest, Sha256};
use std::time::{SystemTime, UNIX_EPOCH};

/// The Info dictionary key holding [`source_digest`] of the printed HTML.
/// Viewers ignore keys they do not know; the PDF specification allows them.
pub const SOURCE_KEY: &[u8] = b"RubricateSourceSHA256";

/// The SHA-256 of an HTML document, in lower-case hex: what a PDF records
/// about the HTML it was printed from.
pub fn source_digest(html: &[u8]) -> String {
    data_encoding::HEXLOWER.encode(&Sha256::digest(html))
}

/// Whether `pdf` was printed from exactly `html` with `meta`'s title,
/// author and subject: the PDF itself says so, whatever rewrote the HTML
/// since (a plain build, watch mode, a hand edit) and whatever the file
/// times claim. A PDF without the record (older, or not ours) or one that
/// cannot be read is not current.
pub fn is_current(pdf: &[u8], html: &[u8], meta: &PdfMeta) -> bool {
    let Ok(doc) = Document::load_mem(pdf) else {
        return false;
    };
    let Some(info) = info(&doc) else {
        return false;
    };
    let mut wanted = info.clone();
    fill_info(&mut wanted, meta, &source_digest(html));
    info == &wanted
}

/// The document's Info dictionary, wherever the trailer keeps it.
fn info(doc: &Document) -> Option<&Dictionary> {
    match doc.trailer.get(b"Info").ok()? {
        Object::Reference(id) => doc.get_dictionary(*id).ok(),
        Object::Dictionary(d) => Some(d),
        _ => None,
    }
}

/// Returns `pdf` with its Info dictionary set from `meta` and `source`
/// (the [`source_digest`] of the HTML printed), and a deterministic `/ID`.
pub fn apply(pdf: &[u8], meta: &PdfMeta, source: &str) -> Result<Vec<u8>, PdfError> {
    let mut doc = Document::load_mem(pdf).map_err(bad)?;
    set_info(&mut doc, meta, source);
    normalise_structure_ids(&mut doc);
    doc.trailer.remove(b"ID");
    let draft = save(&mut doc)?;
    let id = Object::String(fingerprint(&draft).to_vec(), StringFormat::Hexadecimal);
    doc.trailer.set("ID", Object::Array(vec![id.clone(), id]));
    save(&mut doc)
}

/// Chromium names the tagged PDF's structure elements after DOM node ids,
/// which depend on timing (two prints of one report under load got
/// `node00000070` and `node00000071`). Renumbers them in object order, and
/// rebuilds the structure tree's IDTree as one flat name tree with the new
/// names, so identical reports print to identical bytes.
fn normalise_structure_ids(doc: &mut Document) {
    let mut names: Vec<Object> = Vec::new();
    let mut renamed: std::collections::HashMap<Vec<u8>, Vec<u8>> = Default::default();
    for (id, object) in doc.objects.iter_mut() {
        let Object::Dictionary(dict) = object else {
            continue;
        };
        let is_element = matches!(dict.get(b"Type"), Ok(Object::Name(n)) if n == b"StructElem");
        let Some(old) = dict
            .get(b"ID")
            .ok()
            .and_then(|o| o.as_str().ok())
            .map(<[u8]>::to_vec)
        else {
            continue;
        };
        if is_element {
            let name = format!("node{:08}", names.len() / 2 + 1).into_bytes();
            dict.set("ID", Object::String(name.clone(), StringFormat::Literal));
            names.push(Object::String(name.clone(), StringFormat::Literal));
            names.push(Object::Reference(*id));
            renamed.insert(old, name);
        }
    }
    if names.is_empty() {
        return;
    }
    // Table cells name their header cells by ID in their attributes.
    for object in doc.objects.values_mut() {
        if let Object::Dictionary(dict) = object {
            if let Ok(attributes) = dict.get_mut(b"A") {
                rename_headers(attributes, &renamed);
            }
        }
    }
    let tree = doc
        .catalog()
        .ok()
        .and_then(|c| c.get(b"StructTreeRoot").ok()?.as_reference().ok())
        .and_then(|root| {
            doc.get_dictionary(root)
                .ok()?
                .get(b"IDTree")
                .ok()?
                .as_reference()
                .ok()
        });
    if let Some(tree) = tree {
        let mut flat = Dictionary::new();
        flat.set("Names", Object::Array(names));
        doc.objects.insert(tree, Object::Dictionary(flat));
        // The old tree's kid nodes (with the old names) are now unreferenced.
        doc.prune_objects();
    }
}

/// Renames the IDs in `/Headers` entries of a structure attribute object
/// (a dictionary, or an array of them).
fn rename_headers(attributes: &mut Object, renamed: &std::collections::HashMap<Vec<u8>, Vec<u8>>) {
    match attributes {
        Object::Array(items) => {
            for item in items {
                rename_headers(item, renamed);
            }
        }
        Object::Dictionary(dict) => {
            if let Ok(Object::Array(headers)) = dict.get_mut(b"Headers") {
                for header in headers {
                    if let Object::String(bytes, _) = header {
                        if let Some(new) = renamed.get(bytes.as_slice()) {
                            *bytes = new.clone();
                        }
                    }
                }
            }
        }
        _ => {}
    }
}

/// Edits the browser's Info dictionary in place (keeping its Producer and
/// leaving no stale copy with dates behind), or adds one.
fn set_info(doc: &mut Document, meta: &PdfMeta, source: &str) {
    if let Ok(Object::Reference(id)) = doc.trailer.get(b"Info") {
        let id = *id;
        if let Ok(Object::Dictionary(info)) = doc.get_object_mut(id) {
            fill_info(info, meta, source);
            return;
        }
    }
    let mut info = match doc.trailer.get(b"Info") {
        Ok(Object::Dictionary(d)) => d.clone(),
        _ => Dictionary::new(),
    };
    fill_info(&mut info, meta, source);
    let id = doc.add_object(Object::Dictionary(info));
    doc.trailer.set("Info", Object::Reference(id));
}

fn fill_info(info: &mut Dictionary, meta: &PdfMeta, source: &str) {
    info.set(
        SOURCE_KEY,
        Object::String(source.as_bytes().to_vec(), StringFormat::Literal),
    );
    if !meta.title.trim().is_empty() {
        info.set("Title", text(&meta.title));
    }
    set_or_remove(info, "Author", meta.author.as_deref());
    set_or_remove(info, "Subject", meta.subject.as_deref());
    info.set(
        "Creator",
        text(concat!("rubricate ", env!("CARGO_PKG_VERSION"))),
    );
    let date = meta.created.map(pdf_date);
    set_or_remove(info, "CreationDate", date.as_deref());
    set_or_remove(info, "ModDate", date.as_deref());
}

fn set_or_remove(info: &mut Dictionary, key: &str, value: Option<&str>) {
    match value.filter(|v| !v.trim().is_empty()) {
        Some(v) => info.set(key, text(v)),
        None => {
            info.remove(key.as_bytes());
        }
    }
}

/// A PDF text string: plain bytes when ASCII, else UTF-16BE with a BOM
/// (the only Unicode encoding every PDF reader understands).
pub fn text(s: &str) -> Object {
    if s.is_ascii() {
        return Object::String(s.as_bytes().to_vec(), StringFormat::Literal);
    }
    let mut bytes = vec![0xFE, 0xFF];
    bytes.extend(s.encode_utf16().flat_map(u16::to_be_bytes));
    Object::String(bytes, StringFormat::Hexadecimal)
}

/// `D:YYYYMMDDHHmmSSZ` in UTC.
pub fn pdf_date(t: SystemTime) -> String {
    let secs = t.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let (days, rem) = (secs / 86_400, secs % 86_400);
    let (y, m, d) = civil_from_days(days as i64);
    let (hh, mm, ss) = (rem / 3600, rem % 3600 / 60, rem % 60);
    format!("D:{y:04}{m:02}{d:02}{hh:02}{mm:02}{ss:02}Z")
}

/// Days since 1970-01-01 to (year, month, day), proleptic Gregorian
/// (Howard Hinnant's algorithm).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// 128-bit FNV-1a of the document: stable across platforms and Rust
/// versions (unlike `DefaultHasher`), which is all a PDF file ID needs.
fn fingerprint(bytes: &[u8]) -> [u8; 16] {
    const OFFSET: u128 = 0x6c62_272e_07bb_0142_62b8_2175_6295_c58d;
    const PRIME: u128 = 0x0000_0000_0100_0000_0000_0000_0000_013B;
    let hash = bytes
        .iter()
        .fold(OFFSET, |h, &b| (h ^ u128::from(b)).wrapping_mul(PRIME));
    hash.to_be_bytes()
}

fn save(doc: &mut Document) -> Result<Vec<u8>, PdfError> {
    let mut out = Vec::new();
    doc.save_to(&mut out).map_err(|e| PdfError::BadPdf {
        reason: e.to_string(),
    })?;
    Ok(out)
}

fn bad(e: lopdf::Error) -> PdfError {
    PdfError::BadPdf {
        reason: e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use lopdf::dictionary;
    use std::time::Duration;

    #[test]
    fn dates_are_utc_pdf_dates() {
        assert_eq!(pdf_date(UNIX_EPOCH), "D:19700101000000Z");
        let t = UNIX_EPOCH + Duration::from_secs(1_782_000_000);
        assert_eq!(pdf_date(t), "D:20260621000000Z");
        let leap = UNIX_EPOCH + Duration::from_secs(951_782_400 + 3_661);
        assert_eq!(pdf_date(leap), "D:20000229010101Z");
    }

    #[test]
    fn unicode_text_is_utf16_with_bom() {
        assert_eq!(
            text("Ab"),
            Object::String(b"Ab".to_vec(), StringFormat::Literal)
        );
        let Object::String(bytes, StringFormat::Hexadecimal) = text("Å") else {
            panic!("expected a hex string");
        };
        assert_eq!(bytes, vec![0xFE, 0xFF, 0x00, 0xC5]);
    }

    #[test]
    fn rewrites_info_and_is_deterministic() {
        let pdf = minimal_pdf();
        let meta = PdfMeta {
            title: "Maturity report".into(),
            author: Some("Fjord Consulting".into()),
            subject: Some("Ærø Kommune".into()),
            created: None,
        };
        let a = apply(&pdf, &meta, "abc").unwrap();
        let b = apply(&pdf, &meta, "abc").unwrap();
        assert_eq!(a, b);
        let doc = Document::load_mem(&a).unwrap();
        let info = info_of(&doc);
        assert_eq!(info.get(b"Author").unwrap(), &text("Fjord Consulting"));
        assert_eq!(info.get(b"Subject").unwrap(), &text("Ærø Kommune"));
        assert_eq!(info.get(b"Producer").unwrap(), &text("Skia/PDF m156"));
        assert!(info.get(b"CreationDate").is_err());
        assert!(info.get(b"ModDate").is_err());
        assert!(doc.trailer.get(b"ID").is_ok());
        assert!(
            !String::from_utf8_lossy(&a).contains("D:2026"),
            "no stale date left"
        );
    }

    fn info_of(doc: &Document) -> Dictionary {
        let id = doc.trailer.get(b"Info").unwrap().as_reference().unwrap();
        doc.get_dictionary(id).unwrap().clone()
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        let err = apply(b"not a pdf", &PdfMeta::default(), "").unwrap_err();
        assert!(err.to_string().contains("unusable PDF"), "{err}");
    }

    #[test]
    fn a_pdf_is_current_only_for_the_html_and_metadata_it_was_printed_with() {
        let meta = PdfMeta {
            title: "Maturity report".into(),
            author: Some("Fjord Consulting".into()),
            ..PdfMeta::default()
        };
        let html = b"<title>Maturity report</title>v1";
        let pdf = apply(&minimal_pdf(), &meta, &source_digest(html)).unwrap();
        assert!(is_current(&pdf, html, &meta));
        assert!(!is_current(
            &pdf,
            b"<title>Maturity report</title>v2",
            &meta
        ));
        let other = PdfMeta {
            author: Some("Someone else".into()),
            ..meta.clone()
        };
        assert!(!is_current(&pdf, html, &other), "metadata changed");
        assert!(
            !is_current(&minimal_pdf(), html, &meta),
            "no digest recorded"
        );
        assert!(!is_current(b"garbage", html, &meta));
    }

    #[test]
    fn the_source_digest_is_sha256_hex() {
        assert_eq!(
            source_digest(b""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }

    /// A one-page PDF shaped like Skia's, with an Info dictionary and dates.
    fn minimal_pdf() -> Vec<u8> {
        let mut doc = Document::with_version("1.4");
        let pages_id = doc.new_object_id();
        let page = dictionary! { "Type" => "Page", "Parent" => pages_id,
        "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()] };
        let page_id = doc.add_object(page);
        let pages = dictionary! { "Type" => "Pages", "Kids" => vec![page_id.into()], "Count" => 1 };
        doc.objects.insert(pages_id, Object::Dictionary(pages));
        let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
        doc.trailer.set("Root", catalog);
        let info = doc.add_object(dictionary! {
            "Title" => text("from html"),
            "Producer" => text("Skia/PDF m156"),
            "CreationDate" => text("D:20261124153147+00'00'"),
        });
        doc.trailer.set("Info", info);
        save(&mut doc).unwrap()
    }
}
