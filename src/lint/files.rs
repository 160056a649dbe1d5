//! Which files `tradeoff lint` reads: explicit paths as given, and inside folders
//! the files whose names mark them as requirements files.

use crate::error::{Error, Result};
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

/// Expands paths into the files to lint, in a stable order. `-` stays as is.
pub fn collect(paths: &[PathBuf], globs: &[String]) -> Result<Vec<PathBuf>> {
    let patterns: Vec<&str> = if globs.is_empty() {
        DEFAULT_GLOBS.to_vec()
    } else {
        globs.iter().map(String::as_str).collect()
    };
    let mut out = Vec::new();
    for p in paths {
        if p.as_os_str() == "-" || p.is_file() {
            out.push(p.clone());
        } else if p.is_dir() {
            walk(p, &patterns, &mut out)?;
        } else {
            return Err(Error::input(format!("{} does not exist", p.display()))
                .help("pass files, folders, or - for standard input"));
        }
    }
    Ok(out)
}

fn walk(dir: &Path, patterns: &[&str], out: &mut Vec<PathBuf>) -> Result<()> {
    let entries = std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))?;
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for p in paths {
        let name = p
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
        if p.is_dir() {
            if !name.starts_with('.') && !SKIP_DIRS.contains(&name.as_str()) {
                walk(&p, patterns, out)?;
            }
        } else if patterns.iter().any(|g| glob_match(g, &name)) {
            out.push(p);
        }
    }
    Ok(())
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
