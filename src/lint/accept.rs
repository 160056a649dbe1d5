//! Acceptances: findings a requirements file accepts with a reason. They stay
//! visible (counted, shown with --show-accepted) but do not fail the run. An
//! acceptance that matches nothing, or has expired, is itself a finding.

use super::diagnostic::{whole_file, Diagnostic};
use crate::requirements::Requirements;
use crate::rules::model::Severity;
use crate::rules::Rulebook;
use crate::yaml::Index;
use std::collections::{HashMap, HashSet};

/// Marks accepted findings and adds findings about the acceptances themselves.
pub fn apply(
    book: &Rulebook,
    file: &str,
    index: &Index,
    req: &Requirements,
    out: &mut Vec<Diagnostic>,
    today: i64,
) {
    let Some(list) = &req.accept else { return };
    let sev = |id: &str| book.lint(id).map_or(Severity::Warning, |l| l.severity);
    let mut extra = Vec::new();
    // The ids an acceptance can name (lint ids and topics of the findings), so that
    // many acceptances over many findings stay linear.
    let named: HashSet<String> = out
        .iter()
        .flat_map(|d| std::iter::once(d.id.clone()).chain(d.topic.clone()))
        .collect();
    // The last live acceptance of each id: its place in the list and its reason.
    let mut reasons: HashMap<&str, (usize, &str)> = HashMap::new();
    for (i, a) in list.iter().enumerate() {
        let path = format!("accept[{i}]");
        let span = index
            .value(&format!("{path}.id"))
            .unwrap_or_else(|| index.value(&path).unwrap_or_else(whole_file));
        if let Some(expires) = a.expires.as_deref().and_then(super::date::parse) {
            if expires < today {
                let msg = format!(
                    "the acceptance of `{}` expired on {}",
                    a.id,
                    a.expires.as_deref().unwrap_or_default()
                );
                let span = index.value(&format!("{path}.expires")).unwrap_or(span);
                extra.push(
                    Diagnostic::new("expired-acceptance", sev("expired-acceptance"), file, span, msg)
                        .help("review the finding: fix it, or renew the acceptance with a new date and reason")
                        .field(format!("{path}.expires")),
                );
                continue;
            }
        }
        let matched = named.contains(&a.id);
        if matched {
            reasons.insert(a.id.as_str(), (i, a.reason.as_str()));
        }
        if !matched {
            let known = book.lint(&a.id).is_some() || book.topic(&a.id).is_some();
            let help = if known {
                "nothing reports this any more; remove the acceptance".to_string()
            } else {
                let ids = book
                    .lints
                    .iter()
                    .map(|l| l.id.as_str())
                    .chain(book.topics.iter().map(|t| t.id.as_str()));
                match crate::error::did_you_mean(&a.id, ids) {
                    Some(b) => {
                        format!("no lint or topic is called `{}`; did you mean `{b}`?", a.id)
                    }
                    None => format!("no lint or topic is called `{}`", a.id),
                }
            };
            extra.push(
                Diagnostic::new(
                    "unused-acceptance",
                    sev("unused-acceptance"),
                    file,
                    span,
                    format!("the acceptance of `{}` matches no finding", a.id),
                )
                .help(help)
                .field(format!("{path}.id")),
            );
        }
    }
    for d in out.iter_mut() {
        let by_id = reasons.get(d.id.as_str());
        let by_topic = d.topic.as_deref().and_then(|t| reasons.get(t));
        // As if applied in list order: the acceptance listed last wins.
        if let Some((_, reason)) = by_id.into_iter().chain(by_topic).max_by_key(|(at, _)| *at) {
            d.accepted = Some(reason.to_string());
        }
    }
    out.extend(extra);
}
