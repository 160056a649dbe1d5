//! Reading requirements from YAML text into the typed model, with located errors.

use super::model::Requirements;
use crate::error::Result;
use crate::yaml;
use std::path::Path;

/// Reads and parses a requirements file; `-` reads standard input.
pub fn parse_requirements(path: &Path) -> Result<(String, Requirements)> {
    let (label, text) = yaml::read_source(path)?;
    let req = parse_requirements_str(&label, &text)?;
    Ok((label, req))
}

/// Parses requirements text; `label` names the source in messages.
pub fn parse_requirements_str(label: &str, text: &str) -> Result<Requirements> {
    let req: Requirements = yaml::from_str(label, text)?;
    Ok(req)
}
