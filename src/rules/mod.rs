//! The rulebook: topics, options, conditions and coherence checks loaded from `rules/`.

mod book;
mod choose;
pub mod condition;
mod load;
pub mod model;
mod order;
pub mod snapshot;
mod topic;
pub mod wiki;

pub use book::*;
pub use choose::{load, rulebook};
pub use load::*;
