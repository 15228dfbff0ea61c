//! Colour maps for heatmaps and lattices.
//!
//! * [`Colormap::Diverging`] — blue–white–red (ColorBrewer RdBu, reversed): negative blue,
//!   zero white, positive red. Its default range is symmetric, ±max|v|, so that white
//!   always means zero. For weights and correlations.
//! * [`Colormap::Sequential`] — viridis, dark purple (low) to yellow (high); default range
//!   [min, max]. For magnitudes.
//! * [`Colormap::Grays`] — white (low) to black (high); spins −1 white, +1 black.
//!
//! ```
//! use report::Colormap;
//! assert_eq!(Colormap::Diverging.color(0.5), [0xf7, 0xf7, 0xf7]);
//! assert_eq!(Colormap::Grays.color(1.0), [0, 0, 0]);
//! ```

/// A colour map from a value in [0, 1] to an RGB colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Colormap {
    /// Blue–white–red, symmetric about zero by default.
    #[default]
    Diverging,
    /// Viridis, from the minimum to the maximum.
    Sequential,
    /// White (low) to black (high).
    Grays,
}

const RDBU_R: [[u8; 3]; 9] = [
    [0x21, 0x66, 0xac],
    [0x43, 0x93, 0xc3],
    [0x92, 0xc5, 0xde],
    [0xd1, 0xe5, 0xf0],
    [0xf7, 0xf7, 0xf7],
    [0xfd, 0xdb, 0xc7],
    [0xf4, 0xa5, 0x82],
    [0xd6, 0x60, 0x4d],
    [0xb2, 0x18, 0x2b],
];

const VIRIDIS: [[u8; 3]; 9] = [
    [0x44, 0x01, 0x54],
    [0x47, 0x2d, 0x7b],
    [0x3b, 0x52, 0x8b],
    [0x2c, 0x72, 0x8e],
    [0x21, 0x91, 0x8c],
    [0x28, 0xae, 0x80],
    [0x5e, 0xc9, 0x62],
    [0xad, 0xdc, 0x30],
    [0xfd, 0xe7, 0x25],
];

const GRAYS: [[u8; 3]; 2] = [[0xff, 0xff, 0xff], [0, 0, 0]];

impl Colormap {
    fn anchors(self) -> &'static [[u8; 3]] {
        match self {
            Colormap::Diverging => &RDBU_R,
            Colormap::Sequential => &VIRIDIS,
            Colormap::Grays => &GRAYS,
        }
    }

    /// The colour at `t` ∈ [0, 1] (clamped), linearly interpolated between anchors.
    pub fn color(self, t: f64) -> [u8; 3] {
        let a = self.anchors();
        let t = if t.is_nan() { 0.5 } else { t.clamp(0.0, 1.0) };
        let pos = t * (a.len() - 1) as f64;
        let i = (pos.floor() as usize).min(a.len() - 2);
        let f = pos - i as f64;
        let mut out = [0u8; 3];
        for (k, o) in out.iter_mut().enumerate() {
            let v = f64::from(a[i][k]) * (1.0 - f) + f64::from(a[i + 1][k]) * f;
            *o = v.round().clamp(0.0, 255.0) as u8;
        }
        out
    }

    /// The colour of `v` on the range `[lo, hi]`.
    pub fn color_in(self, v: f64, lo: f64, hi: f64) -> [u8; 3] {
        self.color(if hi > lo { (v - lo) / (hi - lo) } else { 0.5 })
    }

    /// The default range for `values` (finite values assumed): symmetric ±max|v| for
    /// [`Colormap::Diverging`], [min, max] otherwise; never empty.
    pub fn default_range(self, values: &[f64]) -> (f64, f64) {
        match self {
            Colormap::Diverging => {
                let m = values.iter().fold(0.0f64, |m, v| m.max(v.abs()));
                if m > 0.0 {
                    (-m, m)
                } else {
                    (-1.0, 1.0)
                }
            }
            _ => {
                let lo = values.iter().copied().fold(f64::INFINITY, f64::min);
                let hi = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
                if !(lo.is_finite() && hi.is_finite()) {
                    (0.0, 1.0)
                } else if hi > lo {
                    (lo, hi)
                } else {
                    (lo - 0.5, hi + 0.5)
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoints_and_clamping() {
        assert_eq!(Colormap::Diverging.color(0.0), RDBU_R[0]);
        assert_eq!(Colormap::Diverging.color(1.0), RDBU_R[8]);
        assert_eq!(Colormap::Sequential.color(-3.0), VIRIDIS[0]);
        assert_eq!(Colormap::Sequential.color(7.0), VIRIDIS[8]);
        assert_eq!(Colormap::Grays.color(0.5), [128, 128, 128]);
        assert_eq!(Colormap::Grays.color_in(-1.0, -1.0, 1.0), [255, 255, 255]);
    }

    #[test]
    fn default_ranges() {
        assert_eq!(Colormap::Diverging.default_range(&[0.2, -0.5]), (-0.5, 0.5));
        assert_eq!(Colormap::Diverging.default_range(&[0.0]), (-1.0, 1.0));
        assert_eq!(Colormap::Sequential.default_range(&[0.2, 0.7]), (0.2, 0.7));
        assert_eq!(Colormap::Sequential.default_range(&[1.0, 1.0]), (0.5, 1.5));
    }
}
