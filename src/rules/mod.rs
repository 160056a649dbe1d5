//! The rulebook: topics, options, conditions and coherence checks loaded from `rules/`.

pub mod condition;
mod load;
pub mod model;
pub mod wiki;

pub use load::*;
