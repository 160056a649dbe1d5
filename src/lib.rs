//! tradeoff: a command-line advisor for system design.
//!
//! Requirements (YAML or questionnaire) and a rulebook (YAML data compiled from
//! the system-design wiki) go into a pure engine that returns an assessment;
//! renderers turn it into text, Markdown or JSON. See README.md.

pub mod ask;
pub mod capacity;
pub mod cases;
pub mod cli;
pub mod config;
pub mod derived;
pub mod diff;
pub mod engine;
pub mod error;
pub mod facts;
pub mod interrupt;
pub mod lint;
pub mod output;
pub mod parallel;
pub mod quantity;
pub mod render;
pub mod report;
pub mod requirements;
pub mod rules;
pub mod text;
pub mod yaml;
