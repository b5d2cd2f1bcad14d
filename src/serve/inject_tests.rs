use super::*;

const STRICT: &str = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; \
    font-src data:; script-src 'none'; frame-src 'none'; base-uri 'none'; form-action 'none'";

fn page(meta: &str) -> Vec<u8> {
    format!("<!doctype html><html><head>{meta}<title>R</title></head><body><p>hi</p></BODY></html>")
        .into_bytes()
}

#[test]
fn strict_policy_allows_only_the_nonce_and_same_origin_polling() {
    assert_eq!(
        rewrite_policy(STRICT, "abc"),
        "default-src 'none'; img-src data:; style-src 'unsafe-inline'; font-src data:; \
         script-src 'nonce-abc'; frame-src 'none'; base-uri 'none'; form-action 'none'; \
         connect-src 'self'"
    );
}

#[test]
fn missing_directives_are_added_and_elem_overrides_rewritten() {
    assert_eq!(
        rewrite_policy("default-src 'none';; script-src-elem 'none'", "n"),
        "default-src 'none'; script-src-elem 'nonce-n'; script-src 'nonce-n'; connect-src 'self'"
    );
    assert_eq!(
        rewrite_policy("CONNECT-SRC https://x", "n"),
        "connect-src 'self'; script-src 'nonce-n'"
    );
}

#[test]
fn injects_before_body_and_rewrites_the_meta() {
    let meta = format!(r#"<meta http-equiv="Content-Security-Policy" content="{STRICT}">"#);
    let out = inject(page(&meta), "n0nce", 7);
    let html = String::from_utf8(out.body).unwrap();
    assert_eq!(out.policies, vec![rewrite_policy(STRICT, "n0nce")]);
    assert!(html.contains("script-src 'nonce-n0nce'"), "{html}");
    assert!(!html.contains("script-src 'none'"), "{html}");
    let script = html.find("<script nonce=\"n0nce\">").unwrap();
    assert!(script < html.find("</BODY>").unwrap());
    assert!(html.contains("var served = 7;"));
}

#[test]
fn entity_encoded_and_oddly_quoted_metas_are_understood() {
    let meta = "<META content='default-src &#x27;none&#x27;; script-src &#39;none&#39;' \
                HTTP-EQUIV=content-security-policy />";
    let out = inject(page(meta), "n", 0);
    assert_eq!(
        out.policies,
        vec!["default-src 'none'; script-src 'nonce-n'; connect-src 'self'"]
    );
}

#[test]
fn other_metas_and_lookalikes_are_left_alone() {
    let meta =
        r#"<meta charset="utf-8"><metadata x="<meta"><meta name="x" content="script-src 'none'">"#;
    let out = inject(page(meta), "n", 0);
    let html = String::from_utf8(out.body).unwrap();
    assert!(html.contains(meta), "{html}");
    assert!(out.policies.is_empty());
}

#[test]
fn pages_without_body_or_utf8_still_work() {
    let out = inject(b"<p>fragment".to_vec(), "n", 0);
    assert!(
        String::from_utf8(out.body)
            .unwrap()
            .ends_with("</script>\n")
    );
    let latin1 = vec![b'<', b'p', b'>', 0xe9];
    assert_eq!(inject(latin1.clone(), "n", 0).body, latin1);
}

#[test]
fn unterminated_tags_do_not_panic() {
    for html in [
        "<meta",
        "<meta ",
        "<meta a",
        "<meta a=",
        "<meta a=\"x",
        "<meta a='x' b",
    ] {
        let out = inject(html.as_bytes().to_vec(), "n", 0);
        assert!(String::from_utf8(out.body).unwrap().starts_with(html));
    }
}

#[test]
fn the_script_cannot_end_early_or_use_html_sinks() {
    let js = snippet("n", 0);
    assert_eq!(js.matches("</script").count(), 1, "only the closing tag");
    for sink in [
        "innerHTML",
        "outerHTML",
        "insertAdjacentHTML",
        "document.write",
        "eval(",
    ] {
        assert!(!js.contains(sink), "{sink}");
    }
    assert!(js.contains("textContent"));
}
