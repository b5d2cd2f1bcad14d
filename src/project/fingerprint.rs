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

use crate::input;
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

    /// The fingerprint.
    pub fn finish(self) -> Fingerprint {
        Fingerprint(self.digest())
    }

    fn digest(self) -> Digest {
        self.0.finalize().into()
    }
}

/// A report's or the index's fingerprint: 32 bytes held, 64 hex digits in
/// the cache file (a hex `String` took ~100 bytes, times 10,000 reports).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fingerprint(Digest);

impl Serialize for Fingerprint {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut hex = [0u8; 64];
        data_encoding::HEXLOWER.encode_mut(&self.0, &mut hex);
        s.serialize_str(std::str::from_utf8(&hex).map_err(serde::ser::Error::custom)?)
    }
}

impl<'de> Deserialize<'de> for Fingerprint {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Fingerprint, D::Error> {
        struct Hex;
        impl serde::de::Visitor<'_> for Hex {
            type Value = Fingerprint;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("64 lower-case hex digits")
            }
            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Fingerprint, E> {
                let mut digest = [0u8; 32];
                let decoded = (text.len() == 64)
                    .then(|| data_encoding::HEXLOWER.decode_mut(text.as_bytes(), &mut digest));
                match decoded {
                    Some(Ok(_)) => Ok(Fingerprint(digest)),
                    _ => Err(E::custom("not a fingerprint")),
                }
            }
        }
        d.deserialize_str(Hex)
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
            let bytes = input::read_regular(path, input::MAX_ANSWER_BYTES);
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
/// its files' sizes, and what the index and summary show of it. Held for
/// every report of the project while it builds, so its entries are kept
/// compact (fingerprints as bytes, file names and repeated labels shared).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Cache {
    #[serde(deserialize_with = "format_field")]
    format: u32,
    /// [`binary_identity`] of the binary that wrote it.
    #[serde(deserialize_with = "identity_field")]
    rubricate: String,
    /// By assessment id. Written after `format` and `rubricate`, so a
    /// cache of another layout or binary is known stale before its entries
    /// come, and they are skipped rather than parsed.
    #[serde(deserialize_with = "reports_field")]
    reports: BTreeMap<Box<str>, Entry>,
    /// The index as last written: its fingerprint and size.
    #[serde(default)]
    index: Option<(Fingerprint, u64)>,
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
    pub fingerprint: Fingerprint,
    /// Every file written for the report (relative to its folder) with its
    /// size: a deleted or truncated one is rebuilt. A sorted list rather
    /// than a map: a map's node costs ~400 bytes for two files, times
    /// 10,000 reports (it is still written as a JSON object).
    #[serde(with = "sorted_map")]
    pub outputs: Box<[(FileName, u64)]>,
    /// Shared with the build's result of the report, not copied.
    pub summary: Arc<Summary>,
}

/// A report's file name relative to its folder: the usual ones are not
/// allocated again for every report.
pub type FileName = std::borrow::Cow<'static, str>;

/// The names of the files most reports have.
const USUAL_FILES: [&str; 3] = ["report.html", "score.json", "scores.xlsx"];

/// `name`, shared when it is a usual one.
pub fn file_name(name: String) -> FileName {
    match USUAL_FILES.iter().find(|usual| **usual == name) {
        Some(usual) => FileName::Borrowed(usual),
        None => FileName::Owned(name),
    }
}

/// A sorted list of pairs read and written as a JSON object.
mod sorted_map {
    use serde::de::{MapAccess, Visitor};
    use serde::{Deserializer, Serializer};

    use super::{FileName, file_name};

    pub fn serialize<S: Serializer>(pairs: &[(FileName, u64)], s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(pairs.iter().map(|(k, v)| (k, v)))
    }

    /// As a map would read it: sorted by name, the last of equal names.
    pub fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Box<[(FileName, u64)]>, D::Error> {
        struct Pairs;
        impl<'de> Visitor<'de> for Pairs {
            type Value = Vec<(FileName, u64)>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a map of file names to sizes")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut pairs = Vec::new();
                while let Some((name, size)) = map.next_entry::<String, u64>()? {
                    pairs.push((file_name(name), size));
                }
                Ok(pairs)
            }
        }
        let mut pairs = d.deserialize_map(Pairs)?;
        // Stable: equal names stay in file order, and the last one wins.
        pairs.sort_by(|a, b| a.0.cmp(&b.0));
        let mut kept: Vec<(FileName, u64)> = Vec::with_capacity(pairs.len());
        for pair in pairs {
            match kept.last_mut() {
                Some(last) if last.0 == pair.0 => *last = pair,
                _ => kept.push(pair),
            }
        }
        Ok(kept.into_boxed_slice())
    }
}

/// What the console, the index and the job summary show of a report: kept
/// so an up-to-date report needs neither scoring nor re-reading. Labels
/// that repeat across reports (stage, target, date…) are shared
/// ([`Strings`]) rather than held once per report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    pub title: Box<str>,
    #[serde(deserialize_with = "shared_opt")]
    pub author: Option<Arc<str>>,
    pub organization: Box<str>,
    #[serde(deserialize_with = "shared")]
    pub stage: Arc<str>,
    #[serde(deserialize_with = "shared_opt")]
    pub tagline: Option<Arc<str>>,
    #[serde(deserialize_with = "shared")]
    pub position: Arc<str>,
    #[serde(deserialize_with = "shared")]
    pub target: Arc<str>,
    pub respondents: usize,
    #[serde(deserialize_with = "shared_opt")]
    pub date: Option<Arc<str>>,
}

/// Strings shared by every report that shows them: one allocation for
/// "Defined" however many reports are at that stage.
#[derive(Debug, Default)]
pub struct Strings(std::sync::Mutex<std::collections::HashSet<Arc<str>>>);

impl Strings {
    /// `text`, shared with every earlier equal one.
    pub fn get(&self, text: &str) -> Arc<str> {
        let Ok(mut set) = self.0.lock() else {
            return Arc::from(text);
        };
        if let Some(shared) = set.get(text) {
            return shared.clone();
        }
        let shared: Arc<str> = Arc::from(text);
        set.insert(shared.clone());
        shared
    }
}

std::thread_local! {
    /// The strings a cache being read shares ([`Cache::read`] sets it).
    static READING: std::cell::RefCell<Option<Arc<Strings>>> =
        const { std::cell::RefCell::new(None) };
}

std::thread_local! {
    /// The binary identity a cache being read must have ([`Cache::read`]
    /// sets it).
    static EXPECTED: std::cell::RefCell<Option<String>> =
        const { std::cell::RefCell::new(None) };
    /// Whether the cache being read has turned out to be of another layout
    /// or binary: it will be discarded, so its entries are not parsed.
    static STALE: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Marks the cache being read stale when `wrong`, if one is being read.
fn stale_if(wrong: bool) {
    if wrong && EXPECTED.with(|e| e.borrow().is_some()) {
        STALE.set(true);
    }
}

fn format_field<'de, D: serde::Deserializer<'de>>(d: D) -> Result<u32, D::Error> {
    let format = u32::deserialize(d)?;
    stale_if(format != FORMAT);
    Ok(format)
}

fn identity_field<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    let identity = String::deserialize(d)?;
    stale_if(EXPECTED.with(|e| e.borrow().as_deref() != Some(identity.as_str())));
    Ok(identity)
}

fn reports_field<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<BTreeMap<Box<str>, Entry>, D::Error> {
    if STALE.get() {
        serde::de::IgnoredAny::deserialize(d)?;
        return Ok(BTreeMap::new());
    }
    BTreeMap::deserialize(d)
}

fn shared_text(text: &str) -> Arc<str> {
    READING.with(|r| match &*r.borrow() {
        Some(strings) => strings.get(text),
        None => Arc::from(text),
    })
}

fn shared<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Arc<str>, D::Error> {
    let text = std::borrow::Cow::<str>::deserialize(d)?;
    Ok(shared_text(&text))
}

fn shared_opt<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Arc<str>>, D::Error> {
    let text = Option::<std::borrow::Cow<str>>::deserialize(d)?;
    Ok(text.map(|t| shared_text(&t)))
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
    /// unreadable, of another layout or written by another binary (or has
    /// a malformed fingerprint). Parsed from the file as it is read rather
    /// than from its text held whole (~5 MB for 10,000 reports); labels
    /// are shared through `strings`, as the build's new summaries are.
    pub fn read(output: &Path, identity: &str, strings: &Arc<Strings>) -> Cache {
        let path = output.join(FILE_NAME);
        READING.with(|r| *r.borrow_mut() = Some(strings.clone()));
        EXPECTED.with(|e| *e.borrow_mut() = Some(identity.to_string()));
        STALE.set(false);
        // Reading stops past the limit: a file grown meanwhile ends in a
        // parse error, and the cache is ignored.
        let parsed = input::open_regular(&path, MAX_CACHE_BYTES)
            .ok()
            .and_then(|(file, _)| {
                serde_json::from_reader::<_, Cache>(std::io::BufReader::new(file)).ok()
            });
        READING.with(|r| *r.borrow_mut() = None);
        EXPECTED.with(|e| *e.borrow_mut() = None);
        STALE.set(false);
        match parsed {
            Some(mut cache) if cache.format == FORMAT && cache.rubricate == identity => {
                cache.compact();
                cache
            }
            _ => Cache::new(identity),
        }
    }

    /// Writes the cache into `output` when it differs from the file it was
    /// read from. Streamed to the file: the text of 10,000 reports would
    /// otherwise be held twice (new and old, to compare). Compact JSON:
    /// only rubricate reads it, and pretty printing half a megabyte at
    /// 1,000 assessments cost milliseconds of every build.
    pub fn write(&mut self, output: &Path) -> std::io::Result<Written> {
        if !self.dirty {
            return Ok(Written::Unchanged);
        }
        output::write_atomic_with(&output.join(FILE_NAME), |w| {
            serde_json::to_writer(&mut *w, &*self).map_err(std::io::Error::other)?;
            std::io::Write::write_all(w, b"\n")
        })?;
        self.dirty = false;
        Ok(Written::Changed)
    }

    /// The entry of report `id` when it was built from `fingerprint` and
    /// its files in `dir` still have the sizes recorded.
    pub fn fresh(&self, id: &str, fingerprint: &Fingerprint, dir: &Path) -> Option<&Entry> {
        let entry = self.reports.get(id)?;
        let intact = entry.fingerprint == *fingerprint
            && !entry.outputs.is_empty()
            && entry.outputs.iter().all(|(rel, size)| {
                is_plain_relative(rel)
                    && std::fs::metadata(dir.join(&**rel))
                        .is_ok_and(|m| m.is_file() && m.len() == *size)
            });
        intact.then_some(entry)
    }

    /// Records (or with `None` forgets) report `id`.
    pub fn set(&mut self, id: &str, entry: Option<Entry>) {
        match entry {
            Some(e) if self.reports.get(id) != Some(&e) => {
                self.reports.insert(id.into(), e);
                self.dirty = true;
            }
            Some(_) => {}
            None => self.dirty |= self.reports.remove(id).is_some(),
        }
    }

    /// Whether `path` is the index written from `fingerprint`.
    pub fn index_fresh(&self, fingerprint: &Fingerprint, path: &Path) -> bool {
        self.index.as_ref().is_some_and(|(f, size)| {
            f == fingerprint
                && std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.len() == *size)
        })
    }

    /// Records the index just written from `fingerprint` at `path`.
    pub fn set_index(&mut self, fingerprint: Fingerprint, path: &Path) {
        let index = std::fs::metadata(path).ok().map(|m| (fingerprint, m.len()));
        self.dirty |= index != self.index;
        self.index = index;
    }

    /// Forgets reports no longer in the project.
    pub fn keep_only(&mut self, ids: &BTreeSet<&str>) {
        let before = self.reports.len();
        self.reports.retain(|id, _| ids.contains(&**id));
        self.dirty |= self.reports.len() != before;
        self.compact();
    }

    /// Rebuilds the map with full nodes: filled one insert at a time (as
    /// read, or as a build records its reports) in key order, its nodes
    /// stay half empty, ~40 bytes a report.
    fn compact(&mut self) {
        self.reports = std::mem::take(&mut self.reports).into_iter().collect();
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

/// A file written for a report, with its size when the writer knows it
/// (the HTML and JSON it just wrote from memory).
pub type WrittenFile = (PathBuf, Option<u64>);

/// The sizes of a report's files, relative to its folder `dir`, read back
/// where not known; `None` if one cannot be read back (the report is then
/// not cached).
pub fn outputs(dir: &Path, files: &[WrittenFile]) -> Option<Box<[(FileName, u64)]>> {
    let mut outputs: Vec<(FileName, u64)> = files
        .iter()
        .map(|(f, known)| {
            let rel = f.strip_prefix(dir).ok()?.to_str()?.to_string();
            let size = match known {
                Some(size) => *size,
                None => std::fs::metadata(f).ok()?.len(),
            };
            is_plain_relative(&rel).then(|| (file_name(rel), size))
        })
        .collect::<Option<_>>()?;
    outputs.sort();
    outputs.dedup_by(|a, b| a.0 == b.0);
    Some(outputs.into_boxed_slice())
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
            date: Some("2026-01-01".into()),
        })
    }

    fn key(text: &str) -> Fingerprint {
        let mut key = Key::new();
        key.field("x", text);
        key.finish()
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
        let outputs = vec![(file_name("report.html".into()), 5)].into_boxed_slice();
        let (f, g) = (key("f"), key("g"));
        for id in ["a", "b"] {
            let entry = Entry {
                fingerprint: f,
                outputs: outputs.clone(),
                summary: summary(),
            };
            cache.set(id, Some(entry));
        }
        cache.write(out).unwrap();
        let strings = Arc::new(Strings::default());
        let again = Cache::read(out, "0.1.0 (abc1234)", &strings);
        assert_eq!(again, cache);
        let dates: Vec<_> = again.reports.values().map(|e| &e.summary.date).collect();
        assert!(Arc::ptr_eq(
            dates[0].as_ref().unwrap(),
            dates[1].as_ref().unwrap()
        ));
        assert!(again.fresh("a", &f, out).is_some());
        assert!(again.fresh("a", &g, out).is_none(), "another fingerprint");
        assert!(again.fresh("c", &f, out).is_none(), "another report");
        let other = Cache::read(out, "0.2.0 (def5678)", &strings);
        assert!(other.fresh("a", &f, out).is_none(), "another binary");
        assert_eq!(other, Cache::new("0.2.0 (def5678)"));
        std::fs::write(out.join("report.html"), "hello!").unwrap();
        assert!(again.fresh("a", &f, out).is_none(), "a changed output");
        for junk in ["{\"format\": 1, \"rep", "{\"fingerprint\": \"f\"}"] {
            std::fs::write(out.join(FILE_NAME), junk).unwrap();
            assert_eq!(
                Cache::read(out, "0.1.0 (abc1234)", &strings),
                Cache::new("0.1.0 (abc1234)")
            );
        }
    }

    /// The entries of a cache written by another binary are skipped, not
    /// parsed (they would be dropped anyway), however many or malformed.
    #[test]
    fn a_stale_cache_is_not_parsed_past_its_identity() {
        let text = r#"{"format": 1, "rubricate": "0.0.1 (old)", "reports": {"a": {"fingerprint": "zz", "x": [1, 2, {"y": null}]}}, "index": null}"#;
        EXPECTED.with(|e| *e.borrow_mut() = Some("0.1.0 (new)".into()));
        STALE.set(false);
        let read: Result<Cache, _> = serde_json::from_str(text);
        EXPECTED.with(|e| *e.borrow_mut() = None);
        STALE.set(false);
        let read = read.expect("the malformed entry was skipped");
        assert!(read.reports.is_empty());
        assert_eq!(read.rubricate, "0.0.1 (old)");
        // Outside `Cache::read`, or with the identity expected, entries are
        // parsed (and this one is refused).
        assert!(serde_json::from_str::<Cache>(text).is_err());
    }

    #[test]
    fn fingerprints_are_written_as_hex() {
        let f = key("f");
        let json = serde_json::to_string(&f).unwrap();
        assert_eq!(json.len(), 66);
        assert_eq!(serde_json::from_str::<Fingerprint>(&json).unwrap(), f);
        assert!(serde_json::from_str::<Fingerprint>("\"ab\"").is_err());
        assert!(serde_json::from_str::<Fingerprint>(&json.to_uppercase()).is_err());
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
