//! The fingerprint cache: `build` records, per report, a digest of
//! everything the report depends on, and skips scoring and rendering when
//! the digest is the one recorded and the report's files are still there.
//!
//! What a fingerprint covers (see `Builder::fingerprint`): the rubric as
//! compiled (the text of every file it read, includes too, or the bundled
//! text), the theme chain as loaded (every template, stylesheet and
//! `theme.toml` setting of the theme and the themes it extends), the brand
//! as loaded (its settings with the logo and font files embedded), the
//! client logo, the bytes of every answer, baseline, narrative and listed
//! history file, the commits a git history reads, and the assessment's
//! effective settings (its own `[[assessment]]` table merged with the
//! project's rubric, theme, brand, appendix, gate, export and the gate
//! flags). The binary's identity is checked for the whole file: a cache
//! written by another version of rubricate is ignored.
//!
//! Contents are hashed, never modification times, so a fresh checkout of
//! the same files is up to date. Files are hashed once per build however
//! many reports share them, in parallel. Loaded values (theme, brand) are
//! hashed rather than their files, so an edit that changes nothing a report
//! can show (a comment in `theme.toml`) rebuilds nothing.
//!
//! The cache lives in `OUTPUT/.rubricate-cache.json`, written atomically
//! and deterministically (sorted, no times). It is only ever a hint: a
//! missing, unreadable or foreign file means "rebuild everything", never an
//! error, and deleting it is always safe.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use sha2::{Digest as _, Sha256};

use crate::output::{self, Written};
use crate::report::{Brand, Image};
use crate::source::SourceMap;
use crate::theme::Theme;

/// The cache file's name inside the output folder.
pub const FILE_NAME: &str = ".rubricate-cache.json";

/// The cache file's layout; a file of another layout is ignored.
const FORMAT: u32 = 1;

/// A SHA-256 digest.
pub type Digest = [u8; 32];

/// A fingerprint in the making: named fields, each length-prefixed, so no
/// two different sequences of fields hash alike.
pub struct Key(Sha256);

impl Key {
    pub fn new() -> Key {
        Key(Sha256::new())
    }

    /// Adds one named field.
    pub fn field(&mut self, name: &str, value: impl AsRef<[u8]>) -> &mut Key {
        let value = value.as_ref();
        for part in [name.as_bytes(), value] {
            self.0.update((part.len() as u64).to_le_bytes());
            self.0.update(part);
        }
        self
    }

    /// Adds one named field: the digest of `value` as JSON, streamed into
    /// the hash rather than held (the index's view of 10,000 assessments
    /// is megabytes). `None` if it cannot be serialised.
    pub fn field_json(&mut self, name: &str, value: &impl Serialize) -> Option<&mut Key> {
        let mut json = HashWriter(Sha256::new());
        serde_json::to_writer(&mut json, value).ok()?;
        let digest: Digest = json.0.finalize().into();
        Some(self.field(name, digest))
    }

    /// The fingerprint, as stored in the cache file (hex).
    pub fn finish(self) -> String {
        data_encoding::HEXLOWER.encode(&self.0.finalize())
    }

    fn digest(self) -> Digest {
        self.0.finalize().into()
    }
}

/// Bytes written go into the hash.
struct HashWriter(Sha256);

impl std::io::Write for HashWriter {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.update(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Default for Key {
    fn default() -> Self {
        Key::new()
    }
}

/// Every file a compile read (name and text): a rubric and its includes,
/// or the bundled rubric's text.
pub fn sources_digest(sources: &SourceMap) -> Digest {
    let mut key = Key::new();
    for (_, file) in sources.files() {
        key.field("name", &file.name).field("text", &file.text);
    }
    key.digest()
}

/// A theme chain as loaded: what the renderer is compiled from.
pub fn theme_digest(theme: &Theme) -> Digest {
    let mut key = Key::new();
    key.field("name", &theme.name)
        .field("description", theme.description.as_deref().unwrap_or(""));
    for (name, value) in &theme.variables {
        key.field("variable", name).field("value", value);
    }
    for layer in &theme.layers {
        key.field("layer", &layer.name)
            .field("origin", &layer.origin);
        for (path, text) in &layer.templates {
            key.field("template", path).field("text", text);
        }
        for (path, text) in &layer.styles {
            key.field("style", path).field("text", text);
        }
    }
    key.digest()
}

/// A brand as loaded: its settings with its logo and fonts embedded, which
/// is all a report receives of it.
pub fn brand_digest(brand: &Brand) -> Option<Digest> {
    value_digest(brand)
}

/// A client logo as embedded.
pub fn image_digest(image: &Image) -> Option<Digest> {
    value_digest(image)
}

fn value_digest<T: Serialize>(value: &T) -> Option<Digest> {
    let bytes = serde_json::to_vec(value).ok()?;
    Some(Sha256::digest(bytes).into())
}

/// The bytes of each file, hashed once and in parallel; `None` for a file
/// that cannot be read as a regular file of at most 8 MiB (the build then
/// reports it, and the report is not cached).
pub fn digest_files(paths: BTreeSet<&Path>) -> BTreeMap<PathBuf, Option<Digest>> {
    paths
        .into_par_iter()
        .map(|path| {
            let bytes = crate::input::read_regular(path, crate::input::MAX_ANSWER_BYTES);
            let digest = bytes.ok().map(|b| Sha256::digest(b).into());
            (path.to_path_buf(), digest)
        })
        .collect()
}

/// What identifies the binary: its version and commit; for a build from a
/// modified tree (or an unknown commit) also the executable's size and
/// modification time, since its version alone does not name its code and
/// a rebuilt binary must not reuse an older one's reports.
pub fn binary_identity() -> String {
    let version = env!("RUBRICATE_VERSION");
    if version.contains('(') && !version.contains("modified") {
        return version.to_string();
    }
    let stamp = std::env::current_exe()
        .and_then(std::fs::metadata)
        .map(|m| {
            let modified = m
                .modified()
                .ok()
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .map_or(0, |d| d.as_nanos());
            format!("{} bytes, {modified}", m.len())
        })
        .unwrap_or_default();
    format!("{version} [{stamp}]")
}

/// The cache file: which fingerprint each report was last built from,
/// its files' sizes, and what the index and summary show of it.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Cache {
    format: u32,
    /// [`binary_identity`] of the binary that wrote it.
    rubricate: String,
    /// By assessment id.
    reports: BTreeMap<String, Entry>,
    /// The index as last written: its fingerprint and size.
    #[serde(default)]
    index: Option<(String, u64)>,
    /// Whether it differs from the file it was read from: an unchanged
    /// cache is not written again (10,000 reports take ~5 MB of JSON).
    #[serde(skip)]
    dirty: bool,
}

/// Caches are equal when they say the same, whether written or not.
impl PartialEq for Cache {
    fn eq(&self, other: &Cache) -> bool {
        self.format == other.format
            && self.rubricate == other.rubricate
            && self.reports == other.reports
            && self.index == other.index
    }
}

/// One report as last built.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    pub fingerprint: String,
    /// Every file written for the report (relative to its folder) with its
    /// size: a deleted or truncated one is rebuilt. A sorted list rather
    /// than a map: a map's node costs ~400 bytes for two files, times
    /// 10,000 reports (it is still written as a JSON object).
    #[serde(with = "sorted_map")]
    pub outputs: Vec<(String, u64)>,
    /// Shared with the build's result of the report, not copied.
    pub summary: Arc<Summary>,
}

/// A sorted `Vec` of pairs read and written as a JSON object.
mod sorted_map {
    use std::collections::BTreeMap;

    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(pairs: &[(String, u64)], s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(pairs.iter().map(|(k, v)| (k, v)))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<(String, u64)>, D::Error> {
        Ok(BTreeMap::<String, u64>::deserialize(d)?
            .into_iter()
            .collect())
    }
}

/// What the console, the index and the job summary show of a report: kept
/// so an up-to-date report needs neither scoring nor re-reading.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    pub title: String,
    pub author: Option<String>,
    pub organization: String,
    pub stage: String,
    pub tagline: Option<String>,
    pub position: String,
    pub target: String,
    pub respondents: usize,
    pub date: Option<String>,
}

impl Cache {
    /// An empty cache for this binary.
    pub fn new(identity: &str) -> Cache {
        Cache {
            format: FORMAT,
            rubricate: identity.to_string(),
            reports: BTreeMap::new(),
            index: None,
            dirty: true,
        }
    }

    /// The cache in `output`, or an empty one when it is missing,
    /// unreadable, of another layout or written by another binary.
    pub fn read(output: &Path, identity: &str) -> Cache {
        let path = output.join(FILE_NAME);
        let parsed = crate::input::read_regular(&path, MAX_CACHE_BYTES)
            .ok()
            .and_then(|bytes| serde_json::from_slice::<Cache>(&bytes).ok());
        match parsed {
            Some(cache) if cache.format == FORMAT && cache.rubricate == identity => cache,
            _ => Cache::new(identity),
        }
    }

    /// Writes the cache into `output` when it differs from the file it was
    /// read from. Streamed to the file: the text of 10,000 reports would
    /// otherwise be held twice (new and old, to compare).
    pub fn write(&mut self, output: &Path) -> std::io::Result<Written> {
        if !self.dirty {
            return Ok(Written::Unchanged);
        }
        output::write_atomic_with(&output.join(FILE_NAME), |w| {
            serde_json::to_writer_pretty(&mut *w, &*self).map_err(std::io::Error::other)?;
            std::io::Write::write_all(w, b"\n")
        })?;
        self.dirty = false;
        Ok(Written::Changed)
    }

    /// The entry of report `id` when it was built from `fingerprint` and
    /// its files in `dir` still have the sizes recorded.
    pub fn fresh(&self, id: &str, fingerprint: &str, dir: &Path) -> Option<&Entry> {
        let entry = self.reports.get(id)?;
        let intact = entry.fingerprint == fingerprint
            && !entry.outputs.is_empty()
            && entry.outputs.iter().all(|(rel, size)| {
                is_plain_relative(rel)
                    && std::fs::metadata(dir.join(rel))
                        .is_ok_and(|m| m.is_file() && m.len() == *size)
            });
        intact.then_some(entry)
    }

    /// Records (or with `None` forgets) report `id`.
    pub fn set(&mut self, id: &str, entry: Option<Entry>) {
        match entry {
            Some(e) if self.reports.get(id) != Some(&e) => {
                self.reports.insert(id.to_string(), e);
                self.dirty = true;
            }
            Some(_) => {}
            None => self.dirty |= self.reports.remove(id).is_some(),
        }
    }

    /// Whether `path` is the index written from `fingerprint`.
    pub fn index_fresh(&self, fingerprint: &str, path: &Path) -> bool {
        self.index.as_ref().is_some_and(|(f, size)| {
            f == fingerprint
                && std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.len() == *size)
        })
    }

    /// Records the index just written from `fingerprint` at `path`.
    pub fn set_index(&mut self, fingerprint: String, path: &Path) {
        let index = std::fs::metadata(path).ok().map(|m| (fingerprint, m.len()));
        self.dirty |= index != self.index;
        self.index = index;
    }

    /// Forgets reports no longer in the project.
    pub fn keep_only(&mut self, ids: &BTreeSet<&str>) {
        let before = self.reports.len();
        self.reports.retain(|id, _| ids.contains(id.as_str()));
        self.dirty |= self.reports.len() != before;
    }
}

/// A cache file larger than this is ignored (10,000 reports take ~5 MB).
const MAX_CACHE_BYTES: u64 = 64 * 1024 * 1024;

/// `report.html`, `csv/pillars.csv`: never absolute, never `..`, so a
/// tampered cache file can only name files inside a report's folder.
fn is_plain_relative(rel: &str) -> bool {
    let path = Path::new(rel);
    !rel.is_empty() && path.components().all(|c| matches!(c, Component::Normal(_)))
}

/// The sizes of a report's files, relative to its folder `dir`; `None` if
/// one cannot be read back (the report is then not cached).
pub fn outputs(dir: &Path, files: &[PathBuf]) -> Option<Vec<(String, u64)>> {
    let mut outputs: Vec<(String, u64)> = files
        .iter()
        .map(|f| {
            let rel = f.strip_prefix(dir).ok()?.to_str()?.to_string();
            let size = std::fs::metadata(f).ok()?.len();
            is_plain_relative(&rel).then_some((rel, size))
        })
        .collect::<Option<_>>()?;
    outputs.sort();
    outputs.dedup_by(|a, b| a.0 == b.0);
    Some(outputs)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn summary() -> Arc<Summary> {
        Arc::new(Summary {
            title: "t".into(),
            author: None,
            organization: "o".into(),
            stage: "s".into(),
            tagline: None,
            position: "p".into(),
            target: "x".into(),
            respondents: 1,
            date: None,
        })
    }

    #[test]
    fn fields_are_delimited() {
        let mut a = Key::new();
        a.field("x", "ab").field("y", "c");
        let mut b = Key::new();
        b.field("x", "a").field("y", "bc");
        assert_ne!(a.finish(), b.finish());
    }

    #[test]
    fn a_cache_of_another_binary_or_a_corrupt_one_is_empty() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path();
        std::fs::write(out.join("report.html"), "hello").unwrap();
        let mut cache = Cache::new("0.1.0 (abc1234)");
        let outputs = vec![("report.html".to_string(), 5)];
        cache.set(
            "a",
            Some(Entry {
                fingerprint: "f".into(),
                outputs,
                summary: summary(),
            }),
        );
        cache.write(out).unwrap();
        let again = Cache::read(out, "0.1.0 (abc1234)");
        assert_eq!(again, cache);
        assert!(again.fresh("a", "f", out).is_some());
        assert!(again.fresh("a", "g", out).is_none(), "another fingerprint");
        assert!(again.fresh("b", "f", out).is_none(), "another report");
        let other = Cache::read(out, "0.2.0 (def5678)");
        assert!(other.fresh("a", "f", out).is_none(), "another binary");
        std::fs::write(out.join("report.html"), "hello!").unwrap();
        assert!(again.fresh("a", "f", out).is_none(), "a changed output");
        std::fs::write(out.join(FILE_NAME), "{\"format\": 1, \"rep").unwrap();
        assert_eq!(
            Cache::read(out, "0.1.0 (abc1234)"),
            Cache::new("0.1.0 (abc1234)")
        );
    }

    #[test]
    fn outputs_outside_the_report_folder_are_never_trusted() {
        assert!(is_plain_relative("report.html"));
        assert!(is_plain_relative("csv/pillars.csv"));
        assert!(!is_plain_relative("../index.html"));
        assert!(!is_plain_relative("/etc/passwd"));
        assert!(!is_plain_relative(""));
    }

    #[test]
    fn the_identity_names_the_version() {
        assert!(binary_identity().starts_with(env!("CARGO_PKG_VERSION")));
    }
}
