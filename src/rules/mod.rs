//! The rulebook: topics, options, conditions and coherence checks loaded from `rules/`.

mod book;
pub mod condition;
mod load;
pub mod model;
mod order;
mod topic;
pub mod wiki;

pub use book::*;
pub use load::*;
