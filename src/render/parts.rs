//! Components for every renderer: the component × topic grid and, for each topic, the
//! groups of components that share a choice (one record per differing decision).
//! Presentation only: the decisions are the engine's.

use crate::engine::{Assessment, ComponentAssessment, Decision};

/// One distinct choice of a per-component topic, and the components that got it.
pub struct Group<'a> {
    /// The decision record of the first component in the group.
    pub decision: &'a Decision,
    pub components: Vec<&'a str>,
}

/// A per-component topic with its groups (one group when every component agrees).
pub struct TopicRow<'a> {
    pub topic: &'a str,
    pub title: &'a str,
    /// Each component's choice (with complements), in component order.
    pub cells: Vec<String>,
    pub groups: Vec<Group<'a>>,
}

/// The choice with its complements, as a grid cell shows it.
pub fn cell(d: &Decision) -> String {
    if d.also.is_empty() {
        d.choice.clone()
    } else {
        format!("{} + {}", d.choice, d.also.join(", "))
    }
}

/// The per-component topics in the order the first component lists them.
pub fn rows(a: &Assessment) -> Vec<TopicRow<'_>> {
    let Some(first) = a.components.first() else {
        return Vec::new();
    };
    first
        .decisions
        .iter()
        .map(|d0| {
            let mut cells = Vec::new();
            let mut groups: Vec<Group> = Vec::new();
            for c in &a.components {
                let Some(d) = find(c, &d0.topic) else {
                    cells.push(String::new());
                    continue;
                };
                cells.push(cell(d));
                match groups
                    .iter_mut()
                    .find(|g| g.decision.choice == d.choice && g.decision.also == d.also)
                {
                    Some(g) => g.components.push(&c.name),
                    None => groups.push(Group {
                        decision: d,
                        components: vec![&c.name],
                    }),
                }
            }
            TopicRow {
                topic: &d0.topic,
                title: &d0.title,
                cells,
                groups,
            }
        })
        .collect()
}

fn find<'a>(c: &'a ComponentAssessment, topic: &str) -> Option<&'a Decision> {
    c.decisions.iter().find(|d| d.topic == topic)
}

/// Who a group's record speaks for: "all components" or their names.
pub fn who(group: &Group, total: usize) -> String {
    if group.components.len() == total && total > 1 {
        "all components".into()
    } else {
        group.components.join(", ")
    }
}
