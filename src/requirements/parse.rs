//! Reading requirements from YAML text into the typed model, with located errors.

use super::model::Requirements;
use crate::error::{Error, Location, Result};
use crate::yaml;
use std::path::Path;

/// Reads and parses a requirements file; `-` reads standard input.
pub fn parse_requirements(path: &Path) -> Result<(String, Requirements)> {
    let (label, text) = yaml::read_source(path)?;
    let req = parse_requirements_str(&label, &text)?;
    Ok((label, req))
}

/// Parses requirements text; `label` names the source in messages. The reader is the
/// one `tradeoff lint` uses (`lint::check::read`): a file is refused here exactly when
/// lint reports it as unreadable, invalid YAML or against the schema, with lint's first
/// finding as the message.
pub fn parse_requirements_str(label: &str, text: &str) -> Result<Requirements> {
    let mut omitted = crate::lint::diagnostic::Omitted::new();
    let severity = |_: &str| crate::rules::model::Severity::Error;
    match crate::lint::check::read(label, text.as_bytes().to_vec(), &severity, &mut omitted) {
        Ok((_, req)) => Ok(req),
        Err(mut diags) => {
            diags.sort_by_key(|d| (d.span.line, d.span.column));
            let more = diags.len().saturating_sub(1) + omitted.values().sum::<usize>();
            let Some(d) = diags.into_iter().next() else {
                return Err(Error::input(format!("{label} is not valid requirements")));
            };
            let mut message = d.message;
            if more > 0 {
                message.push_str(&format!(
                    " (and {more} more problem{}: `tradeoff lint` lists them all)",
                    if more == 1 { "" } else { "s" }
                ));
            }
            let mut e = Error::input(message).at(Location::new(label, d.span.line, d.span.column));
            e.help = d.help;
            // The field is named unless the message names it already.
            e.field = d.field.filter(|f| !e.message.contains(&format!("`{f}`")));
            Err(e)
        }
    }
}
