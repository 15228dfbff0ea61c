//! Shared machinery of the figure kinds: input validation, axis extents, the palette,
//! nice tick positions, the SVG render wrapper and embedded raster images.
//!
//! Matrix-like pictures (heatmaps, spin lattices, colour bars) are embedded in the SVG as
//! `<image href="data:image/png;base64,…">` elements drawn with nearest-neighbour
//! scaling: a 1024 × 1024 correlation matrix as one `<rect>` per cell would make a
//! page of many megabytes, while the PNG is a few kilobytes. A `data:` URI is part of
//! the page, so the report stays self-contained.

use std::fmt::Write as _;

use plotters::coord::Shift;
use plotters::prelude::*;

use crate::error::{Error, Result};

/// A boxed error from the plotting backend, converted to [`Error::Draw`] by [`render_svg`].
pub(crate) type DrawError = Box<dyn std::error::Error>;

/// The drawing area every figure draws on.
pub(crate) type Area<'a> = DrawingArea<SVGBackend<'a>, Shift>;

/// Font family used for all text (rasterised with the system's sans-serif face).
pub(crate) const FONT: &str = "sans-serif";

/// Colours of series, in order (the "tab10" palette): series *i* of every figure gets
/// colour *i*, so "RG" and "AE" keep their colours across figures when added in the same
/// order.
pub const PALETTE: [RGBColor; 10] = [
    RGBColor(0x1f, 0x77, 0xb4),
    RGBColor(0xff, 0x7f, 0x0e),
    RGBColor(0x2c, 0xa0, 0x2c),
    RGBColor(0xd6, 0x27, 0x28),
    RGBColor(0x94, 0x67, 0xbd),
    RGBColor(0x8c, 0x56, 0x4b),
    RGBColor(0xe3, 0x77, 0xc2),
    RGBColor(0x7f, 0x7f, 0x7f),
    RGBColor(0xbc, 0xbd, 0x22),
    RGBColor(0x17, 0xbe, 0xcf),
];

/// Colours of reference curves (dashed) and marker lines.
pub(crate) const REF_PALETTE: [RGBColor; 4] = [
    RGBColor(0x22, 0x22, 0x22),
    RGBColor(0x66, 0x66, 0x66),
    RGBColor(0x8b, 0x45, 0x13),
    RGBColor(0x2f, 0x4f, 0x4f),
];

/// Colour of series `i` (cycling through [`PALETTE`]).
pub(crate) fn series_color(i: usize) -> RGBColor {
    PALETTE[i % PALETTE.len()]
}

/// Rejects NaN/±∞ in `values`, naming the figure, the input and the index.
pub(crate) fn check_finite(figure: &str, what: &str, values: &[f64]) -> Result<()> {
    match values.iter().position(|v| !v.is_finite()) {
        None => Ok(()),
        Some(index) => Err(Error::NonFinite {
            figure: figure.to_string(),
            what: what.to_string(),
            index,
            value: values[index],
        }),
    }
}

/// Rejects a single non-finite parameter (a marker position, a colour range end, …).
pub(crate) fn check_finite_one(figure: &str, what: &str, value: f64) -> Result<()> {
    check_finite(figure, what, &[value])
}

/// Builds an [`Error::Invalid`].
pub(crate) fn invalid(figure: &str, reason: impl Into<String>) -> Error {
    Error::Invalid {
        figure: figure.to_string(),
        reason: reason.into(),
    }
}

/// Checks that an input has the expected length.
pub(crate) fn check_len(figure: &str, what: &str, got: usize, want: usize) -> Result<()> {
    if got == want {
        Ok(())
    } else {
        Err(invalid(
            figure,
            format!("{what} has {got} values but {want} were expected"),
        ))
    }
}

/// Running min/max of the values an axis must show.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Extent {
    pub lo: f64,
    pub hi: f64,
}

impl Extent {
    pub fn new() -> Self {
        Extent {
            lo: f64::INFINITY,
            hi: f64::NEG_INFINITY,
        }
    }

    pub fn add(&mut self, v: f64) {
        if v.is_finite() {
            self.lo = self.lo.min(v);
            self.hi = self.hi.max(v);
        }
    }

    pub fn is_empty(&self) -> bool {
        self.lo > self.hi
    }

    /// The range padded by `frac` of its width on both sides; a zero-width range is
    /// widened so that the axis is never degenerate.
    pub fn padded(&self, frac: f64) -> (f64, f64) {
        if self.is_empty() {
            return (0.0, 1.0);
        }
        let w = self.hi - self.lo;
        if w <= f64::EPSILON * self.lo.abs().max(self.hi.abs()).max(1.0) {
            let d = if self.lo == 0.0 { 1.0 } else { 0.1 * self.lo.abs() };
            return (self.lo - d, self.hi + d);
        }
        (self.lo - frac * w, self.hi + frac * w)
    }

    /// The range padded multiplicatively for a log axis (requires `lo > 0`).
    pub fn padded_log(&self) -> (f64, f64) {
        if self.is_empty() {
            return (0.1, 10.0);
        }
        let (lo, hi) = (self.lo.ln(), self.hi.ln());
        let w = (hi - lo).max(0.2);
        let mid = 0.5 * (lo + hi);
        ((mid - 0.55 * w).exp(), (mid + 0.55 * w).exp())
    }
}

/// Where the legend goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LegendPosition {
    /// The corner with the fewest data points (the default).
    #[default]
    Auto,
    /// Top left corner.
    UpperLeft,
    /// Top right corner.
    UpperRight,
    /// Bottom left corner.
    LowerLeft,
    /// Bottom right corner.
    LowerRight,
    /// No legend.
    Hidden,
}

impl LegendPosition {
    /// Resolves [`LegendPosition::Auto`] from the data, given as fractions of the plot
    /// area (0..1 in x and y, y up). `None` means hidden.
    pub(crate) fn resolve(self, points: impl Iterator<Item = (f64, f64)>) -> Option<SeriesLabelPosition> {
        match self {
            LegendPosition::Hidden => None,
            LegendPosition::UpperLeft => Some(SeriesLabelPosition::UpperLeft),
            LegendPosition::UpperRight => Some(SeriesLabelPosition::UpperRight),
            LegendPosition::LowerLeft => Some(SeriesLabelPosition::LowerLeft),
            LegendPosition::LowerRight => Some(SeriesLabelPosition::LowerRight),
            LegendPosition::Auto => {
                // Counts in the four corner boxes, 40% wide and 35% high.
                let mut counts = [0usize; 4]; // UR, UL, LR, LL (preference order on ties)
                for (x, y) in points {
                    let right = x > 0.6;
                    let left = x < 0.4;
                    let top = y > 0.65;
                    let bottom = y < 0.35;
                    if top && right {
                        counts[0] += 1;
                    }
                    if top && left {
                        counts[1] += 1;
                    }
                    if bottom && right {
                        counts[2] += 1;
                    }
                    if bottom && left {
                        counts[3] += 1;
                    }
                }
                let best = (0..4).min_by_key(|&i| (counts[i], i)).unwrap_or(0);
                Some(match best {
                    0 => SeriesLabelPosition::UpperRight,
                    1 => SeriesLabelPosition::UpperLeft,
                    2 => SeriesLabelPosition::LowerRight,
                    _ => SeriesLabelPosition::LowerLeft,
                })
            }
        }
    }
}

/// A legend swatch at backend coordinate `$c`: a short line, dashed (two dashes) or solid
/// with a marker dot. A macro because the element's concrete type must be inferred at each
/// `legend` call.
macro_rules! legend_line {
    ($c:expr, $style:expr, dashed) => {{
        let (x, y) = $c;
        EmptyElement::at((x, y))
            + PathElement::new(vec![(0, 0), (7, 0)], $style)
            + PathElement::new(vec![(11, 0), (18, 0)], $style)
    }};
    ($c:expr, $style:expr, solid) => {{
        let (x, y) = $c;
        EmptyElement::at((x, y))
            + PathElement::new(vec![(0, 0), (18, 0)], $style)
            + Circle::new((9, 0), 3, $style.color.filled())
    }};
}
pub(crate) use legend_line;

/// A raster picture to embed in the SVG at a pixel box (absolute figure coordinates).
pub(crate) struct RasterImage {
    pub x: i32,
    pub y: i32,
    pub w: u32,
    pub h: u32,
    /// PNG bytes.
    pub png: Vec<u8>,
}

/// Encodes an RGB picture of `w × h` pixels, each source pixel repeated `k × k` times,
/// as PNG. `rgb` is row-major, `w * h` entries.
pub(crate) fn encode_rgb_png(w: usize, h: usize, k: usize, rgb: &[[u8; 3]]) -> Result<Vec<u8>> {
    debug_assert_eq!(rgb.len(), w * h);
    let k = k.max(1);
    let (pw, ph) = (w * k, h * k);
    let size = resvg::tiny_skia::IntSize::from_wh(pw as u32, ph as u32)
        .ok_or_else(|| Error::Png(format!("invalid image size {pw}x{ph}")))?;
    let mut data = Vec::with_capacity(pw * ph * 4);
    for r in 0..h {
        let mut row = Vec::with_capacity(pw * 4);
        for c in 0..w {
            let [cr, cg, cb] = rgb[r * w + c];
            for _ in 0..k {
                row.extend_from_slice(&[cr, cg, cb, 255]);
            }
        }
        for _ in 0..k {
            data.extend_from_slice(&row);
        }
    }
    let pixmap = resvg::tiny_skia::Pixmap::from_vec(data, size)
        .ok_or_else(|| Error::Png("pixmap allocation failed".into()))?;
    pixmap.encode_png().map_err(|e| Error::Png(e.to_string()))
}

/// Standard base64 (RFC 4648, with padding).
pub(crate) fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        out.push(ALPHABET[(n >> 18) as usize & 63] as char);
        out.push(ALPHABET[(n >> 12) as usize & 63] as char);
        out.push(if chunk.len() > 1 {
            ALPHABET[(n >> 6) as usize & 63] as char
        } else {
            '='
        });
        out.push(if chunk.len() > 2 {
            ALPHABET[n as usize & 63] as char
        } else {
            '='
        });
    }
    out
}

/// Escapes text for XML/HTML content and attribute values.
pub(crate) fn escape_xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Draws a figure of `w × h` pixels with `draw` and returns the SVG text, with a
/// `<title>` for accessibility and the raster images `draw` returned embedded on top.
pub(crate) fn render_svg(
    title: &str,
    w: u32,
    h: u32,
    draw: impl FnOnce(&Area) -> std::result::Result<Vec<RasterImage>, DrawError>,
) -> Result<String> {
    let draw_err = |e: DrawError| Error::Draw {
        figure: title.to_string(),
        reason: e.to_string(),
    };
    let mut buf = String::new();
    let images = {
        let root = SVGBackend::with_string(&mut buf, (w, h)).into_drawing_area();
        root.fill(&WHITE).map_err(|e| draw_err(e.into()))?;
        let images = draw(&root).map_err(draw_err)?;
        root.present().map_err(|e| draw_err(e.into()))?;
        images
    };
    // Title right after the root element opens.
    if let Some(open_end) = buf
        .find("<svg")
        .and_then(|i| buf[i..].find('>').map(|j| i + j + 1))
    {
        buf.insert_str(open_end, &format!("\n<title>{}</title>", escape_xml(title)));
    }
    if !images.is_empty() {
        let mut extra = String::new();
        for im in &images {
            let _ = writeln!(
                extra,
                "<image x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" preserveAspectRatio=\"none\" \
                 image-rendering=\"optimizeSpeed\" style=\"image-rendering:pixelated\" \
                 href=\"data:image/png;base64,{}\"/>",
                im.x,
                im.y,
                im.w,
                im.h,
                base64(&im.png)
            );
        }
        let at = buf.rfind("</svg>").unwrap_or(buf.len());
        buf.insert_str(at, &extra);
    }
    Ok(buf)
}

/// About `n` "nice" tick values (multiples of 1, 2 or 5 × 10^k) covering `[lo, hi]`.
pub(crate) fn nice_ticks(lo: f64, hi: f64, n: usize) -> (Vec<f64>, f64) {
    if hi <= lo || !lo.is_finite() || !hi.is_finite() {
        return (vec![lo], 1.0);
    }
    let raw = (hi - lo) / n.max(1) as f64;
    let mag = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * mag)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * mag);
    let first = (lo / step).ceil() * step;
    let mut ticks = Vec::new();
    let mut i = 0;
    loop {
        let t = first + i as f64 * step;
        if t > hi + 1e-9 * step {
            break;
        }
        // Avoid "-0".
        ticks.push(if t.abs() < 1e-12 * step { 0.0 } else { t });
        i += 1;
        if i > 1000 {
            break;
        }
    }
    (ticks, step)
}

/// Formats a tick value with as many decimals as its step needs.
pub(crate) fn fmt_tick(v: f64, step: f64) -> String {
    let a = v.abs().max(step.abs());
    if a != 0.0 && !(1e-3..1e5).contains(&a) {
        return format!("{v:.1e}");
    }
    // Fewest decimals that represent the step exactly (0.25 -> 2, 2.5 -> 1, 10 -> 0).
    let decimals = (0..=6usize)
        .find(|&d| {
            let s = step * 10f64.powi(d as i32);
            (s - s.round()).abs() < 1e-6 * s.abs().max(1.0)
        })
        .unwrap_or(6);
    format!("{v:.decimals$}")
}

/// Text style helper: `size` px sans-serif in `color`.
pub(crate) fn text_style(size: u32, color: &RGBColor) -> TextStyle<'static> {
    (FONT, size).into_font().color(color)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_rfc4648_vectors() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foob"), "Zm9vYg==");
        assert_eq!(base64(b"fooba"), "Zm9vYmE=");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
    }

    #[test]
    fn nice_ticks_cover_range() {
        let (t, s) = nice_ticks(-0.93, 0.93, 4);
        assert_eq!(s, 0.5);
        assert_eq!(t, vec![-0.5, 0.0, 0.5]);
        let (t, _) = nice_ticks(0.0, 31.0, 4);
        assert_eq!(t, vec![0.0, 10.0, 20.0, 30.0]);
        assert_eq!(fmt_tick(0.25, 0.25), "0.25");
        assert_eq!(fmt_tick(20.0, 10.0), "20");
        assert_eq!(fmt_tick(0.5, 0.5), "0.5");
        assert_eq!(fmt_tick(5.0, 2.5), "5.0");
    }

    #[test]
    fn extent_never_degenerate() {
        let mut e = Extent::new();
        e.add(2.0);
        let (lo, hi) = e.padded(0.05);
        assert!(lo < 2.0 && hi > 2.0);
        assert_eq!(Extent::new().padded(0.1), (0.0, 1.0));
    }

    #[test]
    fn escape_xml_escapes_markup() {
        assert_eq!(escape_xml("<a & 'b'>"), "&lt;a &amp; &#39;b&#39;&gt;");
    }
}
