//! The one-page HTML report: a title, a table of contents and sections of paragraphs,
//! figures (inline SVG), tables, verdicts and code.
//!
//! The page is self-contained: CSS is inline, figures are inline `<svg>` elements (their
//! raster parts are `data:` URIs), there is no script, no web font and no link out of
//! the page except `#anchors`. [`Report::to_html`] checks this with
//! [`external_references`] and fails rather than produce a page that is not.
//! All text given to the builder is escaped; only figure SVG is inserted as markup.
//!
//! ```
//! use report::{external_references, LinePlot, Report, Verdict};
//!
//! let svg = LinePlot::new("⟨u⟩").series("MC", &[0.3, 0.5], &[-0.7, -1.7]).to_svg()?;
//! let mut r = Report::new("RG vs autoencoders");
//! r.subtitle("L = 32, 3 seeds");
//! r.section("data", "1. Data")
//!     .paragraph("Energy per spin against β.")
//!     .figure(&svg, "Monte Carlo against Onsager.")
//!     .table(&["β", "⟨u⟩"], &[vec!["0.3", "-0.70"], vec!["0.5", "-1.70"]]);
//! r.section("claims", "10. Claims")
//!     .verdict("C1: RG weights are sparser", Verdict::Holds, "L1/L2 0.91 ± 0.02 vs 0.40 ± 0.05");
//! let html = r.to_html()?;
//! assert!(html.contains(r#"id="data""#) && html.contains(r#"id="claims""#));
//! assert!(external_references(&html).is_empty());
//! # Ok::<(), report::Error>(())
//! ```

use std::collections::HashSet;
use std::fmt::Write as _;

use crate::error::{Error, Result};
use crate::figure::common::escape_xml;
use crate::png::svg_size;
use crate::refs::external_references;

/// The outcome of testing one claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// The measurement supports the claim.
    Holds,
    /// The measurement contradicts the claim.
    Fails,
    /// It holds in part (e.g. only for some β).
    Mixed,
    /// The measurement cannot decide (error bars too wide, stage skipped).
    Inconclusive,
}

impl Verdict {
    /// The word shown on the badge.
    pub fn label(self) -> &'static str {
        match self {
            Verdict::Holds => "holds",
            Verdict::Fails => "fails",
            Verdict::Mixed => "mixed",
            Verdict::Inconclusive => "inconclusive",
        }
    }
}

#[derive(Debug, Clone)]
enum Item {
    Paragraph(String),
    Figure {
        svg: String,
        caption: String,
    },
    Table {
        headers: Vec<String>,
        rows: Vec<Vec<String>>,
    },
    Verdict {
        claim: String,
        verdict: Verdict,
        detail: String,
    },
    Code(String),
}

/// One section of the report, with an `id` for links (`report.html#id`).
#[derive(Debug, Clone)]
pub struct Section {
    id: String,
    title: String,
    items: Vec<Item>,
}

impl Section {
    /// The section's id.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The section's title.
    pub fn title(&self) -> &str {
        &self.title
    }

    /// Adds a paragraph of plain text (escaped; blank lines do not split it).
    pub fn paragraph(&mut self, text: impl Into<String>) -> &mut Self {
        self.items.push(Item::Paragraph(text.into()));
        self
    }

    /// Adds a figure: an SVG document (from a figure's `to_svg`) and its caption.
    pub fn figure(&mut self, svg: &str, caption: impl Into<String>) -> &mut Self {
        self.items.push(Item::Figure {
            svg: svg.to_string(),
            caption: caption.into(),
        });
        self
    }

    /// Adds a table; every row must have as many cells as there are headers.
    /// Cells that look numeric are right-aligned.
    pub fn table<H: AsRef<str>, C: AsRef<str>>(&mut self, headers: &[H], rows: &[Vec<C>]) -> &mut Self {
        self.items.push(Item::Table {
            headers: headers.iter().map(|h| h.as_ref().to_string()).collect(),
            rows: rows
                .iter()
                .map(|r| r.iter().map(|c| c.as_ref().to_string()).collect())
                .collect(),
        });
        self
    }

    /// Adds a verdict on a claim: the claim, the outcome badge, and the measured detail.
    pub fn verdict(
        &mut self,
        claim: impl Into<String>,
        verdict: Verdict,
        detail: impl Into<String>,
    ) -> &mut Self {
        self.items.push(Item::Verdict {
            claim: claim.into(),
            verdict,
            detail: detail.into(),
        });
        self
    }

    /// Adds a block of preformatted code (e.g. the Python lines that load a run).
    pub fn code(&mut self, code: impl Into<String>) -> &mut Self {
        self.items.push(Item::Code(code.into()));
        self
    }
}

/// The report page builder.
#[derive(Debug, Clone)]
pub struct Report {
    title: String,
    subtitle: Option<String>,
    footer: Option<String>,
    sections: Vec<Section>,
}

/// Whether `id` is usable as an HTML id and URL fragment without escaping.
fn valid_id(id: &str) -> bool {
    let mut chars = id.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        && !id.starts_with("report-")
}

/// Prepares a figure's SVG for inlining in HTML: drops an XML prolog/doctype and the
/// SVG namespace declarations (implied for `<svg>` in HTML), and ensures a `viewBox` so
/// that the figure scales down on narrow screens.
fn inline_svg(svg: &str) -> Result<String> {
    let start = svg
        .find("<svg")
        .ok_or_else(|| Error::Report("a figure is not an SVG document (no <svg> element)".into()))?;
    let mut s = svg[start..].trim_end().to_string();
    let open_end = s
        .find('>')
        .ok_or_else(|| Error::Report("unterminated <svg> tag".into()))?;
    let mut open = s[..open_end].to_string();
    for ns in [
        " xmlns=\"http://www.w3.org/2000/svg\"",
        " xmlns:xlink=\"http://www.w3.org/1999/xlink\"",
    ] {
        open = open.replace(ns, "");
    }
    if !open.contains("viewBox") {
        if let Some((w, h)) = svg_size(&s) {
            let _ = write!(open, " viewBox=\"0 0 {w} {h}\"");
        }
    }
    s.replace_range(..open_end, &open);
    Ok(s)
}

fn looks_numeric(cell: &str) -> bool {
    let c = cell.trim();
    let first = c.chars().next();
    first.is_some_and(|f| {
        f.is_ascii_digit()
            || ((f == '-' || f == '+' || f == '−' || f == '.')
                && c.chars().nth(1).is_some_and(|d| d.is_ascii_digit() || d == '.'))
    }) && !c.chars().any(|ch| ch.is_alphabetic() && !matches!(ch, 'e' | 'E'))
}

const CSS: &str = r#"
:root { --fg:#1d232a; --muted:#5b6670; --rule:#d9dee3; --bg:#ffffff; --panel:#f6f8fa; --accent:#1f5f9e; }
* { box-sizing: border-box; }
html { font-size: 17px; }
body { margin: 0; background: var(--bg); color: var(--fg);
  font-family: -apple-system, "Segoe UI", "DejaVu Sans", "Helvetica Neue", Arial, sans-serif;
  line-height: 1.6; }
main { max-width: 980px; margin: 0 auto; padding: 2rem 1.25rem 4rem; }
header h1 { font-size: 2rem; line-height: 1.25; margin: 0 0 .3rem; }
header p.subtitle { color: var(--muted); margin: 0 0 1.5rem; }
nav#report-toc { background: var(--panel); border: 1px solid var(--rule); border-radius: 6px;
  padding: .8rem 1.2rem; margin: 0 0 2rem; }
nav#report-toc h2 { font-size: 1rem; margin: 0 0 .4rem; text-transform: uppercase;
  letter-spacing: .06em; color: var(--muted); }
nav#report-toc ol { margin: 0; padding-left: 1.4rem; columns: 2; column-gap: 2rem; }
nav#report-toc a { color: var(--accent); text-decoration: none; }
nav#report-toc a:hover { text-decoration: underline; }
section.report-section { border-top: 1px solid var(--rule); padding-top: 1.2rem; margin-top: 2.2rem; }
section.report-section h2 { font-size: 1.45rem; margin: 0 0 .8rem; }
p { margin: .6rem 0 1rem; max-width: 46em; }
figure { margin: 1.2rem 0 1.6rem; text-align: center; }
figure svg { max-width: 100%; height: auto; }
figcaption { color: var(--muted); font-size: .9rem; margin-top: .3rem; text-align: left; max-width: 46em; }
figcaption b { color: var(--fg); }
table { border-collapse: collapse; margin: 1rem 0 1.5rem; font-size: .92rem;
  font-variant-numeric: tabular-nums; }
th, td { border-bottom: 1px solid var(--rule); padding: .35rem .8rem; text-align: left; vertical-align: top; }
th { background: var(--panel); border-bottom: 2px solid #b9c2cb; font-weight: 600; }
tbody tr:nth-child(even) td { background: #fbfcfd; }
td.num { text-align: right; white-space: nowrap; }
.table-wrap { overflow-x: auto; }
div.verdict { border: 1px solid var(--rule); border-left-width: 5px; border-radius: 4px;
  padding: .6rem 1rem; margin: 1rem 0; background: var(--panel); }
div.verdict p { margin: .3rem 0; }
div.verdict .claim { font-weight: 600; }
span.badge { display: inline-block; font-size: .78rem; font-weight: 700; text-transform: uppercase;
  letter-spacing: .05em; padding: .1rem .5rem; border-radius: 3px; color: #fff; margin-right: .6rem; }
div.holds { border-left-color: #2e7d32; } div.holds span.badge { background: #2e7d32; }
div.fails { border-left-color: #c62828; } div.fails span.badge { background: #c62828; }
div.mixed { border-left-color: #b26a00; } div.mixed span.badge { background: #b26a00; }
div.inconclusive { border-left-color: #607d8b; } div.inconclusive span.badge { background: #607d8b; }
pre { background: var(--panel); border: 1px solid var(--rule); border-radius: 4px; padding: .8rem 1rem;
  overflow-x: auto; font-size: .88rem; line-height: 1.45; }
code, pre { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; }
footer { color: var(--muted); font-size: .85rem; border-top: 1px solid var(--rule); margin-top: 3rem; padding-top: .8rem; }
@media (max-width: 640px) { nav#report-toc ol { columns: 1; } html { font-size: 16px; } }
@media print { nav#report-toc { display: none; } section.report-section { break-inside: avoid-page; } }
"#;

impl Report {
    /// A new report with a page title.
    pub fn new(title: impl Into<String>) -> Self {
        Report {
            title: title.into(),
            subtitle: None,
            footer: None,
            sections: Vec::new(),
        }
    }

    /// A line under the title (run name, date, configuration).
    pub fn subtitle(&mut self, text: impl Into<String>) -> &mut Self {
        self.subtitle = Some(text.into());
        self
    }

    /// A line at the bottom of the page.
    pub fn footer(&mut self, text: impl Into<String>) -> &mut Self {
        self.footer = Some(text.into());
        self
    }

    /// The section with this `id`, created at the end with `title` if new (an existing
    /// section keeps its title and gets the new items appended).
    ///
    /// `id` must start with an ASCII letter and contain only letters, digits, `-` and `_`,
    /// and must not start with `report-` (reserved); [`Report::to_html`] reports a bad id.
    pub fn section(&mut self, id: impl Into<String>, title: impl Into<String>) -> &mut Section {
        let id = id.into();
        let idx = match self.sections.iter().position(|s| s.id == id) {
            Some(i) => i,
            None => {
                self.sections.push(Section {
                    id,
                    title: title.into(),
                    items: Vec::new(),
                });
                self.sections.len() - 1
            }
        };
        &mut self.sections[idx]
    }

    /// The sections, in page order.
    pub fn sections(&self) -> &[Section] {
        &self.sections
    }

    /// Renders the page. Fails on a bad section id, a ragged table, a figure that is not
    /// SVG, or anything that would reference outside the page.
    pub fn to_html(&self) -> Result<String> {
        let mut ids = HashSet::new();
        for s in &self.sections {
            if !valid_id(&s.id) {
                return Err(Error::Report(format!(
                    "section id {:?} must match [A-Za-z][A-Za-z0-9_-]* and not start with \"report-\"",
                    s.id
                )));
            }
            ids.insert(s.id.as_str());
        }
        let esc = escape_xml;
        let mut h = String::with_capacity(64 * 1024);
        let _ = write!(
            h,
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
             <title>{}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<main>\n<header>\n<h1>{}</h1>\n",
            esc(&self.title),
            esc(&self.title)
        );
        if let Some(sub) = &self.subtitle {
            let _ = writeln!(h, "<p class=\"subtitle\">{}</p>", esc(sub));
        }
        h.push_str("</header>\n");
        if !self.sections.is_empty() {
            h.push_str("<nav id=\"report-toc\">\n<h2>Contents</h2>\n<ol>\n");
            for s in &self.sections {
                let _ = writeln!(h, "<li><a href=\"#{}\">{}</a></li>", s.id, esc(&s.title));
            }
            h.push_str("</ol>\n</nav>\n");
        }
        for s in &self.sections {
            let _ = writeln!(
                h,
                "<section class=\"report-section\" id=\"{}\">\n<h2>{}</h2>",
                s.id,
                esc(&s.title)
            );
            let mut fig_no = 0;
            for item in &s.items {
                match item {
                    Item::Paragraph(text) => {
                        let _ = writeln!(h, "<p>{}</p>", esc(text));
                    }
                    Item::Figure { svg, caption } => {
                        fig_no += 1;
                        let refs = external_references(svg);
                        if !refs.is_empty() {
                            return Err(Error::Report(format!(
                                "figure {fig_no} of section {:?} references outside the page: {}",
                                s.id,
                                refs.join(", ")
                            )));
                        }
                        let inline = inline_svg(svg).map_err(|e| {
                            Error::Report(format!("figure {fig_no} of section {:?}: {e}", s.id))
                        })?;
                        let _ = writeln!(
                            h,
                            "<figure id=\"report-{}-fig{fig_no}\">\n{inline}\n<figcaption><b>Figure {fig_no}.</b> {}</figcaption>\n</figure>",
                            s.id,
                            esc(caption)
                        );
                    }
                    Item::Table { headers, rows } => {
                        if let Some((i, r)) = rows.iter().enumerate().find(|(_, r)| r.len() != headers.len())
                        {
                            return Err(Error::Report(format!(
                                "table in section {:?}: row {i} has {} cells but there are {} headers",
                                s.id,
                                r.len(),
                                headers.len()
                            )));
                        }
                        h.push_str("<div class=\"table-wrap\"><table>\n<thead><tr>");
                        for hd in headers {
                            let _ = write!(h, "<th>{}</th>", esc(hd));
                        }
                        h.push_str("</tr></thead>\n<tbody>\n");
                        for r in rows {
                            h.push_str("<tr>");
                            for c in r {
                                if looks_numeric(c) {
                                    let _ = write!(h, "<td class=\"num\">{}</td>", esc(c));
                                } else {
                                    let _ = write!(h, "<td>{}</td>", esc(c));
                                }
                            }
                            h.push_str("</tr>\n");
                        }
                        h.push_str("</tbody>\n</table></div>\n");
                    }
                    Item::Verdict {
                        claim,
                        verdict,
                        detail,
                    } => {
                        let _ = writeln!(
                            h,
                            "<div class=\"verdict {0}\">\n<p class=\"claim\"><span class=\"badge\">{0}</span>{1}</p>\n<p>{2}</p>\n</div>",
                            verdict.label(),
                            esc(claim),
                            esc(detail)
                        );
                    }
                    Item::Code(code) => {
                        let _ = writeln!(h, "<pre><code>{}</code></pre>", esc(code));
                    }
                }
            }
            h.push_str("</section>\n");
        }
        if let Some(f) = &self.footer {
            let _ = writeln!(h, "<footer>{}</footer>", esc(f));
        }
        h.push_str("</main>\n</body>\n</html>\n");
        let refs = external_references(&h);
        if !refs.is_empty() {
            return Err(Error::Report(format!(
                "the page would reference outside itself: {}",
                refs.join(", ")
            )));
        }
        Ok(h)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::figure::{HeatmapGrid, LinePlot, Matrix};

    fn demo() -> Report {
        let line = LinePlot::new("u")
            .series("MC", &[0.1, 0.2], &[1.0, 2.0])
            .to_svg()
            .unwrap();
        let grid = HeatmapGrid::new("w")
            .panel("unit 0", Matrix::new(2, 2, vec![0.0, 1.0, -1.0, 0.5]).unwrap())
            .to_svg()
            .unwrap();
        let mut r = Report::new("Study <1>");
        r.subtitle("run & co");
        for (id, title) in [
            ("data", "1. Data"),
            ("weights", "4. Weights"),
            ("claims", "10. Claims"),
        ] {
            r.section(id, title).paragraph(format!("About {title}."));
        }
        r.section("data", "ignored").figure(&line, "energy").table(
            &["β", "value", "note"],
            &[vec!["0.44", "-1.41 ± 0.02", "at β_c"], vec!["0.5", "1e-3", "<b>"]],
        );
        r.section("weights", "").figure(&grid, "fields");
        r.section("claims", "")
            .verdict("C1", Verdict::Holds, "yes")
            .verdict("C3", Verdict::Mixed, "β < β_c only")
            .code("import numpy as np\nx = np.load('runs/q/data.npz')");
        r.footer("rgae");
        r
    }

    #[test]
    fn page_has_sections_toc_and_no_external_references() {
        let html = demo().to_html().unwrap();
        for id in ["data", "weights", "claims"] {
            assert!(html.contains(&format!("id=\"{id}\"")), "section {id}");
            assert!(html.contains(&format!("href=\"#{id}\"")), "toc entry {id}");
        }
        assert_eq!(html.matches("<section").count(), 3);
        assert_eq!(html.matches("<svg").count(), 2);
        assert!(html.contains("Study &lt;1&gt;") && html.contains("&lt;b&gt;"));
        assert!(html.contains("<td class=\"num\">-1.41 ± 0.02</td>"));
        assert!(html.contains("<td>at β_c</td>"));
        assert!(html.contains("class=\"verdict mixed\""));
        assert!(
            external_references(&html).is_empty(),
            "{:?}",
            external_references(&html)
        );
        // Not even the SVG namespace URL: nothing in the page names a remote host.
        assert!(!html.contains("http"), "page mentions http");
        // Sections appear in creation order, items appended to the existing section.
        let d = html.find("id=\"data\"").unwrap();
        let w = html.find("id=\"weights\"").unwrap();
        assert!(d < html.find("Figure 1.").unwrap() && html.find("Figure 1.").unwrap() < w);
    }

    #[test]
    fn bad_ids_tables_and_figures_are_errors() {
        let mut r = Report::new("t");
        r.section("1bad", "x");
        assert!(r.to_html().unwrap_err().to_string().contains("1bad"));
        let mut r = Report::new("t");
        r.section("report-toc", "x");
        assert!(r.to_html().is_err());
        let mut r = Report::new("t");
        r.section("ok", "x").table(&["a", "b"], &[vec!["1"]]);
        assert!(r.to_html().unwrap_err().to_string().contains("row 0"));
        let mut r = Report::new("t");
        r.section("ok", "x").figure("<p>not svg</p>", "c");
        assert!(r.to_html().is_err());
        let mut r = Report::new("t");
        r.section("ok", "x").figure(
            r#"<svg width="1" height="1"><image href="http://x/y.png"/></svg>"#,
            "c",
        );
        let e = r.to_html().unwrap_err().to_string();
        assert!(e.contains("http://x/y.png"), "{e}");
    }

    #[test]
    fn inline_svg_strips_namespace_and_adds_viewbox() {
        let s = inline_svg("<?xml version=\"1.0\"?>\n<svg width=\"10\" height=\"20\" xmlns=\"http://www.w3.org/2000/svg\"><g/></svg>\n").unwrap();
        assert_eq!(
            s,
            "<svg width=\"10\" height=\"20\" viewBox=\"0 0 10 20\"><g/></svg>"
        );
    }

    #[test]
    fn numeric_cells() {
        for n in ["1", "-0.5", "1.2e-3", "0.44 ± 0.01", "−3", ".5", "12%"] {
            assert!(looks_numeric(n), "{n}");
        }
        for t in ["RG", "β_c", "-", "", "3 seeds"] {
            assert!(!looks_numeric(t), "{t}");
        }
    }
}
