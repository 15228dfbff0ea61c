//! Line plots: named series with optional error bars, dashed reference curves, vertical
//! marker lines, optional logarithmic y axis, and a legend.
//!
//! This is the workhorse of the report: thermodynamics against β with the exact curves,
//! RMSE(β) beside the Cramér–Rao bound, β′(β) of the RG flow, training curves.
//!
//! Non-finite values anywhere (x, y, error, reference, marker) are rejected with
//! [`Error::NonFinite`](crate::Error::NonFinite); they are never drawn as gaps. Negative
//! error bars and, on a log axis, y ≤ 0 are rejected with
//! [`Error::Invalid`](crate::Error::Invalid).
//!
//! ```
//! use report::LinePlot;
//!
//! let beta = [0.3, 0.4, 0.5];
//! let svg = LinePlot::new("Energy per spin")
//!     .x_label("β")
//!     .y_label("⟨u⟩")
//!     .series_with_errors("Monte Carlo", &beta, &[-0.65, -1.1, -1.75], &[0.01, 0.03, 0.01])
//!     .reference("Onsager", &[0.3, 0.4, 0.5], &[-0.66, -1.12, -1.74])
//!     .vline(0.4406868, "β_c")
//!     .to_svg()?;
//! assert!(svg.contains("Monte Carlo") && svg.contains("Onsager") && svg.contains("β_c"));
//! # Ok::<(), report::Error>(())
//! ```

use std::ops::Range;

use plotters::coord::ranged1d::{AsRangedCoord, ValueFormatter};
use plotters::prelude::*;

use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::common::{
    check_finite, check_finite_one, check_len, invalid, legend_line, render_svg, series_color, text_style,
    Area, DrawError, Extent, LegendPosition, FONT, REF_PALETTE,
};
use crate::error::Result;

#[derive(Debug, Clone)]
struct Series {
    name: String,
    x: Vec<f64>,
    y: Vec<f64>,
    err: Option<Vec<f64>>,
}

#[derive(Debug, Clone)]
struct VLine {
    x: f64,
    label: String,
}

/// A line plot; build it with the chained setters, then call [`LinePlot::to_svg`].
#[derive(Debug, Clone)]
pub struct LinePlot {
    title: String,
    x_label: String,
    y_label: String,
    log_y: bool,
    width: u32,
    height: u32,
    legend: LegendPosition,
    x_range: Option<(f64, f64)>,
    y_range: Option<(f64, f64)>,
    series: Vec<Series>,
    references: Vec<Series>,
    vlines: Vec<VLine>,
}

impl LinePlot {
    /// A new empty plot (800 × 500 px, linear axes, automatic legend position).
    pub fn new(title: impl Into<String>) -> Self {
        LinePlot {
            title: title.into(),
            x_label: String::new(),
            y_label: String::new(),
            log_y: false,
            width: 800,
            height: 500,
            legend: LegendPosition::Auto,
            x_range: None,
            y_range: None,
            series: Vec::new(),
            references: Vec::new(),
            vlines: Vec::new(),
        }
    }

    /// Label of the x axis.
    pub fn x_label(mut self, label: impl Into<String>) -> Self {
        self.x_label = label.into();
        self
    }

    /// Label of the y axis.
    pub fn y_label(mut self, label: impl Into<String>) -> Self {
        self.y_label = label.into();
        self
    }

    /// Logarithmic y axis (all y must then be > 0; error bars reaching below the axis
    /// are cut at its lower end).
    pub fn log_y(mut self, on: bool) -> Self {
        self.log_y = on;
        self
    }

    /// Figure size in pixels.
    pub fn size(mut self, width: u32, height: u32) -> Self {
        self.width = width;
        self.height = height;
        self
    }

    /// Legend placement.
    pub fn legend(mut self, position: LegendPosition) -> Self {
        self.legend = position;
        self
    }

    /// Fixes the x range instead of fitting it to the data.
    pub fn x_range(mut self, lo: f64, hi: f64) -> Self {
        self.x_range = Some((lo, hi));
        self
    }

    /// Fixes the y range instead of fitting it to the data.
    pub fn y_range(mut self, lo: f64, hi: f64) -> Self {
        self.y_range = Some((lo, hi));
        self
    }

    /// Adds a series drawn as a solid line with markers (colour = next in the palette).
    pub fn series(mut self, name: impl Into<String>, x: &[f64], y: &[f64]) -> Self {
        self.series.push(Series {
            name: name.into(),
            x: x.to_vec(),
            y: y.to_vec(),
            err: None,
        });
        self
    }

    /// Adds a series with symmetric error bars `y ± err` (err ≥ 0).
    pub fn series_with_errors(mut self, name: impl Into<String>, x: &[f64], y: &[f64], err: &[f64]) -> Self {
        self.series.push(Series {
            name: name.into(),
            x: x.to_vec(),
            y: y.to_vec(),
            err: Some(err.to_vec()),
        });
        self
    }

    /// Adds a dashed reference curve (an exact result, a bound), in dark colours.
    pub fn reference(mut self, name: impl Into<String>, x: &[f64], y: &[f64]) -> Self {
        self.references.push(Series {
            name: name.into(),
            x: x.to_vec(),
            y: y.to_vec(),
            err: None,
        });
        self
    }

    /// Adds a dotted vertical marker line at `x`, named in the legend (e.g. β_c).
    pub fn vline(mut self, x: f64, label: impl Into<String>) -> Self {
        self.vlines.push(VLine {
            x,
            label: label.into(),
        });
        self
    }

    /// Checks the inputs and returns the axis ranges.
    fn validate(&self) -> Result<((f64, f64), (f64, f64))> {
        let t = &self.title;
        if self.series.is_empty() && self.references.is_empty() {
            return Err(invalid(t, "a line plot needs at least one series or reference"));
        }
        let mut xe = Extent::new();
        let mut ye = Extent::new();
        let all = self
            .series
            .iter()
            .map(|s| (s, "series"))
            .chain(self.references.iter().map(|s| (s, "reference")));
        for (s, kind) in all {
            let what = |axis: &str| format!("{kind} {:?} {axis}", s.name);
            check_len(t, &what("y"), s.y.len(), s.x.len())?;
            check_finite(t, &what("x"), &s.x)?;
            check_finite(t, &what("y"), &s.y)?;
            if let Some(err) = &s.err {
                check_len(t, &what("error"), err.len(), s.x.len())?;
                check_finite(t, &what("error"), err)?;
                if let Some(i) = err.iter().position(|e| *e < 0.0) {
                    return Err(invalid(
                        t,
                        format!("{} is negative ({}) at index {i}", what("error"), err[i]),
                    ));
                }
            }
            if self.log_y {
                if let Some(i) = s.y.iter().position(|v| *v <= 0.0) {
                    return Err(invalid(
                        t,
                        format!(
                            "{} is {} at index {i}, which a log axis cannot show",
                            what("y"),
                            s.y[i]
                        ),
                    ));
                }
            }
            for (i, (&x, &y)) in s.x.iter().zip(&s.y).enumerate() {
                xe.add(x);
                ye.add(y);
                if let Some(e) = s.err.as_ref().map(|e| e[i]) {
                    ye.add(y + e);
                    if !self.log_y || y - e > 0.0 {
                        ye.add(y - e);
                    }
                }
            }
        }
        for v in &self.vlines {
            check_finite_one(t, &format!("marker line {:?} x", v.label), v.x)?;
            xe.add(v.x);
        }
        let xr = match self.x_range {
            Some(r) => check_range(t, "x range", r, false)?,
            None => xe.padded(0.03),
        };
        let yr = match self.y_range {
            Some(r) => check_range(t, "y range", r, self.log_y)?,
            None if self.log_y => ye.padded_log(),
            None => ye.padded(0.06),
        };
        Ok((xr, yr))
    }

    /// Renders the plot as an SVG document.
    pub fn to_svg(&self) -> Result<String> {
        let ((x0, x1), (y0, y1)) = self.validate()?;
        let log = self.log_y;
        let frac = |x: f64, y: f64| {
            let fy = if log {
                (y.ln() - y0.ln()) / (y1.ln() - y0.ln())
            } else {
                (y - y0) / (y1 - y0)
            };
            ((x - x0) / (x1 - x0), fy)
        };
        let pts = self
            .series
            .iter()
            .chain(&self.references)
            .flat_map(|s| s.x.iter().zip(&s.y).map(|(&x, &y)| frac(x, y)));
        let legend = self.legend.resolve(pts);
        render_svg(&self.title, self.width, self.height, |root| {
            if log {
                draw_chart(root, self, x0..x1, (y0..y1).log_scale(), (y0, y1), legend)?;
            } else {
                draw_chart(root, self, x0..x1, y0..y1, (y0, y1), legend)?;
            }
            Ok(Vec::new())
        })
    }
}

/// Validates a user-given axis range.
pub(crate) fn check_range(figure: &str, what: &str, (lo, hi): (f64, f64), log: bool) -> Result<(f64, f64)> {
    check_finite(figure, what, &[lo, hi])?;
    if lo >= hi || (log && lo <= 0.0) {
        return Err(invalid(
            figure,
            format!("{what} [{lo}, {hi}] is empty or not positive on a log axis"),
        ));
    }
    Ok((lo, hi))
}

fn draw_chart<Y>(
    root: &Area,
    p: &LinePlot,
    xr: Range<f64>,
    yr: Y,
    (ylo, yhi): (f64, f64),
    legend: Option<SeriesLabelPosition>,
) -> std::result::Result<(), DrawError>
where
    Y: AsRangedCoord<Value = f64>,
    Y::CoordDescType: ValueFormatter<f64>,
{
    let xr_bounds = xr.clone();
    let mut chart = ChartBuilder::on(root)
        .caption(&p.title, (FONT, 20))
        .margin(14)
        .x_label_area_size(46)
        .y_label_area_size(74)
        .build_cartesian_2d(xr, yr)?;
    let no_label = |_: &f64| String::new();
    let mut mesh = chart.configure_mesh();
    if p.log_y {
        // Log axes get hand-made ticks below (plotters labels too few of them).
        mesh.y_label_formatter(&no_label).y_max_light_lines(0);
    }
    mesh.x_desc(p.x_label.as_str())
        .y_desc(p.y_label.as_str())
        .label_style((FONT, 13))
        .axis_desc_style((FONT, 15))
        .bold_line_style(RGBColor(222, 222, 222))
        .light_line_style(RGBColor(244, 244, 244))
        .draw()?;
    if p.log_y {
        let (x0, x1) = (xr_bounds.start, xr_bounds.end);
        for t in log_ticks(ylo, yhi) {
            chart.draw_series(std::iter::once(PathElement::new(
                vec![(x0, t), (x1, t)],
                RGBColor(222, 222, 222).stroke_width(1),
            )))?;
            let (px, py) = chart.backend_coord(&(x0, t));
            root.draw(&PathElement::new(
                vec![(px - 5, py), (px, py)],
                BLACK.stroke_width(1),
            ))?;
            let style = text_style(13, &BLACK).pos(Pos::new(HPos::Right, VPos::Center));
            root.draw(&Text::new(fmt_log_tick(t), (px - 8, py), style))?;
        }
    }

    let mut ref_color = 0usize;
    for r in &p.references {
        let color = REF_PALETTE[ref_color % REF_PALETTE.len()];
        ref_color += 1;
        let style = color.stroke_width(2);
        let pts: Vec<(f64, f64)> = r.x.iter().copied().zip(r.y.iter().copied()).collect();
        chart
            .draw_series(DashedLineSeries::new(pts, 8, 5, style))?
            .label(r.name.as_str())
            .legend(move |c| legend_line!(c, style, dashed));
    }
    for v in &p.vlines {
        let color = REF_PALETTE[ref_color % REF_PALETTE.len()];
        ref_color += 1;
        let style = color.mix(0.8).stroke_width(1);
        let ann = chart.draw_series(DashedLineSeries::new(vec![(v.x, ylo), (v.x, yhi)], 3, 3, style))?;
        if !v.label.is_empty() {
            let label = format!("{} = {}", v.label, trim_float(v.x));
            ann.label(label).legend(move |c| legend_line!(c, style, dashed));
        }
    }
    for (i, s) in p.series.iter().enumerate() {
        let color = series_color(i);
        let line = color.stroke_width(2);
        let pts: Vec<(f64, f64)> = s.x.iter().copied().zip(s.y.iter().copied()).collect();
        chart
            .draw_series(LineSeries::new(pts.clone(), line))?
            .label(s.name.as_str())
            .legend(move |c| legend_line!(c, line, solid));
        let bar = color.filled().stroke_width(1);
        chart.draw_series(pts.iter().enumerate().map(|(k, &(x, y))| {
            let e = s.err.as_ref().map_or(0.0, |e| e[k]);
            ErrorBar::new_vertical(x, (y - e).max(ylo), y, (y + e).min(yhi), bar, 7)
        }))?;
    }
    if let Some(pos) = legend {
        chart
            .configure_series_labels()
            .position(pos)
            .margin(10)
            .background_style(WHITE.mix(0.88))
            .border_style(RGBColor(190, 190, 190))
            .label_font((FONT, 13))
            .draw()?;
    }
    Ok(())
}

/// Tick values for a log axis over `[lo, hi]`: 1, 2, 5 × 10^k (all of 1..9 × 10^k when
/// the range spans less than a decade, only 10^k when it spans more than five).
fn log_ticks(lo: f64, hi: f64) -> Vec<f64> {
    let decades = (hi / lo).log10();
    let mantissas: &[f64] = if decades < 1.0 {
        &[1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0]
    } else if decades <= 5.0 {
        &[1.0, 2.0, 5.0]
    } else {
        &[1.0]
    };
    let (k0, k1) = (lo.log10().floor() as i32, hi.log10().ceil() as i32);
    let mut ticks = Vec::new();
    for k in k0..=k1 {
        for m in mantissas {
            let t = m * 10f64.powi(k);
            if t >= lo * (1.0 - 1e-9) && t <= hi * (1.0 + 1e-9) {
                ticks.push(t);
            }
        }
    }
    if decades > 5.0 && ticks.len() > 8 {
        let step = ticks.len().div_ceil(8);
        ticks = ticks.into_iter().step_by(step).collect();
    }
    ticks
}

/// A log-axis tick label: plain decimals between 10⁻³ and 10⁴, else `1e-5` style.
fn fmt_log_tick(t: f64) -> String {
    if (1e-3..1e4).contains(&t) {
        let s = format!("{t:.4}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        let e = t.log10().floor() as i32;
        let m = (t / 10f64.powi(e)).round();
        format!("{m}e{e}")
    }
}

/// Shortest decimal text of a marker position (`0.4406868`, not `0.44068680000000002`).
pub(crate) fn trim_float(x: f64) -> String {
    let s = format!("{x:.6}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    s.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Error;

    #[test]
    fn svg_names_every_series_reference_and_marker() {
        let svg = LinePlot::new("Magnetisation")
            .x_label("beta")
            .y_label("|m|")
            .series_with_errors("RG", &[0.1, 0.2], &[0.1, 0.5], &[0.01, 0.02])
            .series("AE", &[0.1, 0.2], &[0.2, 0.6])
            .reference("exact", &[0.1, 0.2], &[0.0, 0.55])
            .vline(0.4406868, "β_c")
            .to_svg()
            .unwrap();
        for needle in [
            "Magnetisation",
            "beta",
            "|m|",
            "RG",
            "AE",
            "exact",
            "β_c = 0.440687",
        ] {
            assert!(svg.contains(needle), "missing {needle}");
        }
        assert!(svg.starts_with("<svg"));
        assert!(svg.trim_end().ends_with("</svg>"));
    }

    #[test]
    fn nan_and_infinity_are_rejected_with_location() {
        let err = LinePlot::new("T")
            .series("RG", &[0.1, 0.2, 0.3], &[1.0, f64::NAN, 2.0])
            .to_svg()
            .unwrap_err();
        match &err {
            Error::NonFinite { what, index, .. } => {
                assert!(what.contains("RG") && what.contains('y'));
                assert_eq!(*index, 1);
            }
            e => panic!("wrong error {e}"),
        }
        assert!(err.to_string().contains("non-finite"));
        let err = LinePlot::new("T")
            .series_with_errors("AE", &[0.1], &[1.0], &[f64::INFINITY])
            .to_svg()
            .unwrap_err();
        assert!(matches!(err, Error::NonFinite { .. }), "{err}");
        let err = LinePlot::new("T")
            .series("AE", &[0.1], &[1.0])
            .vline(f64::NAN, "b")
            .to_svg()
            .unwrap_err();
        assert!(matches!(err, Error::NonFinite { .. }), "{err}");
    }

    #[test]
    fn bad_shapes_are_rejected() {
        let e = LinePlot::new("T").to_svg().unwrap_err();
        assert!(matches!(e, Error::Invalid { .. }));
        let e = LinePlot::new("T")
            .series("a", &[1.0, 2.0], &[1.0])
            .to_svg()
            .unwrap_err();
        assert!(e.to_string().contains("expected"), "{e}");
        let e = LinePlot::new("T")
            .log_y(true)
            .series("a", &[1.0, 2.0], &[1.0, 0.0])
            .to_svg()
            .unwrap_err();
        assert!(e.to_string().contains("log"), "{e}");
        let e = LinePlot::new("T")
            .series_with_errors("a", &[1.0], &[1.0], &[-0.1])
            .to_svg()
            .unwrap_err();
        assert!(e.to_string().contains("negative"), "{e}");
    }

    #[test]
    fn log_ticks_are_readable() {
        assert_eq!(log_ticks(0.0015, 0.025), vec![0.002, 0.005, 0.01, 0.02]);
        assert_eq!(log_ticks(2.0, 5.0), vec![2.0, 3.0, 4.0, 5.0]);
        assert!(log_ticks(1e-9, 1.0).len() <= 10);
        assert_eq!(fmt_log_tick(0.002), "0.002");
        assert_eq!(fmt_log_tick(1e-5), "1e-5");
        assert_eq!(fmt_log_tick(20.0), "20");
    }

    #[test]
    fn log_axis_and_single_point_render() {
        let svg = LinePlot::new("loss")
            .log_y(true)
            .series_with_errors("AE", &[1.0, 2.0, 3.0], &[1.0, 0.1, 0.01], &[0.5, 0.2, 0.0])
            .to_svg()
            .unwrap();
        assert!(svg.contains("AE"));
        let svg = LinePlot::new("one").series("p", &[1.0], &[1.0]).to_svg().unwrap();
        assert!(svg.contains("one"));
    }
}
