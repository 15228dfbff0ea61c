//! Scatter plots: several series of points, optionally with vertical error bars, and an
//! optional diagonal y = x (predicted against true β).
//!
//! With the diagonal on, both axes share one range so that the diagonal runs corner to
//! corner. Non-finite values are rejected with [`Error::NonFinite`](crate::Error::NonFinite).
//!
//! ```
//! use report::Scatter;
//!
//! let svg = Scatter::new("Thermometer")
//!     .x_label("true β")
//!     .y_label("predicted β")
//!     .series("L = 32", &[0.3, 0.4, 0.5], &[0.31, 0.41, 0.48])
//!     .diagonal(true)
//!     .to_svg()?;
//! assert!(svg.contains("L = 32") && svg.contains("y = x"));
//! # Ok::<(), report::Error>(())
//! ```

use plotters::prelude::*;

use super::common::{
    check_finite, check_len, invalid, legend_line, render_svg, series_color, Extent, LegendPosition, FONT,
    REF_PALETTE,
};
use super::line::check_range;
use crate::error::Result;

#[derive(Debug, Clone)]
struct Series {
    name: String,
    x: Vec<f64>,
    y: Vec<f64>,
    err: Option<Vec<f64>>,
}

/// A scatter plot; build it with the chained setters, then call [`Scatter::to_svg`].
#[derive(Debug, Clone)]
pub struct Scatter {
    title: String,
    x_label: String,
    y_label: String,
    width: u32,
    height: u32,
    diagonal: bool,
    legend: LegendPosition,
    range: Option<(f64, f64)>,
    series: Vec<Series>,
}

impl Scatter {
    /// A new empty scatter plot (620 × 560 px, no diagonal).
    pub fn new(title: impl Into<String>) -> Self {
        Scatter {
            title: title.into(),
            x_label: String::new(),
            y_label: String::new(),
            width: 620,
            height: 560,
            diagonal: false,
            legend: LegendPosition::Auto,
            range: None,
            series: Vec::new(),
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

    /// Figure size in pixels.
    pub fn size(mut self, width: u32, height: u32) -> Self {
        self.width = width;
        self.height = height;
        self
    }

    /// Draws the dashed diagonal y = x (and gives both axes the same range).
    pub fn diagonal(mut self, on: bool) -> Self {
        self.diagonal = on;
        self
    }

    /// Legend placement.
    pub fn legend(mut self, position: LegendPosition) -> Self {
        self.legend = position;
        self
    }

    /// Fixes the range of both axes instead of fitting it to the data.
    pub fn range(mut self, lo: f64, hi: f64) -> Self {
        self.range = Some((lo, hi));
        self
    }

    /// Adds a series of points (colour = next in the palette).
    pub fn series(mut self, name: impl Into<String>, x: &[f64], y: &[f64]) -> Self {
        self.series.push(Series {
            name: name.into(),
            x: x.to_vec(),
            y: y.to_vec(),
            err: None,
        });
        self
    }

    /// Adds a series of points with vertical error bars `y ± err` (err ≥ 0).
    pub fn series_with_errors(mut self, name: impl Into<String>, x: &[f64], y: &[f64], err: &[f64]) -> Self {
        self.series.push(Series {
            name: name.into(),
            x: x.to_vec(),
            y: y.to_vec(),
            err: Some(err.to_vec()),
        });
        self
    }

    /// Renders the plot as an SVG document.
    pub fn to_svg(&self) -> Result<String> {
        let t = &self.title;
        if self.series.is_empty() {
            return Err(invalid(t, "a scatter plot needs at least one series"));
        }
        let mut xe = Extent::new();
        let mut ye = Extent::new();
        for s in &self.series {
            let what = |axis: &str| format!("series {:?} {axis}", s.name);
            check_len(t, &what("y"), s.y.len(), s.x.len())?;
            check_finite(t, &what("x"), &s.x)?;
            check_finite(t, &what("y"), &s.y)?;
            if let Some(err) = &s.err {
                check_len(t, &what("error"), err.len(), s.x.len())?;
                check_finite(t, &what("error"), err)?;
                if let Some(i) = err.iter().position(|e| *e < 0.0) {
                    return Err(invalid(t, format!("{} is negative at index {i}", what("error"))));
                }
            }
            for (i, (&x, &y)) in s.x.iter().zip(&s.y).enumerate() {
                xe.add(x);
                ye.add(y);
                if let Some(e) = &s.err {
                    ye.add(y - e[i]);
                    ye.add(y + e[i]);
                }
            }
        }
        let ((x0, x1), (y0, y1)) = match self.range {
            Some(r) => {
                let r = check_range(t, "range", r, false)?;
                (r, r)
            }
            None if self.diagonal => {
                let mut both = xe;
                both.add(ye.lo);
                both.add(ye.hi);
                let r = both.padded(0.05);
                (r, r)
            }
            None => (xe.padded(0.05), ye.padded(0.05)),
        };
        let pts = self.series.iter().flat_map(|s| {
            s.x.iter()
                .zip(&s.y)
                .map(|(&x, &y)| ((x - x0) / (x1 - x0), (y - y0) / (y1 - y0)))
        });
        let legend = self.legend.resolve(pts);
        render_svg(t, self.width, self.height, |root| {
            let mut chart = ChartBuilder::on(root)
                .caption(t, (FONT, 20))
                .margin(14)
                .x_label_area_size(46)
                .y_label_area_size(64)
                .build_cartesian_2d(x0..x1, y0..y1)?;
            chart
                .configure_mesh()
                .x_desc(self.x_label.as_str())
                .y_desc(self.y_label.as_str())
                .label_style((FONT, 13))
                .axis_desc_style((FONT, 15))
                .bold_line_style(RGBColor(222, 222, 222))
                .light_line_style(RGBColor(244, 244, 244))
                .draw()?;
            if self.diagonal {
                let style = REF_PALETTE[0].stroke_width(1);
                let (lo, hi) = (x0.max(y0), x1.min(y1));
                chart
                    .draw_series(DashedLineSeries::new(vec![(lo, lo), (hi, hi)], 6, 4, style))?
                    .label("y = x")
                    .legend(move |c| legend_line!(c, style, dashed));
            }
            for (i, s) in self.series.iter().enumerate() {
                let color = series_color(i);
                let fill = color.mix(0.7).filled();
                let legend_style = color.stroke_width(0);
                if let Some(err) = &s.err {
                    let bar = color.mix(0.7).stroke_width(1);
                    chart.draw_series(
                        s.x.iter()
                            .zip(&s.y)
                            .zip(err)
                            .map(|((&x, &y), &e)| ErrorBar::new_vertical(x, y - e, y, y + e, bar, 6)),
                    )?;
                }
                chart
                    .draw_series(s.x.iter().zip(&s.y).map(|(&x, &y)| Circle::new((x, y), 3, fill)))?
                    .label(s.name.as_str())
                    .legend(move |(x, y)| {
                        EmptyElement::at((x, y)) + Circle::new((9, 0), 4, legend_style.color.filled())
                    });
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
            Ok(Vec::new())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Error;

    #[test]
    fn svg_names_series_and_diagonal() {
        let svg = Scatter::new("pred")
            .x_label("true β")
            .y_label("predicted β")
            .series("RG encoder", &[0.3, 0.5], &[0.32, 0.49])
            .series_with_errors("AE encoder", &[0.3, 0.5], &[0.28, 0.52], &[0.01, 0.02])
            .diagonal(true)
            .to_svg()
            .unwrap();
        for needle in [
            "pred",
            "true β",
            "predicted β",
            "RG encoder",
            "AE encoder",
            "y = x",
        ] {
            assert!(svg.contains(needle), "missing {needle}");
        }
        let no_diag = Scatter::new("p").series("s", &[1.0], &[2.0]).to_svg().unwrap();
        assert!(!no_diag.contains("y = x"));
    }

    #[test]
    fn non_finite_points_are_rejected() {
        let e = Scatter::new("p")
            .series("s", &[1.0, f64::NEG_INFINITY], &[2.0, 3.0])
            .to_svg()
            .unwrap_err();
        assert!(matches!(e, Error::NonFinite { index: 1, .. }), "{e}");
        assert!(matches!(
            Scatter::new("p").to_svg().unwrap_err(),
            Error::Invalid { .. }
        ));
    }
}
