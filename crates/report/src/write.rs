//! Writing files atomically: a reader (or a crash) never sees half a file.
//!
//! Each file is written to a hidden temporary file beside its target, flushed to disk,
//! then renamed over the target, which on POSIX file systems replaces it in one step.
//! If anything fails the temporary file is removed.
//!
//! ```
//! let dir = std::env::temp_dir().join(format!("report-doc-{}", std::process::id()));
//! let svg = report::LinePlot::new("t").series("s", &[0.0, 1.0], &[1.0, 2.0]).to_svg()?;
//! match report::write_figure(&dir, "energy", &svg) {
//!     Ok((svg_path, png_path)) => {
//!         assert!(svg_path.ends_with("energy.svg") && png_path.ends_with("energy.png"));
//!     }
//!     Err(report::Error::NoFonts) => {} // no fonts on this machine: no PNG possible
//!     Err(e) => return Err(e),
//! }
//! # std::fs::remove_dir_all(&dir).ok();
//! # Ok::<(), report::Error>(())
//! ```

use std::fs::{self, File};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use crate::error::{Error, Result};
use crate::png::svg_to_png;

/// Scale of the PNGs written by [`write_figure`]: 2 × the SVG's pixel size, sharp enough
/// for slides and print.
pub const PNG_SCALE: f32 = 2.0;

fn io_err(path: &Path) -> impl FnOnce(std::io::Error) -> Error + '_ {
    move |source| Error::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Writes `bytes` to `path` atomically (temporary file beside it, fsync, rename).
/// The parent directory must exist.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let name = path
        .file_name()
        .ok_or_else(|| Error::Io {
            path: path.to_path_buf(),
            source: std::io::Error::new(std::io::ErrorKind::InvalidInput, "no file name"),
        })?
        .to_string_lossy();
    let tmp = path.with_file_name(format!(
        ".{name}.tmp-{}-{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    ));
    let result = (|| {
        let mut f = File::create(&tmp).map_err(io_err(&tmp))?;
        f.write_all(bytes).map_err(io_err(&tmp))?;
        f.sync_all().map_err(io_err(&tmp))?;
        drop(f);
        fs::rename(&tmp, path).map_err(io_err(path))
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

/// Writes a figure as `dir/name.svg` and `dir/name.png` (the PNG at [`PNG_SCALE`]),
/// both atomically, creating `dir` if needed. Returns the two paths.
///
/// `name` must be a plain file stem (letters, digits, `-`, `_`, `.`; no path
/// separators). The PNG is rendered before anything is written, so a failure (for
/// example [`Error::NoFonts`]) leaves neither file behind.
pub fn write_figure(dir: &Path, name: &str, svg: &str) -> Result<(PathBuf, PathBuf)> {
    write_figure_scaled(dir, name, svg, PNG_SCALE)
}

/// [`write_figure`] with a chosen PNG scale.
pub fn write_figure_scaled(dir: &Path, name: &str, svg: &str, scale: f32) -> Result<(PathBuf, PathBuf)> {
    let valid = !name.is_empty()
        && !name.starts_with('.')
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if !valid {
        return Err(Error::Io {
            path: dir.join(name),
            source: std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                "figure name must be a plain file stem of [A-Za-z0-9._-]",
            ),
        });
    }
    let png = svg_to_png(svg, scale)?;
    fs::create_dir_all(dir).map_err(io_err(dir))?;
    let svg_path = dir.join(format!("{name}.svg"));
    let png_path = dir.join(format!("{name}.png"));
    write_atomic(&svg_path, svg.as_bytes())?;
    write_atomic(&png_path, &png)?;
    Ok((svg_path, png_path))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_dir(tag: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("report-write-{tag}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&d);
        fs::create_dir_all(&d).unwrap();
        d
    }

    #[test]
    fn atomic_write_replaces_and_leaves_no_temporary() {
        let d = temp_dir("atomic");
        let p = d.join("metrics.json");
        write_atomic(&p, b"{\"a\":1}").unwrap();
        write_atomic(&p, b"{\"a\":2}").unwrap();
        assert_eq!(fs::read(&p).unwrap(), b"{\"a\":2}");
        let names: Vec<_> = fs::read_dir(&d)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names.len(), 1, "{names:?}");
        // A missing directory is an error naming the path, and leaves nothing behind.
        let err = write_atomic(&d.join("missing/x.json"), b"x").unwrap_err();
        assert!(err.to_string().contains("missing"), "{err}");
        fs::remove_dir_all(&d).unwrap();
    }

    #[test]
    fn figure_names_with_separators_are_rejected() {
        let d = temp_dir("names");
        for bad in ["", "../x", "a/b", ".hidden"] {
            assert!(write_figure(&d, bad, "<svg/>").is_err(), "{bad:?} accepted");
        }
        fs::remove_dir_all(&d).unwrap();
    }
}
