//! Per-component design: each component of the requirements is decided on its own
//! facts (the system's, with its overrides and its share of the traffic) for the topics
//! with `scope: component`, while every system-wide topic stays pinned to the choice
//! made once for the whole system. Nothing here prints.

use super::explain;
use super::{decide_joint_pinned, facts_for, ComponentAssessment, Joint};
use crate::derived::PlanLine;
use crate::requirements::component::{effective_all, shares};
use crate::requirements::Requirements;
use crate::rules::Rulebook;

/// The system-wide decisions as pins: `Some(option)` for each topic decided once.
pub fn pins(book: &Rulebook, joint: &Joint) -> Vec<Option<usize>> {
    book.topics
        .iter()
        .zip(&joint.outcomes)
        .map(|(t, o)| match o {
            Some(o) if !t.per_component => Some(o.choice),
            _ => None,
        })
        .collect()
}

/// Decides and explains every component (spread over cores).
pub fn assess(
    book: &Rulebook,
    req: &Requirements,
    pins: &[Option<usize>],
) -> Vec<ComponentAssessment> {
    let components = req.components.as_deref().unwrap_or_default();
    let share = shares(components);
    let jobs: Vec<(usize, Requirements)> = effective_all(req).into_iter().enumerate().collect();
    crate::parallel::map(&jobs, |(i, part)| {
        let i = *i;
        let (mut facts, defaulted, derived) = facts_for(book, part);
        let joint = decide_joint_pinned(book, &mut facts, pins);
        let own = |t: &crate::rules::Topic| t.per_component;
        let a = explain::assess(book, part, &facts, joint, derived, defaulted, &own, pins);
        let touches = |c: &crate::rules::Coherence| {
            c.topics
                .iter()
                .any(|id| book.topics.iter().any(|t| t.id == *id && t.per_component))
        };
        ComponentAssessment {
            name: components[i].name.clone(),
            description: components[i].description.clone(),
            share: share[i],
            decisions: a.decisions,
            tensions: explain::tensions(book, &facts, &touches),
            resolved: a.resolved,
            derived: a.derived,
            capacity: a.capacity,
        }
    })
}

/// The components' capacity plans summed line by line.
pub fn totals(parts: &[ComponentAssessment]) -> Vec<PlanLine> {
    let mut out: Vec<PlanLine> = Vec::new();
    for line in parts.iter().flat_map(|p| &p.capacity) {
        match out.iter_mut().find(|l| l.id == line.id) {
            Some(l) => {
                l.now += line.now;
                l.in_3y += line.in_3y;
            }
            None => {
                let at = line.arithmetic.split(" at ").nth(1).unwrap_or_default();
                out.push(PlanLine {
                    arithmetic: format!("the sum of the components' lines at {at}"),
                    ..line.clone()
                })
            }
        }
    }
    out
}
