//! Values that reach a stylesheet (theme variables, brand colours, fonts,
//! running header text). Nothing from a theme or brand file is pasted into
//! CSS: each value is parsed against a small grammar and re-emitted, so a
//! `;}</style><script>` in a colour is an error, not an injection.

/// The page sizes print CSS understands and we test.
pub const PAGE_SIZES: [&str; 4] = ["A4", "Letter", "A5", "Legal"];

/// A colour as `#rgb` or `#rrggbb`, normalised to lower-case `#rrggbb`.
pub fn parse_color(value: &str) -> Option<String> {
    let hex = value.trim().strip_prefix('#')?;
    if !hex.chars().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    let full = match hex.len() {
        3 => hex.chars().flat_map(|c| [c, c]).collect(),
        6 => hex.to_string(),
        _ => return None,
    };
    Some(format!("#{}", full.to_ascii_lowercase()))
}

/// A CSS length such as `18mm`, `0.5in`, `12pt` or `1.2rem`.
pub fn parse_length(value: &str) -> Option<String> {
    let value = value.trim();
    let unit_at = value.find(|c: char| c.is_ascii_alphabetic() || c == '%')?;
    let (number, unit) = value.split_at(unit_at);
    let units = ["mm", "cm", "in", "pt", "px", "rem", "em", "%"];
    (number
        .parse::<f64>()
        .is_ok_and(|n| (0.0..10_000.0).contains(&n))
        && units.contains(&unit))
    .then(|| value.to_string())
}

/// A font stack such as `"Source Serif 4", Georgia, serif`: family names of
/// letters, digits, spaces and hyphens, quoted or not, comma-separated.
pub fn parse_font_stack(value: &str) -> Option<String> {
    let mut families = Vec::new();
    for family in value.split(',') {
        let family = family.trim();
        let bare = family
            .strip_prefix('"')
            .and_then(|f| f.strip_suffix('"'))
            .or_else(|| family.strip_prefix('\'').and_then(|f| f.strip_suffix('\'')))
            .unwrap_or(family);
        let ok = !bare.is_empty()
            && bare.len() <= 64
            && bare
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == ' ' || c == '-');
        if !ok {
            return None;
        }
        let generic = [
            "serif",
            "sans-serif",
            "monospace",
            "system-ui",
            "ui-serif",
            "ui-sans-serif",
            "ui-monospace",
        ];
        families.push(if generic.contains(&bare) {
            bare.to_string()
        } else {
            format!("\"{bare}\"")
        });
    }
    (!families.is_empty() && families.len() <= 12).then(|| families.join(", "))
}

/// A page size from [`PAGE_SIZES`], matched case-insensitively.
pub fn parse_page_size(value: &str) -> Option<&'static str> {
    PAGE_SIZES
        .into_iter()
        .find(|s| s.eq_ignore_ascii_case(value.trim()))
}

/// A theme variable's value, by what it looks like: a colour, a length, a
/// plain number, or (for `font*` names) a font stack.
pub fn parse_variable(name: &str, value: &str) -> Option<String> {
    if name.starts_with("font") {
        return parse_font_stack(value);
    }
    parse_color(value)
        .or_else(|| parse_length(value))
        .or_else(|| {
            let n = value.trim();
            n.parse::<f64>().is_ok().then(|| n.to_string())
        })
}

/// Whether a variable name is a CSS custom-property-safe identifier.
pub fn is_variable_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && name.len() <= 40
}

/// `text` as a double-quoted CSS string that is also inert inside an HTML
/// `<style>` element (no `<`, so no `</style>`).
pub fn string_literal(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' | '\\' | '<' | '>' | '&' => out.push_str(&format!("\\{:x} ", c as u32)),
            c if c.is_control() => out.push_str(&format!("\\{:x} ", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// WCAG contrast ratio between two `#rrggbb` colours (1–21).
pub fn contrast(a: &str, b: &str) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    let (hi, lo) = if la > lb { (la, lb) } else { (lb, la) };
    (hi + 0.05) / (lo + 0.05)
}

fn luminance(color: &str) -> f64 {
    let hex = color.trim_start_matches('#');
    let channel = |i: usize| {
        let v = hex
            .get(i..i + 2)
            .and_then(|h| u8::from_str_radix(h, 16).ok())
            .unwrap_or(0) as f64
            / 255.0;
        if v <= 0.03928 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(0) + 0.7152 * channel(2) + 0.0722 * channel(4)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colors() {
        assert_eq!(parse_color("#1F4E79").as_deref(), Some("#1f4e79"));
        assert_eq!(parse_color("#abc").as_deref(), Some("#aabbcc"));
        for bad in ["red", "#12345", "#1234567", "#12g456", "#000;}</style>", ""] {
            assert_eq!(parse_color(bad), None, "{bad}");
        }
    }

    #[test]
    fn fonts() {
        assert_eq!(
            parse_font_stack("Source Serif 4, 'Georgia', serif").as_deref(),
            Some("\"Source Serif 4\", \"Georgia\", serif")
        );
        for bad in ["a;b", "x}</style>", "url(http://x)", "", "a,,b"] {
            assert_eq!(parse_font_stack(bad), None, "{bad}");
        }
    }

    #[test]
    fn lengths_and_pages() {
        assert_eq!(parse_length("18mm").as_deref(), Some("18mm"));
        assert_eq!(parse_length("18"), None);
        assert_eq!(parse_length("1e9mm"), None);
        assert_eq!(parse_page_size("letter"), Some("Letter"));
        assert_eq!(parse_page_size("B5"), None);
    }

    #[test]
    fn strings_cannot_escape() {
        let s = string_literal("a\"b</style><script>\\\n");
        assert!(!s.contains('<') && !s[1..s.len() - 1].contains('"'), "{s}");
    }

    #[test]
    fn contrast_ratio() {
        assert!((contrast("#000000", "#ffffff") - 21.0).abs() < 0.01);
        assert!((contrast("#ffffff", "#ffffff") - 1.0).abs() < 0.01);
    }
}
