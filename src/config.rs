//! The project's config file, `tradeoff.toml` (or `.tradeoff.toml`): found by
//! walking up from the working directory, or named by `--config FILE`; ignored
//! with `--no-config`. Command-line flags win over it. Unknown keys are errors
//! with a did-you-mean; its JSON Schema is `tradeoff schema config`.
//!
//! ```toml
//! [lint]
//! fail-on = "warning"
//! deny = ["defaulted-input"]
//! allow = ["suspicious-quantity"]
//! glob = ["*.yaml"]
//! exclude = ["fixtures", "drafts/*.yaml"]
//!
//! [rules]
//! dir = "design-rules"
//! ```

use crate::error::{did_you_mean, Error, Location, Result};
use schemars::JsonSchema;
use serde::Deserialize;
use std::path::{Path, PathBuf};

/// File names looked for in each folder, in this order.
pub const NAMES: [&str; 2] = ["tradeoff.toml", ".tradeoff.toml"];

/// tradeoff's project settings. Every key is optional; flags on the command line win.
#[derive(Clone, Debug, Default, Deserialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
#[schemars(title = "tradeoff.toml")]
pub struct Config {
    /// Settings of `tradeoff lint`.
    pub lint: Option<LintConfig>,
    /// Where the organisation's own rules live.
    pub rules: Option<RulesConfig>,
}

/// Settings of `tradeoff lint`; each has a flag of the same name that wins over it.
#[derive(Clone, Debug, Default, Deserialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct LintConfig {
    /// Lowest severity that fails the run (exit code 1). Default: error.
    pub fail_on: Option<crate::lint::Threshold>,
    /// Lint ids reported as errors.
    pub deny: Option<Vec<String>>,
    /// Lint ids reported as warnings.
    pub warn: Option<Vec<String>>,
    /// Lint ids not reported.
    pub allow: Option<Vec<String>>,
    /// File-name patterns that count as requirements files inside folders (`*` and `?`).
    /// Default: tradeoff.yaml, tradeoff.yml, *.tradeoff.yaml, *.tradeoff.yml.
    pub glob: Option<Vec<String>>,
    /// Paths not linted: a pattern without `/` matches any file or folder name
    /// (`fixtures`, `*.draft.yaml`); one with `/` matches the path relative to this file.
    pub exclude: Option<Vec<String>>,
}

/// Where the organisation's own rules live.
#[derive(Clone, Debug, Default, Deserialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct RulesConfig {
    /// A folder of rule files that add to or replace the bundled rules (as `--rules`),
    /// relative to this file.
    pub dir: Option<PathBuf>,
}

/// A config as loaded: its settings and the file it came from (paths in it are
/// relative to that file's folder).
#[derive(Clone, Debug, Default)]
pub struct Loaded {
    pub config: Config,
    pub path: Option<PathBuf>,
}

impl Loaded {
    /// The folder paths in the file are relative to (the working directory without a file).
    pub fn base(&self) -> PathBuf {
        self.path
            .as_deref()
            .and_then(Path::parent)
            .map(Path::to_path_buf)
            .unwrap_or_default()
    }

    /// `[rules] dir`, resolved against the file's folder.
    pub fn rules_dir(&self) -> Option<PathBuf> {
        let dir = self.config.rules.as_ref()?.dir.as_ref()?;
        Some(self.base().join(dir))
    }

    pub fn lint(&self) -> LintConfig {
        self.config.lint.clone().unwrap_or_default()
    }
}

/// How the command line chose the config.
#[derive(Clone, Debug, Default)]
pub enum Choice {
    /// Look for `tradeoff.toml` from the working directory up.
    #[default]
    Discover,
    File(PathBuf),
    None,
}

/// Loads the config the command line chose.
pub fn load(choice: &Choice) -> Result<Loaded> {
    let path = match choice {
        Choice::None => return Ok(Loaded::default()),
        Choice::File(p) => {
            if !p.is_file() {
                return Err(
                    Error::input(format!("config file {} does not exist", p.display()))
                        .help("give the path of a tradeoff.toml, or drop --config"),
                );
            }
            p.clone()
        }
        Choice::Discover => {
            let cwd = std::env::current_dir().map_err(|e| Error::io(Path::new("."), e))?;
            match discover(&cwd) {
                Some(p) => p,
                None => return Ok(Loaded::default()),
            }
        }
    };
    let text = std::fs::read_to_string(&path).map_err(|e| Error::io(&path, e))?;
    let config = parse(&path.display().to_string(), &text)?;
    Ok(Loaded {
        config,
        path: Some(path),
    })
}

/// The nearest config file in `dir` or a folder above it.
pub fn discover(dir: &Path) -> Option<PathBuf> {
    dir.ancestors()
        .flat_map(|d| NAMES.iter().map(move |n| d.join(n)))
        .find(|p| p.is_file())
}

/// Parses config text; `label` names the file in messages.
pub fn parse(label: &str, text: &str) -> Result<Config> {
    toml::from_str::<Config>(text).map_err(|e| convert(label, text, &e))
}

fn convert(label: &str, text: &str, e: &toml::de::Error) -> Error {
    let message = e.message().trim().to_string();
    let mut out = Error::input(message.clone());
    if let Some(rest) = message.strip_prefix("unknown field `") {
        if let Some((name, expected)) = rest.split_once('`') {
            let candidates = names(expected);
            out = Error::input(format!("unknown key `{name}`")).help(
                match did_you_mean(name, candidates.iter().copied()) {
                    Some(best) => format!("did you mean `{best}`?"),
                    None => format!("known keys here: {}", candidates.join(", ")),
                },
            );
        }
    } else if let Some(rest) = message.strip_prefix("unknown variant `") {
        if let Some((name, expected)) = rest.split_once('`') {
            out = Error::input(format!("unknown value `{name}`"))
                .help(format!("allowed values: {}", names(expected).join(", ")));
        }
    }
    if let Some(span) = e.span() {
        let before = &text[..span.start.min(text.len())];
        let line = before.matches('\n').count() + 1;
        let column = before.len() - before.rfind('\n').map_or(0, |p| p + 1) + 1;
        out = out.at(Location::new(label, line, column));
        if let Some(key) = key_path(text, span.start) {
            out = out.field(key);
        }
    } else {
        out = out.at(Location::new(label, 0, 0));
    }
    out
}

/// The names in serde's "expected `a`, `b` or `c`" (or "one of ...").
fn names(expected: &str) -> Vec<&str> {
    expected
        .trim_start_matches(", expected one of ")
        .trim_start_matches(", expected ")
        .split(", ")
        .flat_map(|part| part.split(" or "))
        .map(|c| c.trim().trim_matches('`'))
        .filter(|c| !c.is_empty())
        .collect()
}

/// `lint.fail-on` for a position inside `fail-on = ...` under `[lint]`.
fn key_path(text: &str, at: usize) -> Option<String> {
    let mut table = String::new();
    let mut offset = 0;
    let mut key = None;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let t = line.trim();
        if let Some(name) = t.strip_prefix('[').and_then(|r| r.strip_suffix(']')) {
            table = name.trim().to_string();
        }
        if at >= start && at < offset.max(start + 1) {
            key = t
                .split_once('=')
                .map(|(k, _)| k.trim().trim_matches('"').to_string());
            break;
        }
    }
    match (table.is_empty(), key) {
        (_, None) if table.is_empty() => None,
        (_, None) => Some(table),
        (true, Some(k)) => Some(k),
        (false, Some(k)) => Some(format!("{table}.{k}")),
    }
}

/// The JSON Schema of the config file (`schemas/config.schema.json`).
pub fn schema() -> serde_json::Value {
    let mut v = serde_json::to_value(schemars::schema_for!(Config)).unwrap_or_default();
    if let Some(root) = v.as_object_mut() {
        let repo = env!("CARGO_PKG_REPOSITORY").trim_end_matches('/');
        let raw = repo.replacen(
            "https://github.com/",
            "https://raw.githubusercontent.com/",
            1,
        );
        root.insert(
            "$id".into(),
            format!("{raw}/main/schemas/config.schema.json").into(),
        );
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_every_key() {
        let c = parse(
            "t.toml",
            "[lint]\nfail-on = \"warning\"\ndeny = [\"a\"]\nwarn = []\nallow = [\"b\"]\n\
             glob = [\"*.yaml\"]\nexclude = [\"fixtures\"]\n[rules]\ndir = \"r\"\n",
        )
        .unwrap();
        let lint = c.lint.unwrap();
        assert_eq!(lint.fail_on, Some(crate::lint::Threshold::Warning));
        assert_eq!(lint.exclude.unwrap(), vec!["fixtures"]);
        assert_eq!(c.rules.unwrap().dir.unwrap(), PathBuf::from("r"));
    }

    #[test]
    fn unknown_keys_say_where_and_suggest() {
        let e = parse("t.toml", "[lint]\nfail_on = \"warning\"\n").unwrap_err();
        assert_eq!(e.message, "unknown key `fail_on`");
        assert_eq!(e.help.as_deref(), Some("did you mean `fail-on`?"));
        assert_eq!(e.location, Some(Location::new("t.toml", 2, 1)));
        assert_eq!(e.field.as_deref(), Some("lint.fail_on"));
        let e = parse("t.toml", "[lnt]\n").unwrap_err();
        assert_eq!(e.help.as_deref(), Some("did you mean `lint`?"));
        let e = parse("t.toml", "[lint]\nfail-on = \"warn\"\n").unwrap_err();
        assert!(e.help.unwrap().contains("warning"), "{}", e.message);
    }
}
