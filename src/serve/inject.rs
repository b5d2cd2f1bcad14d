//! Live-reload injection into served HTML (never into files on disk): in go
//! a page's bytes, the server's nonce and the current build generation, out
//! come the bytes with the reload script before `</body>` and each
//! Content-Security-Policy `<meta>` rewritten to allow exactly that script
//! (`script-src 'nonce-…'`) and its polling (`connect-src 'self'`), every
//! other directive kept as strict as it was.

/// The client half of live reload: polls, reloads, shows the error overlay.
const RELOAD_JS: &str = include_str!("reload.js");
const GENERATION_SLOT: &str = "__RUBRICATE_GENERATION__";

/// A served page and the policies found in it, to repeat as headers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Injected {
    pub body: Vec<u8>,
    pub policies: Vec<String>,
}

/// `html` with the reload script and rewritten CSP. Pages that are not
/// UTF-8 are served untouched (no live reload) rather than mangled.
pub fn inject(html: Vec<u8>, nonce: &str, generation: u64) -> Injected {
    let text = match String::from_utf8(html) {
        Ok(text) => text,
        Err(e) => {
            return Injected {
                body: e.into_bytes(),
                policies: Vec::new(),
            };
        }
    };
    let (mut text, policies) = rewrite_csp_metas(&text, nonce);
    let at = text
        .to_ascii_lowercase()
        .rfind("</body")
        .unwrap_or(text.len());
    text.insert_str(at, &snippet(nonce, generation));
    Injected {
        body: text.into_bytes(),
        policies,
    }
}

/// The `<script>` element carrying the reload client.
pub fn snippet(nonce: &str, generation: u64) -> String {
    let js = RELOAD_JS.replace(GENERATION_SLOT, &generation.to_string());
    format!("<script nonce=\"{nonce}\">\n{js}</script>\n")
}

/// `policy` with `script-src` (and `script-src-elem`, which would override
/// it) allowing only the nonce, and `connect-src` allowing same-origin
/// polling; all other directives unchanged.
pub fn rewrite_policy(policy: &str, nonce: &str) -> String {
    let script = format!("'nonce-{nonce}'");
    let mut directives = Vec::new();
    let (mut has_script, mut has_connect) = (false, false);
    for directive in policy.split(';') {
        let tokens: Vec<&str> = directive.split_ascii_whitespace().collect();
        let Some(name) = tokens.first().map(|n| n.to_ascii_lowercase()) else {
            continue;
        };
        let rewritten = match name.as_str() {
            "script-src" | "script-src-elem" => {
                has_script |= name == "script-src";
                format!("{name} {script}")
            }
            "connect-src" => {
                has_connect = true;
                "connect-src 'self'".to_owned()
            }
            _ => tokens.join(" "),
        };
        directives.push(rewritten);
    }
    if !has_script {
        directives.push(format!("script-src {script}"));
    }
    if !has_connect {
        directives.push("connect-src 'self'".to_owned());
    }
    directives.join("; ")
}

/// `html` with every CSP `<meta>` rewritten, plus the rewritten policies.
fn rewrite_csp_metas(html: &str, nonce: &str) -> (String, Vec<String>) {
    let lower = html.to_ascii_lowercase();
    let mut out = String::with_capacity(html.len() + 64);
    let mut policies = Vec::new();
    let mut pos = 0;
    while let Some(found) = lower[pos..].find("<meta") {
        let start = pos + found;
        let attrs_at = start + "<meta".len();
        let Some((attrs, end)) = parse_attrs(html, attrs_at) else {
            // `<metadata…>` or an unterminated tag: not ours to touch.
            out.push_str(&html[pos..attrs_at]);
            pos = attrs_at;
            continue;
        };
        out.push_str(&html[pos..start]);
        match csp_content(&attrs) {
            Some(policy) => {
                let policy = rewrite_policy(&policy, nonce);
                out.push_str(&format!(
                    "<meta http-equiv=\"Content-Security-Policy\" content=\"{}\">",
                    escape_attr(&policy)
                ));
                policies.push(policy);
            }
            None => out.push_str(&html[start..end]),
        }
        pos = end;
    }
    out.push_str(&html[pos..]);
    (out, policies)
}

/// The decoded `content` of a CSP meta tag, if these attributes are one.
fn csp_content(attrs: &[(String, String)]) -> Option<String> {
    let value = |name: &str| {
        attrs
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    };
    let equiv = value("http-equiv")?;
    match equiv.trim().eq_ignore_ascii_case("content-security-policy") {
        true => value("content").map(decode_entities),
        false => None,
    }
}

/// Attributes of the tag whose name ends at `from`, and the index just past
/// its `>`; `None` if this is another tag (`<metadata`) or is unterminated.
fn parse_attrs(html: &str, from: usize) -> Option<(Vec<(String, String)>, usize)> {
    let bytes = html.as_bytes();
    let boundary = bytes.get(from)?;
    if !(boundary.is_ascii_whitespace() || *boundary == b'/' || *boundary == b'>') {
        return None;
    }
    let mut attrs = Vec::new();
    let mut i = from;
    loop {
        while bytes.get(i)?.is_ascii_whitespace() || bytes[i] == b'/' {
            i += 1;
        }
        if bytes[i] == b'>' {
            return Some((attrs, i + 1));
        }
        let name_end = scan(bytes, i, |b| b.is_ascii_whitespace() || b"=>/".contains(&b));
        let name = html.get(i..name_end)?.to_owned();
        i = name_end;
        while bytes.get(i)?.is_ascii_whitespace() {
            i += 1;
        }
        if bytes[i] != b'=' {
            attrs.push((name, String::new()));
            continue;
        }
        i += 1;
        while bytes.get(i)?.is_ascii_whitespace() {
            i += 1;
        }
        let (value, next) = match bytes[i] {
            q @ (b'"' | b'\'') => {
                let end = scan(bytes, i + 1, |b| b == q);
                bytes.get(end)?;
                (html.get(i + 1..end)?, end + 1)
            }
            _ => {
                let end = scan(bytes, i, |b| b.is_ascii_whitespace() || b == b'>');
                (html.get(i..end)?, end)
            }
        };
        attrs.push((name, value.to_owned()));
        i = next;
    }
}

/// Index of the first byte at or after `from` matching `stop` (or the end).
fn scan(bytes: &[u8], from: usize, stop: impl Fn(u8) -> bool) -> usize {
    bytes[from.min(bytes.len())..]
        .iter()
        .position(|&b| stop(b))
        .map_or(bytes.len(), |p| from + p)
}

/// Decodes the character references an HTML writer may use in a policy.
fn decode_entities(value: &str) -> String {
    [
        ("&quot;", "\""),
        ("&#34;", "\""),
        ("&#x22;", "\""),
        ("&apos;", "'"),
        ("&#39;", "'"),
        ("&#x27;", "'"),
        ("&lt;", "<"),
        ("&gt;", ">"),
        ("&amp;", "&"),
    ]
    .iter()
    .fold(value.to_owned(), |v, (from, to)| v.replace(from, to))
}

fn escape_attr(value: &str) -> String {
    value
        .replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
}

#[cfg(test)]
#[path = "inject_tests.rs"]
mod tests;
