//! tradeoff: a command-line advisor for system design.
//!
//! Requirements (YAML or questionnaire) and a rulebook (YAML data compiled from
//! the system-design wiki) go into a pure engine that returns an assessment;
//! renderers turn it into text, Markdown or JSON. See README.md.

pub mod error;
pub mod quantity;
pub mod requirements;
pub mod yaml;
pub mod facts;
pub mod derived;
pub mod rules;
pub mod engine;
pub mod cases;
pub mod render;
pub mod cli;
