//! Requirements: the typed model, its defaults, and reading it from YAML.

mod defaults;
mod model;
mod parse;
pub mod schema;
pub mod text;

pub use defaults::defaults;
pub use model::*;
pub use parse::{parse_requirements, parse_requirements_str};
