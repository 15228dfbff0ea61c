//! Stages that are skipped when nothing they depend on has changed.
//!
//! Each stage owns a folder `runs/<study>/<stage>/`. Its key is a SHA-256 of the
//! stage's name, its settings, the keys of the stages it reads and the rgae build (a
//! hash of the running executable: new code redoes the stages, as new settings do).
//! The stage's `stage.json` (key, seconds, summary) is written last, atomically: a stage
//! with a matching `stage.json` is complete and is skipped; any other is wiped and run
//! again, which also clears whatever an interrupted run left in its folder.

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, Result};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// How a stage went.
#[derive(Clone, Debug, Serialize)]
pub struct Record {
    pub stage: String,
    pub ran: bool,
    pub seconds: f64,
}

#[derive(Serialize, Deserialize)]
struct Marker<T> {
    key: String,
    seconds: f64,
    summary: T,
}

/// Runs the stages of one study folder (several at once from different threads).
pub struct Runner {
    pub root: PathBuf,
    records: std::sync::Mutex<Vec<Record>>,
}

/// A finished stage: where its files are, its key (for stages downstream) and summary.
pub struct Done<T> {
    pub dir: PathBuf,
    pub key: String,
    pub summary: T,
}

impl Runner {
    pub fn new(root: PathBuf) -> Result<Self> {
        std::fs::create_dir_all(&root).with_context(|| format!("cannot create {}", root.display()))?;
        Ok(Self {
            root,
            records: std::sync::Mutex::new(Vec::new()),
        })
    }

    /// Runs `body` in the stage folder unless a complete run with the same key exists.
    pub fn stage<T, S>(
        &self,
        name: &str,
        settings: &S,
        body: impl FnOnce(&Path) -> Result<T>,
    ) -> Result<Done<T>>
    where
        T: Serialize + DeserializeOwned,
        S: Serialize,
    {
        let key = stage_key(name, settings)?;
        let dir = self.root.join(name);
        let marker = dir.join("stage.json");
        if let Some(summary) = read_marker::<T>(&marker, &key) {
            self.record(Record {
                stage: name.into(),
                ran: false,
                seconds: 0.0,
            });
            return Ok(Done { dir, key, summary });
        }
        if dir.exists() {
            std::fs::remove_dir_all(&dir).with_context(|| format!("cannot clear {}", dir.display()))?;
        }
        std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
        eprintln!("rgae: stage {name} running");
        let start = Instant::now();
        let summary = body(&dir).with_context(|| format!("stage {name}"))?;
        let seconds = start.elapsed().as_secs_f64();
        let text = serde_json::to_vec_pretty(&Marker {
            key: key.clone(),
            seconds,
            summary,
        })?;
        ising::dataset::write_atomically(&marker, |f| {
            std::io::Write::write_all(f, &text).map_err(|e| e.to_string())
        })
        .map_err(anyhow::Error::msg)?;
        let summary = read_marker::<T>(&marker, &key).context("stage marker unreadable after writing")?;
        self.record(Record {
            stage: name.into(),
            ran: true,
            seconds,
        });
        Ok(Done { dir, key, summary })
    }

    fn record(&self, record: Record) {
        self.records
            .lock()
            .expect("no panics while recording")
            .push(record);
    }

    /// The closing table of stage times (stages run in parallel overlap in time).
    pub fn table(&self) -> String {
        let records = self.records.lock().expect("no panics while recording");
        let mut out = format!("{:<28} {:>8} {:>10}\n", "stage", "status", "seconds");
        for r in records.iter() {
            let status = if r.ran { "ran" } else { "cached" };
            out += &format!("{:<28} {:>8} {:>10.1}\n", r.stage, status, r.seconds);
        }
        let total: f64 = records.iter().map(|r| r.seconds).sum();
        out += &format!("{:<28} {:>8} {:>10.1}\n", "sum", "", total);
        out
    }
}

fn stage_key<S: Serialize>(name: &str, settings: &S) -> Result<String> {
    let mut hash = Sha256::new();
    hash.update(name.as_bytes());
    hash.update(serde_json::to_vec(settings)?);
    hash.update(build_id()?.as_bytes());
    Ok(hex(&hash.finalize()))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// SHA-256 of the running executable, computed once.
fn build_id() -> Result<&'static str> {
    static ID: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    if let Some(id) = ID.get() {
        return Ok(id);
    }
    let exe = std::env::current_exe().context("cannot locate the rgae executable")?;
    let bytes = std::fs::read(&exe).with_context(|| format!("cannot read {}", exe.display()))?;
    Ok(ID.get_or_init(|| hex(&Sha256::digest(&bytes))))
}

fn read_marker<T: DeserializeOwned>(path: &Path, key: &str) -> Option<T> {
    let marker: Marker<T> = serde_json::from_slice(&std::fs::read(path).ok()?).ok()?;
    (marker.key == key).then_some(marker.summary)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stage_runs_once_per_key_and_again_when_settings_change() {
        let root = std::env::temp_dir().join(format!("rgae-stage-{}", std::process::id()));
        let runner = Runner::new(root.clone()).unwrap();
        let mut calls = 0;
        for settings in [1, 1, 2] {
            let done = runner
                .stage("square", &settings, |dir| {
                    calls += 1;
                    std::fs::write(dir.join("out.txt"), "x")?;
                    Ok(settings * settings)
                })
                .unwrap();
            assert_eq!(done.summary, settings * settings);
        }
        assert_eq!(calls, 2);
        // An unfinished stage (no marker) is wiped and run again.
        std::fs::remove_file(root.join("square/stage.json")).unwrap();
        std::fs::write(root.join("square/.half.part"), "half").unwrap();
        runner.stage("square", &2, |_| Ok(4)).unwrap();
        assert!(!root.join("square/.half.part").exists());
        std::fs::remove_dir_all(root).unwrap();
    }
}
