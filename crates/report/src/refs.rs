//! Finding everything in an HTML page that points outside it.
//!
//! [`external_references`] is the check behind "the report is one self-contained page":
//! it lists every attribute that loads or links a resource (`src`, `href`, `srcset`,
//! `action`, `poster`, `data`, …, also namespaced as `xlink:href`) whose value is not a
//! same-page anchor (`#…`) or a `data:` URI, every CSS `url(…)` (in `<style>`, `style`
//! attributes or SVG presentation attributes) that is not `#…` or `data:`, and every
//! `@import`. Relative paths count as external: the page must stand alone.
//!
//! The scan is deliberately conservative: `url(` or `@import` written in prose is
//! reported too (a false alarm you can see, never a miss you can't).
//!
//! ```
//! use report::external_references;
//!
//! assert!(external_references(r##"<a href="#data">x</a><img src="data:image/png;base64,AA">"##).is_empty());
//! let found = external_references(r#"<img src="http://x"><p style="background:url(http://y)">"#);
//! assert_eq!(found.len(), 2);
//! ```

/// Attributes whose value is a URL that the browser loads or navigates to.
const URL_ATTRIBUTES: [&str; 17] = [
    "src",
    "href",
    "srcset",
    "action",
    "formaction",
    "poster",
    "data",
    "background",
    "manifest",
    "ping",
    "cite",
    "longdesc",
    "codebase",
    "archive",
    "lowsrc",
    "dynsrc",
    "profile",
];

/// Whether a URL value stays inside the page.
fn is_internal(value: &str) -> bool {
    let v = value.trim();
    v.is_empty() || v.starts_with('#') || v.get(..5).is_some_and(|p| p.eq_ignore_ascii_case("data:"))
}

/// Every reference in `html` to something outside the page, as the offending snippet
/// (`src="http://x"`, `url(http://y)`, `@import "z.css"`), in document order per kind.
pub fn external_references(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    scan_tags(html, &mut found);
    scan_css(html, &mut found);
    found
}

/// Walks the tags of `html`, checking URL attributes; skips comments and the bodies of
/// `<script>` elements.
fn scan_tags(html: &str, found: &mut Vec<String>) {
    let b = html.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'<' {
            i += 1;
            continue;
        }
        if html[i..].starts_with("<!--") {
            i = html[i..].find("-->").map_or(b.len(), |j| i + j + 3);
            continue;
        }
        if !b.get(i + 1).is_some_and(u8::is_ascii_alphabetic) {
            i += 1;
            continue;
        }
        // Tag name.
        let mut j = i + 1;
        while j < b.len() && !b[j].is_ascii_whitespace() && b[j] != b'>' && b[j] != b'/' {
            j += 1;
        }
        let tag = html[i + 1..j].to_ascii_lowercase();
        // Attributes.
        loop {
            while j < b.len() && (b[j].is_ascii_whitespace() || b[j] == b'/') {
                j += 1;
            }
            if j >= b.len() || b[j] == b'>' {
                break;
            }
            let name_start = j;
            while j < b.len() && !b[j].is_ascii_whitespace() && !matches!(b[j], b'=' | b'>' | b'/') {
                j += 1;
            }
            let name = html[name_start..j].to_ascii_lowercase();
            let mut k = j;
            while k < b.len() && b[k].is_ascii_whitespace() {
                k += 1;
            }
            if k >= b.len() || b[k] != b'=' {
                if j == name_start {
                    j += 1; // stray character: make progress
                }
                continue;
            }
            k += 1;
            while k < b.len() && b[k].is_ascii_whitespace() {
                k += 1;
            }
            let (value, end) = match b.get(k) {
                Some(&q @ (b'"' | b'\'')) => {
                    let close = html[k + 1..].find(q as char).map_or(b.len(), |e| k + 1 + e);
                    (&html[k + 1..close], (close + 1).min(b.len()))
                }
                _ => {
                    let mut e = k;
                    while e < b.len() && !b[e].is_ascii_whitespace() && b[e] != b'>' {
                        e += 1;
                    }
                    (&html[k..e], e)
                }
            };
            j = end;
            let local = name.rsplit(':').next().unwrap_or(&name);
            if URL_ATTRIBUTES.contains(&local) {
                let external = if local == "srcset" {
                    !is_internal(value) || value.contains("://")
                } else {
                    !is_internal(value)
                };
                if external {
                    found.push(format!("{name}=\"{value}\""));
                }
            }
        }
        i = j + 1;
        if tag == "script" {
            let lower = html[i.min(b.len())..].to_ascii_lowercase();
            i = lower.find("</script").map_or(b.len(), |e| i + e);
        }
    }
}

/// Finds CSS `url(…)` not pointing at `#…`/`data:`, and `@import`, anywhere in `html`.
fn scan_css(html: &str, found: &mut Vec<String>) {
    let lower = html.to_ascii_lowercase();
    let mut from = 0;
    while let Some(p) = lower[from..].find("url(") {
        let start = from + p;
        let inner_start = start + 4;
        let close = html[inner_start..]
            .find(')')
            .map_or(html.len(), |e| inner_start + e);
        let inner = html[inner_start..close]
            .trim()
            .trim_matches(|c| c == '"' || c == '\'')
            .trim();
        // Skip identifiers merely ending in "url(" (e.g. a custom function `myurl(`).
        let word_before = html[..start]
            .chars()
            .last()
            .is_some_and(|c| c.is_alphanumeric() || c == '-' || c == '_');
        if !word_before && !is_internal(inner) {
            found.push(format!("url({inner})"));
        }
        from = inner_start;
    }
    let mut from = 0;
    while let Some(p) = lower[from..].find("@import") {
        let start = from + p;
        let end = html[start..]
            .find([';', '\n', '<'])
            .map_or(html.len(), |e| start + e);
        let end = end.min(start + 120);
        let end = (start..=end)
            .rev()
            .find(|&e| html.is_char_boundary(e))
            .unwrap_or(start);
        found.push(html[start..end].trim().to_string());
        from = start + 7;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn planted_references_are_found() {
        let page = r#"<html><head><style>body{background:url(http://evil/x.png)}
            @import "theme.css";</style><link rel=stylesheet href=https://cdn/x.css>
            <script src="app.js"></script></head><body>
            <img src="http://x"><a href="page2.html">next</a>
            <svg><image xlink:href="pic.png"/><rect fill="url(#grad)"/></svg>
            <div style='background-image: url( "//cdn/y.png" )'></div>
            <form action="/post"></form></body></html>"#;
        let found = external_references(page);
        for needle in [
            "url(http://evil/x.png)",
            "@import \"theme.css\"",
            "href=\"https://cdn/x.css\"",
            "src=\"app.js\"",
            "src=\"http://x\"",
            "href=\"page2.html\"",
            "xlink:href=\"pic.png\"",
            "url(//cdn/y.png)",
            "action=\"/post\"",
        ] {
            assert!(found.iter().any(|f| f == needle), "missed {needle}: {found:?}");
        }
        assert!(!found.iter().any(|f| f.contains("#grad")), "{found:?}");
        assert_eq!(found.len(), 9, "{found:?}");
    }

    #[test]
    fn internal_references_pass() {
        let page = r##"<!DOCTYPE html><html><head><style>h1{color:red}
            .x{fill:url(#g)} .y{background:url('data:image/png;base64,AA==')}</style></head>
            <body><nav><a href="#data">Data</a></nav><img src="data:image/png;base64,iVBOR">
            <svg width="10" height="10"><use href="#a"/><image href="data:image/png;base64,AA"/></svg>
            <!-- <img src="http://commented-out"> -->
            <script>var s = "<img src='http://in-script'>";</script>
            <p data-note="x" title="src=http://not-an-attribute">source code</p></body></html>"##;
        assert_eq!(external_references(page), Vec::<String>::new());
    }

    #[test]
    fn unquoted_and_uppercase_attributes() {
        let found = external_references("<IMG SRC=http://x/a.png><A HREF = 'b.html'>");
        assert_eq!(found, vec!["src=\"http://x/a.png\"", "href=\"b.html\""]);
    }
}
