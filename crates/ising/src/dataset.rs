//! The dataset format: one `.npz` file that numpy opens with `np.load`.
//!
//! | array | dtype | shape | meaning |
//! |---|---|---|---|
//! | `spins` | int8 | [N, L, L] | configurations, ±1, row-major `[y][x]` |
//! | `beta` | float64 | [N] | inverse temperature of each sample |
//! | `chain` | uint32 | [N] | independent Markov chain it came from (validation splits use it) |
//! | `sweep` | uint64 | [N] | sweep index within its chain after burn-in |
//! | `energy` | float64 | [N] | energy per spin of the original configuration |
//! | `magnetization` | float64 | [N] | magnetisation per spin of the original configuration |
//! | `meta` | uint8 | [bytes] | UTF-8 JSON: provenance (sizes, algorithm, seeds, transforms) |
//!
//! ```python
//! d = np.load("data.npz"); meta = json.loads(bytes(d["meta"]))
//! ```
//!
//! Writes go to a temporary file beside the target, then a rename, so an interrupted
//! write never leaves a half-written dataset.

use std::fs::File;
use std::io::BufReader;
use std::path::{Path, PathBuf};

use ndarray::{Array1, Array3};
use ndarray_npy::{NpzReader, NpzWriter};

/// Errors reading or writing a dataset; each displays as one line naming the problem.
#[derive(Debug, thiserror::Error)]
pub enum DatasetError {
    #[error("{path}: already exists (pass --force to overwrite)")]
    Exists { path: PathBuf },
    #[error("{path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    #[error("{path}: not a readable rgae dataset: {reason}")]
    Format { path: PathBuf, reason: String },
    #[error("{path}: cannot write: {reason}")]
    Write { path: PathBuf, reason: String },
}

/// A set of L×L configurations with per-sample labels and JSON provenance.
#[derive(Clone, Debug, PartialEq)]
pub struct Dataset {
    /// Linear size L.
    pub size: usize,
    /// `len() * size * size` spins, sample-major then row-major.
    pub spins: Vec<i8>,
    pub beta: Vec<f64>,
    pub chain: Vec<u32>,
    pub sweep: Vec<u64>,
    pub energy: Vec<f64>,
    pub magnetization: Vec<f64>,
    pub meta: serde_json::Value,
}

impl Dataset {
    /// An empty dataset of L×L configurations.
    pub fn empty(size: usize, meta: serde_json::Value) -> Self {
        Self {
            size,
            spins: Vec::new(),
            beta: Vec::new(),
            chain: Vec::new(),
            sweep: Vec::new(),
            energy: Vec::new(),
            magnetization: Vec::new(),
            meta,
        }
    }

    /// Number of configurations.
    pub fn len(&self) -> usize {
        self.beta.len()
    }

    pub fn is_empty(&self) -> bool {
        self.beta.is_empty()
    }

    /// Spins per configuration, L².
    pub fn sites(&self) -> usize {
        self.size * self.size
    }

    /// The `i`-th configuration, row-major.
    pub fn config(&self, i: usize) -> &[i8] {
        let n = self.sites();
        &self.spins[i * n..(i + 1) * n]
    }

    /// Appends one configuration with its labels.
    pub fn push(&mut self, spins: &[i8], beta: f64, chain: u32, sweep: u64, energy: f64, m: f64) {
        assert_eq!(spins.len(), self.sites(), "configuration has the wrong size");
        self.spins.extend_from_slice(spins);
        self.beta.push(beta);
        self.chain.push(chain);
        self.sweep.push(sweep);
        self.energy.push(energy);
        self.magnetization.push(m);
    }

    /// The samples at `indices`, in that order, with the same meta.
    pub fn select(&self, indices: &[usize]) -> Self {
        let mut out = Self::empty(self.size, self.meta.clone());
        for &i in indices {
            out.push(
                self.config(i),
                self.beta[i],
                self.chain[i],
                self.sweep[i],
                self.energy[i],
                self.magnetization[i],
            );
        }
        out
    }

    /// Distinct β values in order of first appearance.
    pub fn betas(&self) -> Vec<f64> {
        let mut seen: Vec<f64> = Vec::new();
        for &b in &self.beta {
            if !seen.contains(&b) {
                seen.push(b);
            }
        }
        seen
    }

    /// Indices of the samples at exactly this β.
    pub fn indices_at(&self, beta: f64) -> Vec<usize> {
        (0..self.len()).filter(|&i| self.beta[i] == beta).collect()
    }

    /// Reads a dataset written by [`Dataset::write_npz`] (or by numpy with the same arrays).
    pub fn read_npz(path: &Path) -> Result<Self, DatasetError> {
        let format = |reason: String| DatasetError::Format {
            path: path.into(),
            reason,
        };
        let file = File::open(path).map_err(|source| DatasetError::Io {
            path: path.into(),
            source,
        })?;
        let mut npz = NpzReader::new(BufReader::new(file)).map_err(|e| format(e.to_string()))?;
        let spins: Array3<i8> = npz.by_name("spins").map_err(|e| format(format!("spins: {e}")))?;
        let (n, ly, lx) = spins.dim();
        if ly != lx {
            return Err(format(format!(
                "spins must be [N, L, L], found [{n}, {ly}, {lx}]"
            )));
        }
        let mut vec1 = |name: &str| -> Result<Array1<f64>, DatasetError> {
            npz.by_name(name).map_err(|e| format(format!("{name}: {e}")))
        };
        let beta = vec1("beta")?.to_vec();
        let energy = vec1("energy")?.to_vec();
        let magnetization = vec1("magnetization")?.to_vec();
        let chain: Array1<u32> = npz.by_name("chain").map_err(|e| format(format!("chain: {e}")))?;
        let sweep: Array1<u64> = npz.by_name("sweep").map_err(|e| format(format!("sweep: {e}")))?;
        let meta_bytes: Array1<u8> = npz.by_name("meta").map_err(|e| format(format!("meta: {e}")))?;
        let meta = serde_json::from_slice(&meta_bytes.to_vec())
            .map_err(|e| format(format!("meta is not JSON: {e}")))?;
        for (name, len) in [
            ("beta", beta.len()),
            ("chain", chain.len()),
            ("sweep", sweep.len()),
            ("energy", energy.len()),
            ("magnetization", magnetization.len()),
        ] {
            if len != n {
                return Err(format(format!("{name} has {len} entries for {n} configurations")));
            }
        }
        let spins: Vec<i8> = spins.iter().copied().collect();
        if spins.iter().any(|&s| s != 1 && s != -1) {
            return Err(format("spins must all be +1 or -1".into()));
        }
        Ok(Self {
            size: lx,
            spins,
            beta,
            chain: chain.to_vec(),
            sweep: sweep.to_vec(),
            energy,
            magnetization,
            meta,
        })
    }

    /// Writes the dataset atomically (temporary file beside `path`, then rename).
    /// Refuses to replace an existing file unless `force`.
    pub fn write_npz(&self, path: &Path, force: bool) -> Result<(), DatasetError> {
        check_writable(path, force)?;
        let fail = |reason: String| DatasetError::Write {
            path: path.into(),
            reason,
        };
        write_atomically(path, |file| {
            let mut npz = NpzWriter::new_compressed(file);
            let l = self.size;
            let spins =
                Array3::from_shape_vec((self.len(), l, l), self.spins.clone()).map_err(|e| e.to_string())?;
            let meta = serde_json::to_vec(&self.meta).map_err(|e| e.to_string())?;
            let e = |e: ndarray_npy::WriteNpzError| e.to_string();
            npz.add_array("spins", &spins).map_err(e)?;
            npz.add_array("beta", &Array1::from(self.beta.clone()))
                .map_err(e)?;
            npz.add_array("chain", &Array1::from(self.chain.clone()))
                .map_err(e)?;
            npz.add_array("sweep", &Array1::from(self.sweep.clone()))
                .map_err(e)?;
            npz.add_array("energy", &Array1::from(self.energy.clone()))
                .map_err(e)?;
            npz.add_array("magnetization", &Array1::from(self.magnetization.clone()))
                .map_err(e)?;
            npz.add_array("meta", &Array1::from(meta)).map_err(e)?;
            npz.finish().map_err(e)?;
            Ok(())
        })
        .map_err(fail)
    }
}

/// Fails early (before any work) if `path` exists and `force` is off, or if its folder
/// does not exist. Call it before a long computation whose result goes to `path`.
pub fn check_writable(path: &Path, force: bool) -> Result<(), DatasetError> {
    if path.exists() && !force {
        return Err(DatasetError::Exists { path: path.into() });
    }
    let dir = parent_dir(path);
    if !dir.is_dir() {
        return Err(DatasetError::Write {
            path: path.into(),
            reason: format!("folder {} does not exist", dir.display()),
        });
    }
    Ok(())
}

fn parent_dir(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Runs `write` on a temporary file beside `path` and renames it into place on success;
/// the temporary file is removed on failure. Used for every file rgae writes.
pub fn write_atomically<F>(path: &Path, write: F) -> Result<(), String>
where
    F: FnOnce(&mut File) -> Result<(), String>,
{
    let name = path.file_name().ok_or("not a file name")?.to_string_lossy();
    let tmp = parent_dir(path).join(format!(".{name}.{}.part", std::process::id()));
    let result = File::create(&tmp)
        .map_err(|e| e.to_string())
        .and_then(|mut file| {
            write(&mut file)?;
            file.sync_all().map_err(|e| e.to_string())
        })
        .and_then(|()| std::fs::rename(&tmp, path).map_err(|e| e.to_string()));
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Dataset {
        let mut d = Dataset::empty(2, serde_json::json!({"L": 2}));
        d.push(&[1, -1, -1, 1], 0.3, 0, 10, 2.0, 0.0);
        d.push(&[1, 1, 1, 1], 0.6, 1, 20, -2.0, 1.0);
        d
    }

    #[test]
    fn npz_round_trip_is_exact() {
        let dir = std::env::temp_dir().join(format!("ising-ds-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("d.npz");
        let d = sample();
        d.write_npz(&path, true).unwrap();
        assert_eq!(Dataset::read_npz(&path).unwrap(), d);
        assert!(matches!(
            d.write_npz(&path, false),
            Err(DatasetError::Exists { .. })
        ));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn select_keeps_labels() {
        let d = sample().select(&[1]);
        assert_eq!(d.len(), 1);
        assert_eq!(d.beta, vec![0.6]);
        assert_eq!(d.config(0), &[1, 1, 1, 1]);
    }
}
