//! Rasterising figures to PNG with `resvg`.
//!
//! Text needs fonts. The system's fonts are loaded once (fontdb's `load_system_fonts`)
//! and the generic families `sans-serif`, `serif` and `monospace` are pointed at faces
//! that exist (DejaVu Sans, Liberation Sans, Noto Sans, … in that order of preference),
//! since fontdb's defaults (Arial, Times New Roman) are absent on most Linux machines.
//! When the system has no font face at all, [`svg_to_png`] fails with
//! [`Error::NoFonts`] rather than producing a picture without its labels.
//!
//! ```
//! use report::{png_size, svg_size, svg_to_png, Error, LinePlot};
//!
//! let svg = LinePlot::new("t").series("s", &[0.0, 1.0], &[0.0, 1.0]).size(320, 200).to_svg()?;
//! assert_eq!(svg_size(&svg), Some((320, 200)));
//! match svg_to_png(&svg, 2.0) {
//!     Ok(png) => assert_eq!(png_size(&png), Some((640, 400))),
//!     Err(Error::NoFonts) => {} // a machine without any font installed
//!     Err(e) => return Err(e),
//! }
//! # Ok::<(), report::Error>(())
//! ```

use std::sync::{Arc, OnceLock};

use resvg::tiny_skia::{Pixmap, Transform};
use resvg::usvg::{self, fontdb};

use crate::error::{Error, Result};

/// Preferred faces for the generic families, most preferred first.
const SANS: [&str; 7] = [
    "DejaVu Sans",
    "Liberation Sans",
    "Noto Sans",
    "Arial",
    "Helvetica",
    "FreeSans",
    "Open Sans",
];
const SERIF: [&str; 4] = ["DejaVu Serif", "Liberation Serif", "Noto Serif", "FreeSerif"];
const MONO: [&str; 4] = [
    "DejaVu Sans Mono",
    "Liberation Mono",
    "Noto Sans Mono",
    "FreeMono",
];

/// The largest PNG side [`svg_to_png`] will produce (guards against a huge `scale`).
pub const MAX_PNG_SIDE: u32 = 16_384;

/// The system font database with the generic families resolved, or `None` when the
/// system has no font face. Loaded once per process.
fn system_fonts() -> Option<Arc<fontdb::Database>> {
    static FONTS: OnceLock<Option<Arc<fontdb::Database>>> = OnceLock::new();
    FONTS
        .get_or_init(|| {
            let mut db = fontdb::Database::new();
            db.load_system_fonts();
            prepare_fonts(db).map(Arc::new)
        })
        .clone()
}

/// Points the generic families at faces present in `db`; `None` if `db` is empty.
fn prepare_fonts(mut db: fontdb::Database) -> Option<fontdb::Database> {
    let families: Vec<String> = db
        .faces()
        .flat_map(|f| f.families.iter().map(|(name, _)| name.clone()))
        .collect();
    let first = families.first()?.clone();
    let pick = |prefs: &[&str], fallback: &str| {
        prefs
            .iter()
            .find(|p| families.iter().any(|f| f.eq_ignore_ascii_case(p)))
            .map_or_else(|| fallback.to_string(), |p| p.to_string())
    };
    let sans = pick(&SANS, &first);
    let serif = pick(&SERIF, &sans);
    let mono = pick(&MONO, &sans);
    db.set_sans_serif_family(sans);
    db.set_serif_family(serif);
    db.set_monospace_family(mono);
    Some(db)
}

/// Rasterises an SVG document to PNG bytes, `scale` × its declared pixel size.
///
/// Fails with [`Error::NoFonts`] when the system has no fonts, [`Error::Svg`] when the
/// SVG does not parse, and [`Error::Png`] for a bad scale or an encoding failure.
pub fn svg_to_png(svg: &str, scale: f32) -> Result<Vec<u8>> {
    let fonts = system_fonts().ok_or(Error::NoFonts)?;
    rasterize(svg, scale, fonts)
}

/// [`svg_to_png`] with a given font database (an empty one gives [`Error::NoFonts`]).
fn rasterize(svg: &str, scale: f32, fonts: Arc<fontdb::Database>) -> Result<Vec<u8>> {
    if fonts.is_empty() {
        return Err(Error::NoFonts);
    }
    if !(scale.is_finite() && scale > 0.0) {
        return Err(Error::Png(format!("scale must be finite and > 0, got {scale}")));
    }
    let sans = fonts
        .faces()
        .find(|f| {
            f.families
                .iter()
                .any(|(n, _)| SANS.iter().any(|s| n.eq_ignore_ascii_case(s)))
        })
        .or_else(|| fonts.faces().next())
        .and_then(|f| f.families.first().map(|(n, _)| n.clone()))
        .ok_or(Error::NoFonts)?;
    let opt = usvg::Options {
        font_family: sans,
        fontdb: fonts,
        ..usvg::Options::default()
    };
    let tree = usvg::Tree::from_str(svg, &opt).map_err(|e| Error::Svg(e.to_string()))?;
    let size = tree.size();
    let w = (size.width() * scale).round();
    let h = (size.height() * scale).round();
    if !(w >= 1.0 && h >= 1.0 && w <= MAX_PNG_SIDE as f32 && h <= MAX_PNG_SIDE as f32) {
        return Err(Error::Png(format!(
            "PNG size {w} x {h} is outside 1..={MAX_PNG_SIDE} pixels"
        )));
    }
    let mut pixmap = Pixmap::new(w as u32, h as u32)
        .ok_or_else(|| Error::Png(format!("cannot allocate a {w} x {h} pixmap")))?;
    pixmap.fill(resvg::tiny_skia::Color::WHITE);
    resvg::render(
        &tree,
        Transform::from_scale(w / size.width(), h / size.height()),
        &mut pixmap.as_mut(),
    );
    pixmap.encode_png().map_err(|e| Error::Png(e.to_string()))
}

/// Width and height of a PNG, read from its header; `None` if `png` is not a PNG.
pub fn png_size(png: &[u8]) -> Option<(u32, u32)> {
    const SIG: [u8; 8] = [0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a];
    if png.len() < 24 || png[..8] != SIG || &png[12..16] != b"IHDR" {
        return None;
    }
    let w = u32::from_be_bytes(png[16..20].try_into().ok()?);
    let h = u32::from_be_bytes(png[20..24].try_into().ok()?);
    Some((w, h))
}

/// The pixel `width` and `height` declared on an SVG's root element, if both are plain
/// numbers (optionally with `px`).
pub fn svg_size(svg: &str) -> Option<(u32, u32)> {
    let start = svg.find("<svg")?;
    let end = start + svg[start..].find('>')?;
    let tag = &svg[start..end];
    let attr = |name: &str| -> Option<u32> {
        let mut from = 0;
        while let Some(i) = tag[from..].find(name) {
            let at = from + i;
            from = at + name.len();
            let before = tag[..at].chars().last();
            if !before.is_some_and(char::is_whitespace) {
                continue;
            }
            let rest = tag[at + name.len()..].trim_start();
            let rest = rest.strip_prefix('=')?.trim_start();
            let q = rest.chars().next()?;
            if q != '"' && q != '\'' {
                return None;
            }
            let val = &rest[1..1 + rest[1..].find(q)?];
            let val = val.trim().trim_end_matches("px");
            return val.parse::<f64>().ok().map(|v| v.round() as u32);
        }
        None
    };
    Some((attr("width")?, attr("height")?))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SVG: &str = r#"<svg width="40" height="30" xmlns="http://www.w3.org/2000/svg"><rect width="40" height="30" fill="red"/><text x="2" y="20" font-family="sans-serif">β</text></svg>"#;

    #[test]
    fn empty_font_database_is_a_no_fonts_error() {
        let err = rasterize(SVG, 1.0, Arc::new(fontdb::Database::new())).unwrap_err();
        assert!(matches!(err, Error::NoFonts));
        assert!(err.to_string().contains("no fonts"));
    }

    #[test]
    fn png_has_scaled_dimensions_or_no_fonts() {
        match svg_to_png(SVG, 3.0) {
            Ok(png) => assert_eq!(png_size(&png), Some((120, 90))),
            Err(e) => assert!(e.to_string().contains("no fonts"), "{e}"),
        }
    }

    #[test]
    fn bad_inputs_are_errors() {
        assert!(png_size(b"not a png").is_none());
        if system_fonts().is_some() {
            assert!(matches!(svg_to_png("<nope", 1.0), Err(Error::Svg(_))));
            assert!(matches!(svg_to_png(SVG, 0.0), Err(Error::Png(_))));
            assert!(matches!(svg_to_png(SVG, f32::NAN), Err(Error::Png(_))));
        }
    }

    #[test]
    fn svg_size_reads_root_attributes() {
        assert_eq!(svg_size(SVG), Some((40, 30)));
        assert_eq!(
            svg_size(r#"<svg stroke-width="3" width='10px' height="5">"#),
            Some((10, 5))
        );
        assert_eq!(svg_size("<div>"), None);
    }
}
