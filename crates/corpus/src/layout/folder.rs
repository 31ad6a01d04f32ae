//! Writing the data folder beside its destination and swapping it in.

use super::sink::FolderSink;
use super::{Parts, Sink, Written, MARKER};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

pub(super) const MARKER_TEXT: &str =
    "Written by dyad-corpus: this folder is replaced whole by every build.\n";

/// Writes a data folder at `out` as [`write_data_dir`](super::write_data_dir) does, with the files `make` hands its sink.
pub(super) fn write_folder(
    out: &Path,
    make: impl FnOnce(Sink<'_>, &mut crate::Stages) -> io::Result<Parts>,
    clock: &mut crate::Stages,
) -> io::Result<Written> {
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .ok_or_else(|| {
            io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("`{}` does not name a folder", out.display()),
            )
        })?;
    let parent = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .to_path_buf();
    check_replaceable(out)?;
    std::fs::create_dir_all(&parent)?;
    let (tmp, old) = scratch_names(&parent, &name);
    std::fs::create_dir(&tmp)?;
    let result = fill(&tmp, make, clock).and_then(|written| {
        swap_in(&tmp, out, &old)?;
        Ok(written)
    });
    if result.is_err() {
        let _ = std::fs::remove_dir_all(&tmp);
    }
    result
}

/// Two unused names next to `out`: the new folder while it is written, the old one while it is
/// removed. The counter tells apart two writes of one process (tests run in threads).
fn scratch_names(parent: &Path, name: &str) -> (PathBuf, PathBuf) {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    let pid = std::process::id();
    (
        parent.join(format!(".{name}.tmp-{pid}-{n}")),
        parent.join(format!(".{name}.old-{pid}-{n}")),
    )
}

/// Whether `out` may be replaced: absent, an empty folder, or a data folder written here.
pub(super) fn check_replaceable(out: &Path) -> io::Result<()> {
    let meta = match std::fs::symlink_metadata(out) {
        Ok(m) => m,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(e),
    };
    let refuse = |why: String| {
        Err(io::Error::new(
            io::ErrorKind::AlreadyExists,
            format!(
                "{} {why}; refusing to replace it (remove it or choose another `--out`)",
                out.display()
            ),
        ))
    };
    if !meta.is_dir() {
        return refuse("exists and is not a folder".to_string());
    }
    let mut marked = false;
    let mut entries = 0;
    for entry in std::fs::read_dir(out)? {
        let entry = entry?;
        entries += 1;
        let file_name = entry.file_name();
        let file_name = file_name.to_string_lossy();
        let is_file = entry.file_type()?.is_file();
        if is_file && file_name == MARKER {
            marked = true;
        } else if !(is_file && file_name.ends_with(".json")) {
            return refuse(format!(
                "holds `{file_name}`, which dyad-corpus does not write"
            ));
        }
    }
    if entries > 0 && !marked {
        return refuse(format!(
            "is not a data folder written by dyad-corpus (it has no `{MARKER}` file)"
        ));
    }
    Ok(())
}

/// Writes the marker and every file into `dir`, then syncs them. The syncs come after the last
/// file: the system writes the earlier ones out while the later ones are compiled, and a sync
/// after each file would stop the compiler until its file is on disk.
fn fill(
    dir: &Path,
    make: impl FnOnce(Sink<'_>, &mut crate::Stages) -> io::Result<Parts>,
    clock: &mut crate::Stages,
) -> io::Result<Written> {
    std::fs::write(dir.join(MARKER), MARKER_TEXT)?;
    let mut sink = FolderSink {
        dir,
        names: vec![MARKER.to_string()],
    };
    let parts = make(&mut sink, clock)?;
    clock.restart();
    for name in &sink.names {
        std::fs::File::open(dir.join(name))?.sync_all()?;
    }
    sync_dir(dir)?;
    clock.lap("sync to disk");
    Ok(Written {
        index: parts.index_file,
        files: parts.index.files,
    })
}

/// Puts the folder `new` at `out`, moving a previous `out` aside to `old` and removing it after.
/// If the new folder cannot be moved in, the previous one is moved back.
fn swap_in(new: &Path, out: &Path, old: &Path) -> io::Result<()> {
    // Checked again: a folder may have appeared at `out` while the files were written.
    check_replaceable(out)?;
    let had_previous = std::fs::symlink_metadata(out).is_ok();
    if had_previous {
        std::fs::rename(out, old)?;
    }
    if let Err(e) = std::fs::rename(new, out) {
        if had_previous {
            let _ = std::fs::rename(old, out);
        }
        return Err(e);
    }
    if let Some(parent) = out.parent().filter(|p| !p.as_os_str().is_empty()) {
        let _ = sync_dir(parent);
    }
    if had_previous {
        // The new folder is in place: a previous one left behind is only clutter.
        let _ = std::fs::remove_dir_all(old);
    }
    Ok(())
}

/// Syncs a folder's entries (the names of the files in it), where the platform allows.
fn sync_dir(dir: &Path) -> io::Result<()> {
    #[cfg(unix)]
    std::fs::File::open(dir)?.sync_all()?;
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}
