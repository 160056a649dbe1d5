//! Requirements: the typed model, its defaults, and reading it from YAML.

pub mod component;
mod defaults;
mod model;
mod parse;
pub mod schema;
pub mod text;

pub use component::Component;
pub use defaults::defaults;
pub use model::*;
pub use parse::{parse_requirements, parse_requirements_str};
