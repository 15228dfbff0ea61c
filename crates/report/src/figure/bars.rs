//! Grouped bar charts with error bars: one group per category, one bar per series
//! (e.g. sparsity and locality of the weights, "RG" against "AE", mean ± spread over
//! seeds).
//!
//! Bars start at zero (negative values go down). Non-finite values or errors are
//! rejected with [`Error::NonFinite`](crate::Error::NonFinite).
//!
//! ```
//! use report::Bars;
//!
//! let svg = Bars::new("Weight sparsity")
//!     .categories(["L1/L2", "locality"])
//!     .y_label("value")
//!     .series_with_errors("RG", &[0.9, 0.8], &[0.02, 0.01])
//!     .series_with_errors("AE", &[0.4, 0.3], &[0.05, 0.04])
//!     .to_svg()?;
//! assert!(svg.contains("locality") && svg.contains("AE"));
//! # Ok::<(), report::Error>(())
//! ```

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::common::{
    check_finite, check_len, invalid, render_svg, series_color, Extent, LegendPosition, FONT,
};
use super::raster::draw_text;
use crate::error::Result;

#[derive(Debug, Clone)]
struct Series {
    name: String,
    values: Vec<f64>,
    err: Option<Vec<f64>>,
}

/// A grouped bar chart; build it with the chained setters, then call [`Bars::to_svg`].
#[derive(Debug, Clone)]
pub struct Bars {
    title: String,
    y_label: String,
    width: u32,
    height: u32,
    legend: LegendPosition,
    categories: Vec<String>,
    series: Vec<Series>,
}

impl Bars {
    /// A new empty chart (720 × 460 px).
    pub fn new(title: impl Into<String>) -> Self {
        Bars {
            title: title.into(),
            y_label: String::new(),
            width: 720,
            height: 460,
            legend: LegendPosition::Auto,
            categories: Vec::new(),
            series: Vec::new(),
        }
    }

    /// The category names along the x axis, one group of bars each.
    pub fn categories<S: Into<String>>(mut self, names: impl IntoIterator<Item = S>) -> Self {
        self.categories = names.into_iter().map(Into::into).collect();
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

    /// Legend placement.
    pub fn legend(mut self, position: LegendPosition) -> Self {
        self.legend = position;
        self
    }

    /// Adds a series: one value per category.
    pub fn series(mut self, name: impl Into<String>, values: &[f64]) -> Self {
        self.series.push(Series {
            name: name.into(),
            values: values.to_vec(),
            err: None,
        });
        self
    }

    /// Adds a series with symmetric error bars (err ≥ 0), one per category.
    pub fn series_with_errors(mut self, name: impl Into<String>, values: &[f64], err: &[f64]) -> Self {
        self.series.push(Series {
            name: name.into(),
            values: values.to_vec(),
            err: Some(err.to_vec()),
        });
        self
    }

    /// Renders the chart as an SVG document.
    pub fn to_svg(&self) -> Result<String> {
        let t = &self.title;
        let n = self.categories.len();
        if n == 0 || self.series.is_empty() {
            return Err(invalid(
                t,
                "a bar chart needs at least one category and one series",
            ));
        }
        let mut ye = Extent::new();
        ye.add(0.0);
        for s in &self.series {
            let what = |part: &str| format!("series {:?} {part}", s.name);
            check_len(t, &what("values"), s.values.len(), n)?;
            check_finite(t, &what("values"), &s.values)?;
            if let Some(err) = &s.err {
                check_len(t, &what("error"), err.len(), n)?;
                check_finite(t, &what("error"), err)?;
                if let Some(i) = err.iter().position(|e| *e < 0.0) {
                    return Err(invalid(t, format!("{} is negative at index {i}", what("error"))));
                }
            }
            for (i, v) in s.values.iter().enumerate() {
                let e = s.err.as_ref().map_or(0.0, |e| e[i]);
                ye.add(v + e);
                ye.add(v - e);
            }
        }
        let (mut y0, mut y1) = ye.padded(0.08);
        // Keep the zero baseline on the axis edge when all values have one sign.
        if ye.lo >= 0.0 {
            y0 = 0.0;
        }
        if ye.hi <= 0.0 {
            y1 = 0.0;
        }
        let k = self.series.len();
        let slot = 0.8 / k as f64;
        let pts = self.series.iter().enumerate().flat_map(|(j, s)| {
            s.values.iter().enumerate().map(move |(i, &v)| {
                let x = (i as f64 + 0.1 + slot * (j as f64 + 0.5)) / n as f64;
                (x, (v - y0) / (y1 - y0))
            })
        });
        let legend = self.legend.resolve(pts);
        let cats = &self.categories;
        render_svg(t, self.width, self.height, |root| {
            let mut chart = ChartBuilder::on(root)
                .caption(t, (FONT, 20))
                .margin(14)
                .x_label_area_size(40)
                .y_label_area_size(70)
                .build_cartesian_2d(0.0..n as f64, y0..y1)?;
            chart
                .configure_mesh()
                .disable_x_mesh()
                .x_labels(0)
                .y_desc(self.y_label.as_str())
                .label_style((FONT, 13))
                .axis_desc_style((FONT, 15))
                .bold_line_style(RGBColor(222, 222, 222))
                .light_line_style(RGBColor(244, 244, 244))
                .draw()?;
            // Category names under their groups, in figure pixels.
            for (i, name) in cats.iter().enumerate() {
                let (x, y) = chart.backend_coord(&(i as f64 + 0.5, y0));
                draw_text(root, name, (x, y + 10), 14, (HPos::Center, VPos::Top), false)?;
            }
            for (j, s) in self.series.iter().enumerate() {
                let color = series_color(j);
                let fill = color.mix(0.85).filled();
                chart
                    .draw_series(s.values.iter().enumerate().map(|(i, &v)| {
                        let l = i as f64 + 0.1 + slot * j as f64;
                        Rectangle::new([(l + 0.06 * slot, 0.0), (l + 0.94 * slot, v)], fill)
                    }))?
                    .label(s.name.as_str())
                    .legend(move |(x, y)| Rectangle::new([(x, y - 6), (x + 16, y + 6)], fill));
                if let Some(err) = &s.err {
                    // Error bars without a centre marker: a line with caps.
                    let bar = BLACK.mix(0.8).stroke_width(1);
                    let cap = 0.15 * slot;
                    for (i, (&v, &e)) in s.values.iter().zip(err).enumerate() {
                        let c = i as f64 + 0.1 + slot * (j as f64 + 0.5);
                        chart.draw_series([
                            PathElement::new(vec![(c, v - e), (c, v + e)], bar),
                            PathElement::new(vec![(c - cap, v - e), (c + cap, v - e)], bar),
                            PathElement::new(vec![(c - cap, v + e), (c + cap, v + e)], bar),
                        ])?;
                    }
                }
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
    fn svg_names_categories_and_series() {
        let svg = Bars::new("Final loss")
            .categories(["seed spread", "β = 0.44"])
            .y_label("MSE")
            .series_with_errors("RG-AE", &[0.3, -0.1], &[0.01, 0.02])
            .series("AE", &[0.2, 0.1])
            .to_svg()
            .unwrap();
        for needle in ["Final loss", "seed spread", "β = 0.44", "MSE", "RG-AE", "AE"] {
            assert!(svg.contains(needle), "missing {needle}");
        }
    }

    #[test]
    fn bad_inputs_are_rejected() {
        let e = Bars::new("b")
            .categories(["a", "b"])
            .series("s", &[1.0, f64::NAN])
            .to_svg()
            .unwrap_err();
        assert!(matches!(e, Error::NonFinite { index: 1, .. }), "{e}");
        let e = Bars::new("b")
            .categories(["a", "b"])
            .series("s", &[1.0])
            .to_svg()
            .unwrap_err();
        assert!(matches!(e, Error::Invalid { .. }), "{e}");
        assert!(Bars::new("b").series("s", &[]).to_svg().is_err());
    }
}
