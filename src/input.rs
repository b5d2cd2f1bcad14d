//! Reading untrusted input files (rubrics, their includes, answer files):
//! in go a path and a size limit, out come the bytes of a regular file, or
//! the reason it was refused; then bytes → text without a byte-order mark,
//! or where the encoding breaks.
//!
//! A refused file is never opened for reading (a FIFO would block, a device
//! never ends) and never shown: diagnostics quote only files that were
//! accepted.

use std::io::Read;
use std::path::Path;

/// Largest rubric file (the root or an include) read: 8 MiB. The bundled
/// rubric is 40 KiB; a 20 × 8 × 25 rubric is under 1 MiB.
pub const MAX_RUBRIC_BYTES: u64 = 8 * 1024 * 1024;

/// Most bytes a rubric's files may hold together (root and includes).
pub const MAX_RUBRIC_TOTAL_BYTES: u64 = 32 * 1024 * 1024;

/// Largest answer file read: 8 MiB (one respondent's answers to 100,000
/// indicators with short notes fit).
pub const MAX_ANSWER_BYTES: u64 = 8 * 1024 * 1024;

/// Why a file was not read.
#[derive(Debug)]
pub enum Refusal {
    NotFound,
    /// A directory, FIFO, socket or device (what it is).
    NotRegular(&'static str),
    /// Larger than the limit (its size, when known, and the limit).
    TooLarge {
        limit: u64,
    },
    Io(std::io::Error),
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Refusal::NotFound => write!(f, "no such file"),
            Refusal::NotRegular(kind) => write!(f, "it is {kind}, not a regular file"),
            Refusal::TooLarge { limit } => write!(f, "it is larger than {}", size(*limit)),
            Refusal::Io(e) => write!(f, "{e}"),
        }
    }
}

impl From<std::io::Error> for Refusal {
    fn from(e: std::io::Error) -> Self {
        match e.kind() {
            std::io::ErrorKind::NotFound => Refusal::NotFound,
            _ => Refusal::Io(e),
        }
    }
}

/// The bytes of `path` when it is (or links to) a regular file of at most
/// `limit` bytes. Checked before opening, so a FIFO or device is never
/// opened, and again on the open handle, so a file swapped in between is
/// caught; reading stops at `limit + 1` bytes whatever the file claims.
pub fn read_regular(path: &Path, limit: u64) -> Result<Vec<u8>, Refusal> {
    let (mut file, len) = open_regular(path, limit)?;
    let mut bytes = Vec::with_capacity(len.min(limit) as usize);
    file.read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(Refusal::TooLarge { limit });
    }
    Ok(bytes)
}

/// `path` opened for reading under the checks of [`read_regular`], with the
/// size the open file claims, for a caller that streams it: reading stops
/// at `limit + 1` bytes, so a file that grew meanwhile reads as too long.
pub fn open_regular(
    path: &Path,
    limit: u64,
) -> Result<(std::io::Take<std::fs::File>, u64), Refusal> {
    check(&std::fs::metadata(path)?, limit)?;
    let file = open(path)?;
    let meta = file.metadata()?;
    check(&meta, limit)?;
    Ok((file.take(limit + 1), meta.len()))
}

fn check(meta: &std::fs::Metadata, limit: u64) -> Result<(), Refusal> {
    if !meta.is_file() {
        return Err(Refusal::NotRegular(kind(meta)));
    }
    if meta.len() > limit {
        return Err(Refusal::TooLarge { limit });
    }
    Ok(())
}

/// Opened without blocking: if a FIFO is swapped in after the check, the
/// open returns at once and the second check refuses it.
#[cfg(unix)]
fn open(path: &Path) -> std::io::Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)
}

#[cfg(not(unix))]
fn open(path: &Path) -> std::io::Result<std::fs::File> {
    std::fs::File::open(path)
}

/// `8 MiB`, `200 KiB` or `10 bytes`.
pub fn size(bytes: u64) -> String {
    const KIB: u64 = 1024;
    if bytes >= KIB * KIB && bytes % (KIB * KIB) == 0 {
        format!("{} MiB", bytes / (KIB * KIB))
    } else if bytes >= KIB && bytes % KIB == 0 {
        format!("{} KiB", bytes / KIB)
    } else {
        format!("{bytes} bytes")
    }
}

#[cfg(unix)]
fn kind(meta: &std::fs::Metadata) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    let t = meta.file_type();
    if t.is_dir() {
        "a directory"
    } else if t.is_fifo() {
        "a named pipe"
    } else if t.is_socket() {
        "a socket"
    } else if t.is_char_device() || t.is_block_device() {
        "a device"
    } else {
        "not a regular file"
    }
}

#[cfg(not(unix))]
fn kind(meta: &std::fs::Metadata) -> &'static str {
    if meta.is_dir() {
        "a directory"
    } else {
        "a special file"
    }
}

/// Text decoded from a file's bytes, the byte-order mark dropped.
pub struct Decoded {
    /// The text to show in diagnostics: empty for a binary file; for
    /// invalid UTF-8, the text with each bad sequence replaced by `�`
    /// (offsets before the first one are the file's own, less the BOM).
    pub text: String,
    pub problem: Option<Encoding>,
}

/// Why decoded text cannot be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// A NUL byte in the first 8 KiB, at this file offset.
    Binary { nul_at: usize },
    /// The first invalid byte: `file_offset` counts from the start of the
    /// file, `text_offset` in [`Decoded::text`] (where the `�` is).
    InvalidUtf8 {
        file_offset: usize,
        text_offset: usize,
    },
}

const BOM: &[u8] = "\u{feff}".as_bytes();

/// Bytes → text, a leading UTF-8 byte-order mark (which Windows editors
/// write) removed.
pub fn decode(bytes: Vec<u8>) -> Decoded {
    if let Some(at) = bytes.iter().take(8192).position(|b| *b == 0) {
        return Decoded {
            text: String::new(),
            problem: Some(Encoding::Binary { nul_at: at }),
        };
    }
    let skip = if bytes.starts_with(BOM) { BOM.len() } else { 0 };
    match String::from_utf8(bytes) {
        Ok(mut text) => {
            text.drain(..skip);
            Decoded {
                text,
                problem: None,
            }
        }
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let text = String::from_utf8_lossy(&e.as_bytes()[skip..]).into_owned();
            Decoded {
                text,
                problem: Some(Encoding::InvalidUtf8 {
                    file_offset: at,
                    text_offset: at - skip,
                }),
            }
        }
    }
}

/// The span length of what sits at `offset` in `text` (the `�` of a bad
/// byte), for a caret under exactly one character.
pub fn char_len_at(text: &str, offset: usize) -> usize {
    text.get(offset..)
        .and_then(|rest| rest.chars().next())
        .map_or(0, char::len_utf8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_is_dropped_and_offsets_follow() {
        let d = decode(b"\xef\xbb\xbfrubric".to_vec());
        assert_eq!(d.text, "rubric");
        assert!(d.problem.is_none());
        let d = decode(b"\xef\xbb\xbfab\xffc".to_vec());
        assert_eq!(
            d.problem,
            Some(Encoding::InvalidUtf8 {
                file_offset: 5,
                text_offset: 2
            })
        );
        assert_eq!(&d.text[2..5], "\u{fffd}");
        assert_eq!(char_len_at(&d.text, 2), 3);
    }

    #[test]
    fn binary_is_refused() {
        let d = decode(b"ab\0c".to_vec());
        assert_eq!(d.problem, Some(Encoding::Binary { nul_at: 2 }));
        assert!(d.text.is_empty());
    }

    #[cfg(unix)]
    #[test]
    fn special_files_and_large_files_are_refused() {
        assert!(matches!(
            read_regular(Path::new("/dev/zero"), 10),
            Err(Refusal::NotRegular("a device"))
        ));
        assert!(matches!(
            read_regular(Path::new("/"), 10),
            Err(Refusal::NotRegular("a directory"))
        ));
        let dir = tempfile::tempdir().unwrap();
        let big = dir.path().join("big");
        std::fs::write(&big, [b'a'; 11]).unwrap();
        assert!(matches!(
            read_regular(&big, 10),
            Err(Refusal::TooLarge { limit: 10 })
        ));
        assert_eq!(read_regular(&big, 11).unwrap().len(), 11);
        assert!(matches!(
            read_regular(&dir.path().join("none"), 10),
            Err(Refusal::NotFound)
        ));
    }
}
