//! What one lint run is told: the command line over the config file's `[lint]`
//! table (a flag wins; a lint id given to a flag wins over the same id in the
//! file), checked against the known lint ids, and the visibility rules every
//! output format applies.

use super::diagnostic::{Diagnostic, Omitted};
use super::{LintArgs, LintFormat, Threshold};
use crate::config::LintConfig;
use crate::error::{did_you_mean, Error, Result};
use crate::rules::model::Severity;
use crate::rules::Rulebook;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub struct Settings {
    pub threshold: Severity,
    /// Lint id -> new severity, or `None` for "not reported".
    levels: BTreeMap<String, Option<Severity>>,
    /// File-name patterns inside folders, and whether someone chose them.
    pub globs: Vec<String>,
    pub globs_chosen: bool,
    exclude: Vec<String>,
    /// The folder `exclude` patterns with a `/` are relative to.
    exclude_base: PathBuf,
    pub format: LintFormat,
    pub show_infos: bool,
    pub show_accepted: bool,
    pub quiet: bool,
}

impl Settings {
    pub fn new(
        book: &Rulebook,
        args: &LintArgs,
        file: &LintConfig,
        base: &Path,
    ) -> Result<Settings> {
        let mut levels = BTreeMap::new();
        let none = Vec::new();
        let from_file = [
            (file.allow.as_ref().unwrap_or(&none), None),
            (file.warn.as_ref().unwrap_or(&none), Some(Severity::Warning)),
            (file.deny.as_ref().unwrap_or(&none), Some(Severity::Error)),
        ];
        let from_flags = [
            (&args.allow, None),
            (&args.warn, Some(Severity::Warning)),
            (&args.deny, Some(Severity::Error)),
        ];
        for (ids, level) in from_file.into_iter().chain(from_flags) {
            for id in ids {
                known(book, id)?;
                levels.insert(id.clone(), level);
            }
        }
        let threshold = args
            .fail_on
            .or(file.fail_on)
            .unwrap_or(Threshold::Error)
            .severity();
        let (globs, globs_chosen) = match (&args.glob, &file.glob) {
            (flags, _) if !flags.is_empty() => (flags.clone(), true),
            (_, Some(g)) if !g.is_empty() => (g.clone(), true),
            _ => (
                super::files::DEFAULT_GLOBS
                    .iter()
                    .map(|s| s.to_string())
                    .collect(),
                false,
            ),
        };
        let (exclude, exclude_base) = if args.exclude.is_empty() {
            (file.exclude.clone().unwrap_or_default(), base.to_path_buf())
        } else {
            (args.exclude.clone(), PathBuf::new())
        };
        Ok(Settings {
            threshold,
            levels,
            globs,
            globs_chosen,
            exclude,
            exclude_base,
            format: args.format,
            show_infos: args.show_infos || threshold == Severity::Info,
            show_accepted: args.show_accepted,
            quiet: args.quiet,
        })
    }

    /// Applies the severity changes; drops findings of allowed ids.
    pub fn apply(&self, diags: Vec<Diagnostic>) -> Vec<Diagnostic> {
        diags
            .into_iter()
            .filter_map(|mut d| match self.levels.get(&d.id) {
                None => Some(d),
                Some(None) => None,
                Some(Some(level)) => {
                    d.severity = *level;
                    Some(d)
                }
            })
            .collect()
    }

    /// The same changes for findings past the per-file cap (counted, not kept).
    pub fn apply_omitted(&self, omitted: Omitted) -> Omitted {
        let mut out = Omitted::new();
        for ((id, severity), n) in omitted {
            let level = match self.levels.get(&id) {
                None => severity,
                Some(None) => continue,
                Some(Some(level)) => *level,
            };
            *out.entry((id, level)).or_default() += n;
        }
        out
    }

    /// Infos are hidden (summarised per file) in the formats people read.
    pub fn hides_infos(&self) -> bool {
        !self.show_infos
            && matches!(
                self.format,
                LintFormat::Human | LintFormat::Github | LintFormat::Gitlab | LintFormat::Junit
            )
    }

    /// Whether a finding appears in the output (counts include every finding).
    pub fn shows(&self, d: &Diagnostic) -> bool {
        if d.accepted.is_some() && !self.show_accepted && self.format != LintFormat::Sarif {
            return false;
        }
        if self.quiet && (d.severity < self.threshold || d.accepted.is_some()) {
            return false;
        }
        !(d.severity == Severity::Info && self.hides_infos())
    }

    /// Whether a path is excluded by the `exclude` patterns.
    pub fn excluded(&self, path: &Path) -> bool {
        if self.exclude.is_empty() || path.as_os_str() == "-" {
            return false;
        }
        let names: Vec<String> = path
            .components()
            .map(|c| c.as_os_str().to_string_lossy().to_string())
            .collect();
        let relative = relative_to(path, &self.exclude_base);
        self.exclude.iter().any(|pattern| {
            let pattern = pattern.trim_end_matches('/');
            if pattern.contains('/') {
                super::files::glob_match(pattern.trim_start_matches("./"), &relative)
            } else {
                names.iter().any(|n| super::files::glob_match(pattern, n))
            }
        })
    }
}

/// `path` relative to `base` (both made absolute), with `/` separators.
fn relative_to(path: &Path, base: &Path) -> String {
    let abs = |p: &Path| {
        let p = if p.as_os_str().is_empty() {
            Path::new(".")
        } else {
            p
        };
        std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf())
    };
    let (p, b) = (abs(path), abs(base));
    let clean = |p: &Path| -> Vec<String> {
        p.components()
            .filter(|c| !matches!(c, std::path::Component::CurDir))
            .map(|c| c.as_os_str().to_string_lossy().to_string())
            .collect()
    };
    let (p, b) = (clean(&p), clean(&b));
    match p.strip_prefix(b.as_slice()) {
        Some(rest) => rest.join("/"),
        None => p.join("/"),
    }
}

fn known(book: &Rulebook, id: &str) -> Result<()> {
    if book.lint(id).is_some() {
        return Ok(());
    }
    let hint = did_you_mean(id, book.lints.iter().map(|l| l.id.as_str())).map_or_else(
        || "run `tradeoff explain lints` for the list".to_string(),
        |b| format!("did you mean `{b}`?"),
    );
    Err(Error::input(format!("unknown lint id `{id}`")).help(hint))
}

/// A file path as every format prints it: as given, without a leading `./`,
/// with `/` between folders.
pub fn display_path(path: &Path) -> String {
    if path.as_os_str() == "-" {
        return "<stdin>".into();
    }
    let mut s = path.to_string_lossy().replace('\\', "/");
    while let Some(rest) = s.strip_prefix("./") {
        s = rest.trim_start_matches('/').to_string();
    }
    s
}

#[cfg(test)]
mod tests {
    use super::display_path;
    use std::path::Path;

    #[test]
    fn paths_print_the_same_everywhere() {
        assert_eq!(display_path(Path::new("./a/b.yaml")), "a/b.yaml");
        assert_eq!(display_path(Path::new("././a.yaml")), "a.yaml");
        assert_eq!(display_path(Path::new("a\\b.yaml")), "a/b.yaml");
        assert_eq!(display_path(Path::new("/abs/a.yaml")), "/abs/a.yaml");
        assert_eq!(display_path(Path::new("-")), "<stdin>");
    }
}
