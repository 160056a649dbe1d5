//! Which files `tradeoff lint` reads, and reading them safely: explicit paths as given,
//! and inside folders the files whose names mark them as requirements files.
//!
//! Folders are walked once each (links to folders are followed, but a folder already
//! searched — a symlink loop — is not entered again) and every real file is linted once
//! (one file under several names — links, hard links, repeated arguments — is one file).
//! Only regular files are read from folders: a FIFO or a device named `*.tradeoff.yaml`
//! is skipped with a warning. A folder that cannot be read becomes a finding and the
//! walk goes on: one bad file never stops the others.

use crate::error::{Error, Result};
use std::collections::HashSet;
use std::io::Read;
use std::path::{Path, PathBuf};

/// Names that count as requirements files inside folders, unless `--glob` is given.
pub const DEFAULT_GLOBS: [&str; 4] = [
    "tradeoff.yaml",
    "tradeoff.yml",
    "*.tradeoff.yaml",
    "*.tradeoff.yml",
];

/// Folders never searched.
const SKIP_DIRS: [&str; 4] = ["target", "node_modules", ".git", "vendor"];

/// Deepest folder nesting searched; deeper folders are reported, not entered.
const MAX_DEPTH: usize = 200;

/// `*` matches any run of characters, `?` one character; matched against the file name.
pub fn glob_match(pattern: &str, name: &str) -> bool {
    let (p, n): (Vec<char>, Vec<char>) = (pattern.chars().collect(), name.chars().collect());
    let (mut pi, mut ni, mut star, mut mark) = (0, 0, None, 0);
    while ni < n.len() {
        if pi < p.len() && (p[pi] == '?' || p[pi] == n[ni]) {
            pi += 1;
            ni += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some(pi);
            mark = ni;
            pi += 1;
        } else if let Some(s) = star {
            pi = s + 1;
            mark += 1;
            ni = mark;
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|c| *c == '*')
}

/// What to lint: files (and `-`), folders that could not be searched (each becomes an
/// `unreadable-file` finding), and entries skipped with the reason (warnings).
#[derive(Debug, Default)]
pub struct Collected {
    pub files: Vec<PathBuf>,
    pub unreadable: Vec<(PathBuf, String)>,
    pub skipped: Vec<String>,
}

/// Expands paths into the files to lint, in a stable order. `-` stays as is.
pub fn collect(paths: &[PathBuf], globs: &[String]) -> Result<Collected> {
    let patterns: Vec<&str> = if globs.is_empty() {
        DEFAULT_GLOBS.to_vec()
    } else {
        globs.iter().map(String::as_str).collect()
    };
    let mut walk = Walk {
        patterns,
        out: Collected::default(),
        seen_dirs: HashSet::new(),
        seen_files: HashSet::new(),
    };
    for p in paths {
        if p.as_os_str() == "-" {
            walk.out.files.push(p.clone());
        } else if p.is_dir() {
            walk.dir(p, 0);
        } else if std::fs::symlink_metadata(p).is_ok() {
            // Files are always linted, whatever their name; what they are (a FIFO, a
            // device) is checked when they are opened, and named in the finding.
            walk.file(p, std::fs::metadata(p).ok().as_ref());
        } else {
            return Err(Error::input(format!("{} does not exist", p.display()))
                .help("pass files, folders, or - for standard input"));
        }
    }
    Ok(walk.out)
}

struct Walk<'a> {
    patterns: Vec<&'a str>,
    out: Collected,
    /// Folders already searched, by their real path (a link loop ends here).
    seen_dirs: HashSet<PathBuf>,
    /// Files already listed, by identity (each is linted once).
    seen_files: HashSet<FileKey>,
}

/// What makes two paths one file: device and inode where there are such, else the
/// real path. Read from the metadata the walk already has: no path resolution per file.
#[derive(Hash, PartialEq, Eq)]
enum FileKey {
    #[cfg_attr(not(unix), allow(dead_code))]
    Node(u64, u64),
    Path(PathBuf),
}

impl FileKey {
    fn of(p: &Path, meta: Option<&std::fs::Metadata>) -> FileKey {
        #[cfg(unix)]
        if let Some(m) = meta {
            use std::os::unix::fs::MetadataExt;
            return FileKey::Node(m.dev(), m.ino());
        }
        let _ = meta;
        FileKey::Path(std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf()))
    }
}

impl Walk<'_> {
    fn file(&mut self, p: &Path, meta: Option<&std::fs::Metadata>) {
        if self.seen_files.insert(FileKey::of(p, meta)) {
            self.out.files.push(p.to_path_buf());
        }
    }

    fn dir(&mut self, dir: &Path, depth: usize) {
        let key = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
        if !self.seen_dirs.insert(key) {
            return; // Reached again through a link: searched already.
        }
        if depth > MAX_DEPTH {
            self.out.unreadable.push((
                dir.to_path_buf(),
                format!("folders nested deeper than {MAX_DEPTH} levels are not searched"),
            ));
            return;
        }
        let entries = match std::fs::read_dir(dir) {
            Ok(e) => e,
            Err(e) => {
                self.out
                    .unreadable
                    .push((dir.to_path_buf(), format!("cannot read the folder: {e}")));
                return;
            }
        };
        let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        paths.sort();
        for p in paths {
            let name = p
                .file_name()
                .map(|n| n.to_string_lossy().to_string())
                .unwrap_or_default();
            // `metadata` follows links: a link to a folder is searched (once), a link to
            // a file is linted (once).
            let meta = std::fs::metadata(&p);
            if meta.as_ref().is_ok_and(|m| m.is_dir()) {
                if !name.starts_with('.') && !SKIP_DIRS.contains(&name.as_str()) {
                    self.dir(&p, depth + 1);
                }
                continue;
            }
            if !self.patterns.iter().any(|g| glob_match(g, &name)) {
                continue;
            }
            match meta {
                Ok(m) if m.is_file() => self.file(&p, Some(&m)),
                Ok(m) => self.out.skipped.push(format!(
                    "{}: {}, not a regular file",
                    crate::text::escape(&super::settings::display_path(&p)),
                    kind(&m.file_type())
                )),
                Err(e) => self.out.skipped.push(format!(
                    "{}: {}",
                    crate::text::escape(&super::settings::display_path(&p)),
                    if std::fs::symlink_metadata(&p).is_ok_and(|m| m.file_type().is_symlink()) {
                        format!("a symbolic link whose target cannot be read ({e})")
                    } else {
                        e.to_string()
                    }
                )),
            }
        }
    }
}

/// What a file-system entry is, in words, for messages.
pub fn kind(t: &std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return "a FIFO (named pipe)";
        }
        if t.is_char_device() {
            return "a character device";
        }
        if t.is_block_device() {
            return "a block device";
        }
        if t.is_socket() {
            return "a socket";
        }
    }
    if t.is_dir() {
        "a folder"
    } else if t.is_symlink() {
        "a symbolic link"
    } else if t.is_file() {
        "a regular file"
    } else {
        "a special file"
    }
}

/// Reads a regular file, at most the input limit (plus one byte, so oversize files are
/// detected). The file is opened without blocking and checked after opening, so a FIFO
/// or a device (even one swapped in after the folder was listed) is named, never read.
pub fn read_regular(path: &Path) -> Result<Vec<u8>> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options.open(path).map_err(|e| Error::io(path, e))?;
    let meta = file.metadata().map_err(|e| Error::io(path, e))?;
    if !meta.is_file() {
        return Err(Error::input(format!(
            "{} is {}, not a regular file",
            path.display(),
            kind(&meta.file_type())
        ))
        .help("lint reads regular files; pipe other input to `tradeoff lint -`"));
    }
    // Sized from the metadata (`take` hides the size hint): one read, no regrowing.
    let limit = crate::yaml::MAX_INPUT_BYTES + 1;
    let mut bytes = Vec::with_capacity(meta.len().min(limit) as usize + 1);
    file.take(limit)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io(path, e))?;
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::glob_match;

    #[test]
    fn globs() {
        assert!(glob_match("*.tradeoff.yaml", "svc.tradeoff.yaml"));
        assert!(!glob_match("*.tradeoff.yaml", "svc.yaml"));
        assert!(glob_match("*.y?ml", "a.yaml"));
        assert!(glob_match("*", "anything"));
        assert!(glob_match("tradeoff.yaml", "tradeoff.yaml"));
    }
}
