//! The one error type: a message, a help line, where it happened, and an exit code.
//!
//! Every failure the user can cause (bad file, bad flag, bad rule) becomes an
//! `Error` with exit code 2; internal failures have no other path to the user.

use std::fmt;
use std::path::Path;

/// A position in a source file, 1-based.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Location {
    pub file: String,
    pub line: usize,
    pub column: usize,
}

impl Location {
    pub fn new(file: impl Into<String>, line: usize, column: usize) -> Self {
        Location {
            file: file.into(),
            line,
            column,
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        let file = crate::text::escape(&self.file);
        if self.line == 0 {
            write!(f, "{file}")
        } else {
            write!(f, "{file}:{}:{}", self.line, self.column)
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    pub message: String,
    pub help: Option<String>,
    pub location: Option<Location>,
    /// The requirements or rule field concerned, as a dotted path.
    pub field: Option<String>,
    pub exit_code: i32,
}

impl Error {
    /// Unusable input or usage (exit code 2).
    pub fn input(message: impl Into<String>) -> Self {
        Error {
            message: message.into(),
            help: None,
            location: None,
            field: None,
            exit_code: 2,
        }
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn at(mut self, location: Location) -> Self {
        self.location = Some(location);
        self
    }

    pub fn field(mut self, field: impl Into<String>) -> Self {
        self.field = Some(field.into());
        self
    }

    pub fn io(path: &Path, err: std::io::Error) -> Self {
        Error::input(format!("cannot read {}: {err}", path.display()))
            .help("check the path and the file's permissions")
    }
}

/// Printed as `error: file:line:col: `field`: message` and an indented help line. Every
/// part can hold user text (paths, keys, values), so control characters are escaped:
/// a message can never start a line of its own or drive the terminal.
impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        use crate::text::escape;
        write!(f, "error")?;
        if let Some(loc) = &self.location {
            write!(f, ": {loc}")?;
        }
        if let Some(field) = &self.field {
            write!(f, ": `{}`", escape(field))?;
        }
        write!(f, ": {}", escape(&self.message))?;
        if let Some(help) = &self.help {
            write!(f, "\n  help: {}", escape(help))?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// The closest candidate to `word`, if one is close enough to be a likely typo.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(word, c), c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}
