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
    if pattern.is_ascii() && name.is_ascii() {
        return glob(pattern.as_bytes(), name.as_bytes(), b'*', b'?');
    }
    let (p, n): (Vec<char>, Vec<char>) = (pattern.chars().collect(), name.chars().collect());
    glob(&p, &n, '*', '?')
}

/// `*` and `?` matching over characters (or bytes, for ASCII text).
fn glob<T: PartialEq + Copy>(p: &[T], n: &[T], any: T, one: T) -> bool {
    let (mut pi, mut ni, mut star, mut mark) = (0, 0, None, 0);
    while ni < n.len() {
        if pi < p.len() && (p[pi] == one || p[pi] == n[ni]) {
            pi += 1;
            ni += 1;
        } else if pi < p.len() && p[pi] == any {
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
    p[pi..].iter().all(|c| *c == any)
}

/// One thing the walk found, in walk order.
#[derive(Debug, PartialEq)]
pub enum Found {
    /// A file to lint (or `-`).
    File(PathBuf),
    /// A folder that could not be searched, and why: an `unreadable-file` finding.
    Unreadable(PathBuf, String),
    /// An entry skipped, with the reason (a warning).
    Skipped(String),
}

/// The walk over the paths to lint, one entry at a time in a stable order (each folder's
/// entries sorted, depth first), so memory does not grow with the number of files
/// beyond one identity per file read. Explicit paths must exist ([`missing`]).
pub struct Walk {
    patterns: Vec<String>,
    /// The paths given, still to walk.
    roots: std::collections::VecDeque<PathBuf>,
    /// Folders being searched: their entries still to visit (last first) and depth.
    stack: Vec<(Vec<PathBuf>, usize)>,
    /// Folders already searched, by their real path (a link loop ends here).
    seen_dirs: HashSet<PathBuf>,
    /// Files already listed, by device and inode (each is linted once).
    #[cfg_attr(not(unix), allow(dead_code))]
    seen_files: HashSet<(u64, u64)>,
    /// Files already listed whose identity could not be read, by their real path.
    seen_paths: HashSet<PathBuf>,
}

/// The first of `paths` that does not exist (`-` is standard input), as an error.
pub fn missing(paths: &[PathBuf]) -> Result<()> {
    for p in paths {
        if p.as_os_str() != "-" && !p.is_dir() && std::fs::symlink_metadata(p).is_err() {
            return Err(Error::input(format!("{} does not exist", p.display()))
                .help("pass files, folders, or - for standard input"));
        }
    }
    Ok(())
}

/// The folders among `paths` that hold nothing to lint (each once), with what a walk
/// of each skipped. A folder holds something when a walk of it alone finds a file or
/// an unreadable folder that is not `excluded` (it stops at the first), or when a file
/// or a folder holding something is named inside it on the command line (a hidden
/// folder included; `./` is ignored in the comparison).
pub fn holding_nothing(
    paths: &[PathBuf],
    globs: &[String],
    excluded: &dyn Fn(&Path) -> bool,
) -> Vec<(PathBuf, Vec<String>)> {
    let mut walked: Vec<(&PathBuf, bool, Vec<String>)> = Vec::new();
    for p in paths.iter().filter(|p| p.is_dir()) {
        if walked.iter().any(|(q, ..)| *q == p) {
            continue;
        }
        let mut skipped = Vec::new();
        let holds = Walk::new(std::slice::from_ref(p), globs).any(|f| match f {
            Found::File(f) | Found::Unreadable(f, _) => !excluded(&f),
            Found::Skipped(s) => {
                skipped.push(s);
                false
            }
        });
        walked.push((p, holds, skipped));
    }
    let plain = |p: &Path| -> PathBuf {
        p.components()
            .filter(|c| *c != std::path::Component::CurDir)
            .collect()
    };
    let holds = |q: &PathBuf| match walked.iter().find(|(w, ..)| *w == q) {
        Some((_, holds, _)) => *holds,
        None => q.as_os_str() != "-" && !q.is_dir() && !excluded(q),
    };
    let named_inside = |p: &PathBuf| {
        paths
            .iter()
            .any(|q| q != p && plain(q).starts_with(plain(p)) && holds(q))
    };
    walked
        .iter()
        .filter(|(p, holds, _)| !holds && !named_inside(p))
        .map(|(p, _, skipped)| ((*p).clone(), skipped.clone()))
        .collect()
}

impl Walk {
    pub fn new(paths: &[PathBuf], globs: &[String]) -> Walk {
        let patterns = if globs.is_empty() {
            DEFAULT_GLOBS.iter().map(|g| g.to_string()).collect()
        } else {
            globs.to_vec()
        };
        Walk {
            patterns,
            roots: paths.iter().cloned().collect(),
            stack: Vec::new(),
            seen_dirs: HashSet::new(),
            seen_files: HashSet::new(),
            seen_paths: HashSet::new(),
        }
    }

    /// A file, unless it was found already under another name (a link, a hard link, a
    /// repeated argument): told apart by device and inode where there are such, from
    /// the metadata the walk already has, else by real path.
    fn file(&mut self, p: PathBuf, meta: Option<&std::fs::Metadata>) -> Option<Found> {
        #[cfg(unix)]
        if let Some(m) = meta {
            use std::os::unix::fs::MetadataExt;
            return self
                .seen_files
                .insert((m.dev(), m.ino()))
                .then_some(Found::File(p));
        }
        let _ = meta;
        let real = std::fs::canonicalize(&p).unwrap_or_else(|_| p.clone());
        self.seen_paths.insert(real).then_some(Found::File(p))
    }

    /// Starts searching `dir`; a folder that cannot be searched is found as such.
    fn enter(&mut self, dir: PathBuf, depth: usize) -> Option<Found> {
        let key = std::fs::canonicalize(&dir).unwrap_or_else(|_| dir.clone());
        if !self.seen_dirs.insert(key) {
            return None; // Reached again through a link: searched already.
        }
        if depth > MAX_DEPTH {
            let why = format!("folders nested deeper than {MAX_DEPTH} levels are not searched");
            return Some(Found::Unreadable(dir, why));
        }
        match std::fs::read_dir(&dir) {
            Ok(entries) => {
                let mut paths: Vec<PathBuf> =
                    entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
                // All share the folder's path: comparing the bytes compares the names,
                // as `Path`'s component order would (and costs far less).
                paths.sort_unstable_by(|a, b| b.as_os_str().cmp(a.as_os_str()));
                self.stack.push((paths, depth));
                None
            }
            Err(e) => Some(Found::Unreadable(
                dir,
                format!("cannot read the folder: {e}"),
            )),
        }
    }

    /// One entry of a folder at `depth`.
    fn entry(&mut self, p: PathBuf, depth: usize) -> Option<Found> {
        let name = p
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
        // `metadata` follows links: a link to a folder is searched (once), a link to
        // a file is linted (once).
        let meta = std::fs::metadata(&p);
        if meta.as_ref().is_ok_and(|m| m.is_dir()) {
            if !name.starts_with('.') && !SKIP_DIRS.contains(&name.as_str()) {
                return self.enter(p, depth + 1);
            }
            return None;
        }
        if !self.patterns.iter().any(|g| glob_match(g, &name)) {
            return None;
        }
        let shown = || crate::text::escape(&super::settings::display_path(&p)).to_string();
        match meta {
            Ok(m) if m.is_file() => self.file(p, Some(&m)),
            Ok(m) => Some(Found::Skipped(format!(
                "{}: {}, not a regular file",
                shown(),
                kind(&m.file_type())
            ))),
            Err(e) => Some(Found::Skipped(format!(
                "{}: {}",
                shown(),
                if std::fs::symlink_metadata(&p).is_ok_and(|m| m.file_type().is_symlink()) {
                    format!("a symbolic link whose target cannot be read ({e})")
                } else {
                    e.to_string()
                }
            ))),
        }
    }
}

impl Iterator for Walk {
    type Item = Found;

    fn next(&mut self) -> Option<Found> {
        loop {
            if let Some((entries, depth)) = self.stack.last_mut() {
                let depth = *depth;
                match entries.pop() {
                    Some(p) => {
                        if let Some(found) = self.entry(p, depth) {
                            return Some(found);
                        }
                    }
                    None => {
                        self.stack.pop();
                    }
                }
                continue;
            }
            let root = self.roots.pop_front()?;
            let found = if root.as_os_str() == "-" {
                Some(Found::File(root))
            } else if root.is_dir() {
                self.enter(root, 0)
            } else {
                // Files are always linted, whatever their name; what they are (a FIFO, a
                // device) is checked when they are opened, and named in the finding.
                let meta = std::fs::metadata(&root).ok();
                self.file(root, meta.as_ref())
            };
            if found.is_some() {
                return found;
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
