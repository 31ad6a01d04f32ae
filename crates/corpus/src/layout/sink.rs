//! Where the data files go: a folder, or memory; each file named by the hash of its bytes.

use dyad_model::layout::FileRef;
use std::io::{self, Write};
use std::path::Path;

use super::DataFile;

/// A file name with the hash of its bytes (xxh3, 64 bits): `<stem>-<16 hex digits>.json`.
fn hashed_name(stem: &str, bytes: &[u8]) -> String {
    format!("{stem}-{:016x}.json", xxhash_rust::xxh3::xxh3_64(bytes))
}

/// Where the data files go, each streamed as it is made: a folder ([`write_data_dir`](super::write_data_dir)) or
/// memory ([`split`](super::split)). The catalog of 100,000 articles is some 100 MB of JSON: written through,
/// never held.
pub trait DataSink {
    /// Writes one file, whose bytes `write` produces, as `<stem>-<xxh3 of its bytes>.json`.
    fn put(
        &mut self,
        stem: &str,
        write: &mut dyn FnMut(&mut dyn Write) -> io::Result<()>,
    ) -> io::Result<FileRef>;
}

pub type Sink<'s> = &'s mut dyn DataSink;

/// A writer that hashes and counts what passes through it, for a file's name and size.
struct Hashing<W> {
    inner: W,
    hash: xxhash_rust::xxh3::Xxh3,
    bytes: u64,
}

impl<W: Write> Write for Hashing<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hash.update(&buf[..n]);
        self.bytes += n as u64;
        Ok(n)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

fn hashing<W: Write>(inner: W) -> Hashing<W> {
    Hashing {
        inner,
        hash: xxhash_rust::xxh3::Xxh3::new(),
        bytes: 0,
    }
}

/// The files in memory, for tests and [`split`](super::split).
pub(super) struct MemorySink(pub(super) Vec<DataFile>);

impl DataSink for MemorySink {
    fn put(
        &mut self,
        stem: &str,
        write: &mut dyn FnMut(&mut dyn Write) -> io::Result<()>,
    ) -> io::Result<FileRef> {
        let mut bytes = Vec::new();
        write(&mut bytes)?;
        let path = hashed_name(stem, &bytes);
        self.0.push(DataFile {
            name: path.clone(),
            bytes,
        });
        Ok(FileRef {
            path,
            bytes: self.0.last().expect("just pushed").bytes.len() as u64,
        })
    }
}

/// The files in a folder: each written under a scratch name, then renamed to its hashed name.
pub(super) struct FolderSink<'d> {
    pub(super) dir: &'d Path,
    pub(super) names: Vec<String>,
}

impl DataSink for FolderSink<'_> {
    fn put(
        &mut self,
        stem: &str,
        write: &mut dyn FnMut(&mut dyn Write) -> io::Result<()>,
    ) -> io::Result<FileRef> {
        let part = self.dir.join(format!(".{stem}.part"));
        let mut w = hashing(std::fs::File::create(&part)?);
        write(&mut w)?;
        let path = format!("{stem}-{:016x}.json", w.hash.digest());
        std::fs::rename(&part, self.dir.join(&path))?;
        self.names.push(path.clone());
        Ok(FileRef {
            path,
            bytes: w.bytes,
        })
    }
}
