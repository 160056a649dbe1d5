//! Writing files safely: atomically (a temp file in the target folder, renamed into
//! place) and never over an existing file, or through a link, unless `--force`.
//!
//! - The temp file is made by the `tempfile` crate: an unpredictable name, created
//!   with O_EXCL, so a link planted in the folder cannot redirect the write.
//! - Without `--force` the rename is no-clobber (`renameat2(RENAME_NOREPLACE)`, or a
//!   hard link): of two runs racing for one path, exactly one wins. A symbolic link
//!   at the path, dangling or not, counts as an existing file.
//! - With `--force` the rename replaces the path itself: a link there is replaced by
//!   the file, never written through.
//! - A FIFO or a character device (`/dev/stdout`, a pipe), reached directly or through
//!   a link, is written into: renaming over it would replace the device.
//! - If the process is interrupted (SIGINT, SIGTERM) mid-write, the temp file is
//!   removed (`crate::interrupt`).

use crate::error::{Error, Result};
use std::io::Write;
use std::path::Path;

/// Whether a file type is a stream to write into rather than a file to replace.
fn is_stream(t: &std::fs::FileType) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        t.is_fifo() || t.is_char_device() || t.is_socket()
    }
    #[cfg(not(unix))]
    {
        !t.is_file() && !t.is_dir() && !t.is_symlink()
    }
}

fn exists(path: &Path) -> Error {
    Error::input(format!("{} already exists", path.display()))
        .help("pass --force to overwrite it, or choose another path")
}

/// Writes `bytes` to `path` atomically. Refuses to replace an existing file (or a link)
/// unless `force`.
pub fn write_atomic(path: &Path, bytes: &[u8], force: bool) -> Result<()> {
    let cannot = |e: std::io::Error| Error::input(format!("cannot write {}: {e}", path.display()));
    if let Ok(meta) = std::fs::symlink_metadata(path) {
        let target = std::fs::metadata(path);
        if meta.is_dir() {
            return Err(
                Error::input(format!("{} is a folder", path.display())).help("give a file path")
            );
        }
        if target.as_ref().is_ok_and(|t| is_stream(&t.file_type())) {
            return std::fs::OpenOptions::new()
                .write(true)
                .open(path)
                .and_then(|mut f| f.write_all(bytes))
                .or_else(|e| match e.kind() {
                    std::io::ErrorKind::BrokenPipe => Ok(()),
                    _ => Err(e),
                })
                .map_err(cannot);
        }
        if meta.file_type().is_symlink() && !force {
            let to = std::fs::read_link(path)
                .map(|t| t.display().to_string())
                .unwrap_or_default();
            let what = if target.is_ok() { "" } else { "dangling " };
            return Err(Error::input(format!(
                "{} is a {what}symbolic link (to {to}); tradeoff does not write through links",
                path.display()
            ))
            .help(
                "pass --force to replace the link itself with the file, or choose another path",
            ));
        }
        if !force {
            return Err(exists(path));
        }
    }
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    if !dir.is_dir() {
        return Err(Error::input(format!(
            "folder {} does not exist",
            dir.display()
        )));
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let prefix = format!(".{name}.");
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // What File::create would give: 0666 less the umask (not tempfile's 0600).
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut tmp = builder.tempfile_in(dir).map_err(cannot)?;
    let guard = crate::interrupt::TempGuard::new(tmp.path().to_path_buf());
    tmp.write_all(bytes).map_err(cannot)?;
    tmp.as_file().sync_all().map_err(cannot)?;
    fault_injection();
    let persisted = if force {
        tmp.persist(path)
    } else {
        tmp.persist_noclobber(path)
    };
    drop(guard);
    match persisted {
        Ok(_) => Ok(()),
        // The temp file is removed when the error drops.
        Err(e) if e.error.kind() == std::io::ErrorKind::AlreadyExists => Err(exists(path)),
        Err(e) => Err(cannot(e.error)),
    }
}

/// For tests of the interrupted write: `TRADEOFF_FAULT=signal-during-write` sends the
/// process SIGTERM once the temp file is written, before it is renamed into place.
fn fault_injection() {
    #[cfg(unix)]
    if std::env::var("TRADEOFF_FAULT").as_deref() == Ok("signal-during-write") {
        // SAFETY: raise() only sends a signal to this process; the ctrlc handler
        // (installed by TempGuard) turns it into a cleanup on its own thread.
        unsafe {
            libc::raise(libc::SIGTERM);
        }
        loop {
            std::thread::sleep(std::time::Duration::from_secs(1));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_to_overwrite_without_force_and_leaves_no_temp_file() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.yaml");
        write_atomic(&p, b"one", false).unwrap();
        let e = write_atomic(&p, b"two", false).unwrap_err();
        assert!(e.message.contains("already exists"));
        assert_eq!(std::fs::read(&p).unwrap(), b"one");
        write_atomic(&p, b"two", true).unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"two");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn devices_are_written_into_not_replaced() {
        write_atomic(Path::new("/dev/null"), b"x", true).unwrap();
        assert!(!std::fs::metadata("/dev/null").unwrap().is_file());
        let dir = tempfile::tempdir().unwrap();
        assert!(write_atomic(dir.path(), b"x", true)
            .unwrap_err()
            .message
            .contains("folder"));
    }

    #[cfg(unix)]
    #[test]
    fn links_are_never_written_through() {
        use std::os::unix::fs::symlink;
        let dir = tempfile::tempdir().unwrap();
        let victim = dir.path().join("victim.txt");
        std::fs::write(&victim, "precious").unwrap();
        let link = dir.path().join("out.md");
        symlink(&victim, &link).unwrap();
        let e = write_atomic(&link, b"report", false).unwrap_err();
        assert!(e.message.contains("symbolic link"), "{}", e.message);
        let dangling = dir.path().join("dangling.md");
        symlink(dir.path().join("nowhere"), &dangling).unwrap();
        let e = write_atomic(&dangling, b"report", false).unwrap_err();
        assert!(
            e.message.contains("dangling symbolic link"),
            "{}",
            e.message
        );
        assert!(!dir.path().join("nowhere").exists());
        // --force replaces the link itself; the file it pointed to is untouched.
        write_atomic(&link, b"report", true).unwrap();
        assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious");
        assert!(!std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
        assert_eq!(std::fs::read_to_string(&link).unwrap(), "report");
    }

    #[test]
    fn racing_writers_never_both_win() {
        for round in 0..20 {
            let dir = tempfile::tempdir().unwrap();
            let p = dir.path().join("same.md");
            let wins: usize = std::thread::scope(|s| {
                let handles: Vec<_> = (0..4)
                    .map(|i| {
                        let p = &p;
                        s.spawn(move || write_atomic(p, format!("{i}").as_bytes(), false).is_ok())
                    })
                    .collect();
                handles
                    .into_iter()
                    .map(|h| usize::from(h.join().unwrap()))
                    .sum()
            });
            assert_eq!(wins, 1, "round {round}");
            assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
        }
    }
}
