//! Turning the joint decision into an assessment: rationale, trade-offs, alternatives
//! (with the requirement that ruled each out), ties, resolved conflicts, tensions and
//! the capacity plan. Texts get their `{fact}` placeholders filled here.

use super::describe::{describe, fill};
use super::*;
use crate::derived::Figure;
use crate::facts::Defaulted;

fn level(o: &Outcome) -> (&'static str, f64, &'static str) {
    match (o.margin, &o.tie) {
        (_, Some(_)) => ("low", 0.0, "tie"),
        (None, None) => ("high", 0.0, "constraint"),
        (Some(m), None) if m >= 4.0 => ("high", m, "margin"),
        (Some(m), None) if m >= 2.0 => ("medium", m, "margin"),
        (Some(m), None) => ("low", m, "margin"),
    }
}

#[allow(clippy::too_many_arguments)] // one call site per caller, each argument distinct
pub(super) fn assess(
    book: &Rulebook,
    req: &Requirements,
    facts: &Facts,
    joint: Joint,
    derived: Vec<Figure>,
    defaulted: Vec<Defaulted>,
    shown: &(dyn Fn(&Topic) -> bool + Sync),
    pins: &[Option<usize>],
) -> Assessment {
    let jobs: Vec<(usize, &Outcome)> = joint
        .outcomes
        .iter()
        .enumerate()
        .filter(|(i, _)| shown(&book.topics[*i]))
        .filter_map(|(i, o)| o.as_ref().map(|o| (i, o)))
        .collect();
    // Explaining (flip points above all) is most of the work; spread topics over cores.
    // The searches share their trials: most candidate changes are asked by several topics.
    let probe = super::probe::Probe::new(book, facts, &joint.extra, pins);
    let mut decisions: Vec<Decision> = crate::parallel::map(&jobs, |&(i, o)| {
        explain(book, &book.topics[i], o, facts, i, &probe)
    });
    let mut resolved = Vec::new();
    for r in joint
        .resolutions
        .iter()
        .filter(|r| shown(&book.topics[r.topic]))
    {
        let check = &book.coherence[r.check];
        let topic = &book.topics[r.topic];
        let to = match facts.at(topic.decision_fact) {
            Some(FactValue::Str(s)) => s.clone(),
            _ => String::new(),
        };
        let message = fill(&check.message, facts, &book.catalog);
        let from_name = topic
            .option(&r.from)
            .map_or(r.from.clone(), |o| o.name.clone());
        let kept: Vec<String> = r
            .kept
            .iter()
            .map(|(k, c)| format!("{} ({c})", book.topics[*k].id))
            .collect();
        if let Some(d) = decisions.iter_mut().find(|d| d.topic == topic.id) {
            d.rationale.insert(
                0,
                Reason {
                    text: format!(
                        "Decided again without {from_name} to keep the design coherent with {}: {message}",
                        kept.join(", ")
                    ),
                    source: check.source.clone(),
                    weight: 0.0,
                    option: to.clone(),
                    kind: "coherence".into(),
                },
            );
        }
        for (k, choice) in &r.kept {
            if let Some(d) = decisions.iter_mut().find(|d| d.topic == book.topics[*k].id) {
                d.rationale.push(Reason {
                    text: format!(
                        "Held over {}: that topic gave up {from_name} for {to} instead, because {message}",
                        topic.id
                    ),
                    source: check.source.clone(),
                    weight: 0.0,
                    option: choice.clone(),
                    kind: "coherence".into(),
                });
            }
        }
        resolved.push(Resolved {
            check: check.id.clone(),
            message,
            topic: topic.id.clone(),
            from: r.from.clone(),
            to,
            kept: r
                .kept
                .iter()
                .map(|(k, c)| KeptChoice {
                    topic: book.topics[*k].id.clone(),
                    choice: c.clone(),
                })
                .collect(),
            source: check.source.clone(),
        });
    }
    // A tension belongs where all its topics are decided (a component's are reported there).
    let in_scope = |id: &String| book.topics.iter().any(|x| x.id == *id && shown(x));
    let tensions = tensions(book, facts, &|c| c.topics.iter().all(in_scope));
    Assessment {
        version: 2,
        name: req.name.clone().unwrap_or_else(|| "unnamed system".into()),
        decisions,
        tensions,
        resolved,
        capacity: crate::derived::plan_for(facts, &book.capacity, plan_scope(req, pins)),
        derived,
        defaulted,
        components: Vec::new(),
        component_totals: Vec::new(),
    }
}

/// A component is assessed with the system's pins; a system with components plans only
/// the tiers its parts share.
fn plan_scope(req: &Requirements, pins: &[Option<usize>]) -> crate::derived::PlanScope {
    use crate::derived::PlanScope;
    if !pins.is_empty() {
        PlanScope::Part
    } else if req.components.as_ref().is_some_and(|c| !c.is_empty()) {
        PlanScope::Shared
    } else {
        PlanScope::Whole
    }
}

/// The coherence checks that hold on `facts`, among those `keep` accepts.
pub(super) fn tensions(
    book: &Rulebook,
    facts: &Facts,
    keep: &dyn Fn(&crate::rules::Coherence) -> bool,
) -> Vec<Tension> {
    book.coherence
        .iter()
        .filter(|c| keep(c) && c.when.eval(facts))
        .map(|c| Tension {
            id: c.id.clone(),
            severity: c.severity,
            topics: c.topics.clone(),
            message: fill(&c.message, facts, &book.catalog),
            help: fill(&c.help, facts, &book.catalog),
            source: c.source.clone(),
        })
        .collect()
}

fn explain(
    book: &Rulebook,
    topic: &Topic,
    o: &Outcome,
    facts: &Facts,
    index: usize,
    probe: &super::probe::Probe,
) -> Decision {
    let f = |t: &str| fill(t, facts, &book.catalog);
    let chosen = &topic.options[o.choice];
    let mut ranked: Vec<usize> = (0..topic.options.len()).collect();
    ranked.sort_by(|&a, &b| {
        o.is_excluded(a)
            .cmp(&o.is_excluded(b))
            .then(o.scores[b].total_cmp(&o.scores[a]))
            .then(a.cmp(&b))
    });
    let mut fired: Vec<usize> = o.fired[o.choice].clone();
    fired.sort_by(|&a, &b| {
        chosen.conditions[b]
            .weight
            .abs()
            .total_cmp(&chosen.conditions[a].weight.abs())
            .then(a.cmp(&b))
    });
    let mut rationale: Vec<Reason> = Vec::new();
    if let Some((r, k)) = o.required {
        let c = &topic.options[r].require[k];
        rationale.push(Reason {
            text: format!("Required: {}", f(&c.because)),
            source: c.source.clone(),
            weight: 0.0,
            option: chosen.id.clone(),
            kind: "constraint".into(),
        });
    }
    rationale.extend(
        fired
            .iter()
            .map(|&i| &chosen.conditions[i])
            .filter(|r| r.weight > 0.0)
            .map(|r| Reason {
                text: f(&r.because),
                source: r.source.clone(),
                weight: r.weight,
                option: chosen.id.clone(),
                kind: "condition".into(),
            }),
    );
    for (add, ci) in &o.also {
        let c = &topic.combinations[*ci];
        rationale.push(Reason {
            text: f(&c.because),
            source: c.source.clone(),
            weight: 0.0,
            option: add.clone(),
            kind: "complement".into(),
        });
    }
    let mut tradeoffs: Vec<Tradeoff> = fired
        .iter()
        .map(|&i| &chosen.conditions[i])
        .filter(|r| r.weight < 0.0)
        .map(|r| Tradeoff {
            text: f(&r.because),
            source: r.source.clone(),
        })
        .collect();
    tradeoffs.extend(chosen.disadvantages.iter().map(|d| Tradeoff {
        text: d.clone(),
        source: chosen.source.clone(),
    }));

    let alternatives = ranked
        .iter()
        .filter(|&&i| i != o.choice)
        .map(|&i| alternative(book, topic, o, facts, i))
        .collect();

    let details = o
        .details
        .iter()
        .map(|&d| {
            let d = &topic.details[d];
            DetailOut {
                name: d.name.clone(),
                value: f(&d.value),
                because: f(&d.because),
                source: d.source.clone(),
            }
        })
        .collect();
    let (level, margin, basis) = level(o);
    let tie = o.tie.as_ref().map(|t| Tie {
        options: t
            .options
            .iter()
            .map(|&i| topic.options[i].id.clone())
            .collect(),
        broken_by: t.criterion.clone(),
    });
    Decision {
        topic: topic.id.clone(),
        title: topic.title.clone(),
        question: topic.question.clone(),
        choice: chosen.id.clone(),
        choice_name: chosen.name.clone(),
        also: o.also.iter().map(|(a, _)| a.clone()).collect(),
        details,
        confidence: Confidence {
            level: level.into(),
            margin,
            basis: basis.into(),
        },
        tie,
        score: o.scores[o.choice],
        rationale,
        tradeoffs,
        alternatives,
        flip_points: flip::flip_points(book, index, facts, probe),
        source: topic.source.clone(),
    }
}

fn alternative(
    book: &Rulebook,
    topic: &Topic,
    o: &Outcome,
    facts: &Facts,
    i: usize,
) -> Alternative {
    let f = |t: &str| fill(t, facts, &book.catalog);
    let alt = &topic.options[i];
    let chosen = &topic.options[o.choice];
    let base = Alternative {
        option: alt.id.clone(),
        name: alt.name.clone(),
        score: o.scores[i],
        complement: false,
        ruled_out: None,
        why_not: Vec::new(),
    };
    if let Some((_, ci)) = o.also.iter().find(|(a, _)| *a == alt.id) {
        let because = f(&topic.combinations[*ci].because);
        return Alternative {
            complement: true,
            why_not: vec![format!(
                "Not the main choice, but used beside it: {because}"
            )],
            ..base
        };
    }
    if let Some(e) = o.excluded.iter().find(|e| e.option == i) {
        return Alternative {
            ruled_out: Some(e.by.into()),
            why_not: vec![format!("Ruled out: {}", f(&e.because))],
            ..base
        };
    }
    let mut why_not: Vec<String> = o.fired[i]
        .iter()
        .map(|&k| &alt.conditions[k])
        .filter(|r| r.weight < 0.0)
        .map(|r| f(&r.because))
        .collect();
    if why_not.is_empty() {
        let unmet = alt
            .conditions
            .iter()
            .enumerate()
            .filter(|(k, r)| r.weight > 0.0 && !o.fired[i].contains(k))
            .max_by(|a, b| a.1.weight.total_cmp(&b.1.weight).then(b.0.cmp(&a.0)));
        let mut line = if o.tie.as_ref().is_some_and(|t| t.options.contains(&i)) {
            format!(
                "Tied with {} at {}; the tie went to {}",
                chosen.id,
                crate::quantity::trim(o.scores[i], 1),
                chosen.id
            )
        } else {
            format!(
                "Scores {} against {} for {}",
                crate::quantity::trim(o.scores[i], 1),
                crate::quantity::trim(o.scores[o.choice], 1),
                chosen.id
            )
        };
        if let Some((_, r)) = unmet {
            line.push_str(&format!(
                "; it would gain most if {}",
                describe(&r.when, &book.catalog, Some(facts))
            ));
        }
        line.push('.');
        why_not.push(line);
    }
    Alternative { why_not, ..base }
}
