//! Evaluation order of topics (they read each other's decisions), each topic's
//! dependency closure (for flip points), and which topics test each field.

use super::book::Topic;
use crate::error::{Error, Location};
use std::collections::{BTreeMap, BTreeSet};

/// Topological order of topics by the decisions they read; cycles are errors.
pub(super) fn evaluation_order(topics: &[Topic], errors: &mut Vec<Error>) -> Vec<usize> {
    let index: BTreeMap<&str, usize> = topics
        .iter()
        .enumerate()
        .map(|(i, t)| (t.id.as_str(), i))
        .collect();
    let mut order = Vec::new();
    let mut state = vec![0u8; topics.len()]; // 0 new, 1 visiting, 2 done
    fn visit(
        i: usize,
        topics: &[Topic],
        index: &BTreeMap<&str, usize>,
        state: &mut [u8],
        order: &mut Vec<usize>,
        errors: &mut Vec<Error>,
    ) {
        match state[i] {
            2 => return,
            1 => {
                errors.push(
                    Error::input(format!(
                        "topic `{}` is part of a cycle of decisions reading each other",
                        topics[i].id
                    ))
                    .at(Location::new(&topics[i].file, 0, 0))
                    .help("a topic may read decision.<t> only of topics that do not read it back"),
                );
                return;
            }
            _ => {}
        }
        state[i] = 1;
        for r in &topics[i].reads {
            if let Some(&j) = index.get(r.as_str()) {
                visit(j, topics, index, state, order, errors);
            }
        }
        state[i] = 2;
        order.push(i);
    }
    for i in 0..topics.len() {
        visit(i, topics, &index, &mut state, &mut order, errors);
    }
    order
}

/// Each topic's dependency closure (itself included), in evaluation order.
pub(super) fn closures(topics: &[Topic], order: &[usize]) -> Vec<Vec<usize>> {
    let index: BTreeMap<&str, usize> = topics
        .iter()
        .enumerate()
        .map(|(i, t)| (t.id.as_str(), i))
        .collect();
    (0..topics.len())
        .map(|i| {
            let mut needed = BTreeSet::from([i]);
            let mut stack = vec![i];
            while let Some(j) = stack.pop() {
                for r in &topics[j].reads {
                    if let Some(&k) = index.get(r.as_str()) {
                        if needed.insert(k) {
                            stack.push(k);
                        }
                    }
                }
            }
            order
                .iter()
                .copied()
                .filter(|j| needed.contains(j))
                .collect()
        })
        .collect()
}

/// Which topics test each requirements field, directly or through a derived figure.
pub(super) fn field_topics(topics: &[Topic]) -> BTreeMap<String, Vec<String>> {
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for t in topics {
        let mut fields = BTreeSet::new();
        for o in &t.options {
            for r in &o.conditions {
                for (fact, _, _) in r.when.leaves() {
                    fields.extend(crate::derived::inputs(fact).map(str::to_string));
                }
            }
        }
        for f in fields {
            out.entry(f).or_default().push(t.id.clone());
        }
    }
    out
}
