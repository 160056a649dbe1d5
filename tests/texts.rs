//! Texts state the figures they rely on. A fixed sentence (a `because`, a detail, a
//! coherence message) may not claim a magnitude that its condition does not guarantee:
//! "hundreds per second" on a condition that also holds at 78,000, "99.95 %" on a
//! condition that holds at 99.99 %. Such a sentence must use a `{fact}` placeholder,
//! or phrase the number as the threshold its condition tests ("at least 99.95 %").

use tradeoff::facts::FactValue;
use tradeoff::rules::condition::{Condition, Op};
use tradeoff::rules::Rulebook;

/// Magnitude phrases and the range of values each asserts.
const WORDS: [(&str, f64, f64); 7] = [
    ("tens of thousands", 1e4, 1e5),
    ("hundreds of thousands", 1e5, 1e6),
    ("hundreds", 1e2, 1e3),
    ("thousands", 1e3, 1e4),
    ("millions", 1e6, 1e9),
    ("billions", 1e9, 1e12),
    ("almost no", 0.0, 1.0),
];

/// Words that make a number a threshold rather than a claimed value.
const THRESHOLD: [&str; 21] = [
    "under",
    "over",
    "above",
    "below",
    "at least",
    "at most",
    "more than",
    "less than",
    "up to",
    "from",
    "past",
    "beyond",
    "exceed",
    "<",
    ">",
    "≥",
    "≤",
    "or more",
    "or less",
    "or above",
    "target of",
];

/// Lower and upper bounds the condition guarantees for each numeric fact (through `all`).
fn bounds(c: &Condition, out: &mut Vec<(String, f64, f64)>) {
    match c {
        Condition::All(cs) => cs.iter().for_each(|c| bounds(c, out)),
        Condition::Test {
            fact,
            op,
            value: FactValue::Num(v),
            ..
        } => {
            let (lo, hi) = match op {
                Op::Gt | Op::Gte => (*v, f64::INFINITY),
                Op::Lt | Op::Lte => (f64::NEG_INFINITY, *v),
                Op::Eq => (*v, *v),
                _ => return,
            };
            match out.iter_mut().find(|(f, _, _)| f == fact) {
                Some(b) => {
                    b.1 = b.1.max(lo);
                    b.2 = b.2.min(hi);
                }
                None => out.push((fact.clone(), lo, hi)),
            }
        }
        _ => {}
    }
}

fn thresholds(c: &Condition) -> Vec<f64> {
    c.leaves()
        .into_iter()
        .filter_map(|(_, _, v)| v.as_num())
        .collect()
}

/// Numbers written in the text with a unit or suffix: `10K users`, `99.95 %`, `1TB`.
fn literals(text: &str) -> Vec<(usize, f64)> {
    let mut out = Vec::new();
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i].is_ascii_digit()
            && (i == 0
                || !(b[i - 1].is_ascii_alphanumeric()
                    || b[i - 1] == b'{'
                    || b[i - 1] == b'_'
                    || b[i - 1] == b'.'))
        {
            let start = i;
            while i < b.len() && (b[i].is_ascii_digit() || b[i] == b'.' || b[i] == b',') {
                i += 1;
            }
            let num: f64 = match text[start..i]
                .trim_end_matches(['.', ','])
                .replace(',', "")
                .parse()
            {
                Ok(n) => n,
                Err(_) => continue,
            };
            let rest = text[i..].trim_start();
            let mul = if rest.starts_with('%') {
                Some(1.0)
            } else if rest.starts_with("K ") || rest.starts_with("k ") || rest.starts_with("K)") {
                Some(1e3)
            } else if rest.starts_with("M ") || rest.starts_with("M)") {
                Some(1e6)
            } else if rest.starts_with("TB") {
                Some(1e12)
            } else if rest.starts_with("GB") {
                Some(1e9)
            } else {
                None
            };
            // Percents outside 90-99.999 are advice or product facts (canary steps, all
            // traffic, eleven nines of durability), not claimed targets; a figure "per"
            // something is a planning figure, one after "e.g." an example.
            let before: String = text[..start].chars().rev().take(20).collect();
            let is_example = before.contains(".g.e");
            let is_rate = text[i..].split_whitespace().nth(1) == Some("per");
            let claim = match mul {
                Some(1.0) => (90.0..100.0).contains(&num) && num <= 99.999,
                Some(_) => !is_example && !is_rate,
                None => false,
            };
            if let (true, Some(m)) = (claim, mul) {
                out.push((start, num * m));
            }
        } else {
            i += 1;
        }
    }
    out
}

fn problems_in(text: &str, when: Option<&Condition>) -> Vec<String> {
    let mut out = Vec::new();
    let lower = text.to_lowercase();
    let mut b = Vec::new();
    if let Some(c) = when {
        bounds(c, &mut b);
    }
    let mut taken = String::new();
    for (word, lo, hi) in WORDS {
        if !lower.contains(word) || taken.contains(word) {
            continue;
        }
        taken.push_str(word);
        let guaranteed = b
            .iter()
            .any(|(_, l, h)| *l >= lo && *h <= hi && l.is_finite() && h.is_finite());
        if !guaranteed {
            out.push(format!(
                "claims \"{word}\" but its condition does not bound the value to that range"
            ));
        }
    }
    let ts = when.map(thresholds).unwrap_or_default();
    for (at, v) in literals(text) {
        let before = lower[..at]
            .chars()
            .rev()
            .take(18)
            .collect::<String>()
            .chars()
            .rev()
            .collect::<String>();
        let after: String = lower[at..].chars().take(24).collect();
        let phrased = THRESHOLD.iter().any(|t| before.contains(t))
            || ["or more", "or less", "or above", "or higher"]
                .iter()
                .any(|t| after.contains(t));
        let is_threshold = ts.iter().any(|t| (t - v).abs() <= 1e-9 * v.abs().max(1.0));
        let exact = b
            .iter()
            .any(|(_, l, h)| (l - v).abs() < 1e-9 && (h - v).abs() < 1e-9);
        if !(exact || (phrased && is_threshold)) {
            let shown: String = text[at..].chars().take(12).collect();
            out.push(format!("states the fixed figure \"{}…\"; use a placeholder or phrase it as the tested threshold", shown.trim()));
        }
    }
    out
}

#[test]
fn fixed_texts_claim_no_magnitude_their_condition_does_not_guarantee() {
    let book = Rulebook::bundled_with_cases().expect("bundled rules load");
    let mut problems = Vec::new();
    let mut check = |file: &str, text: &str, when: Option<&Condition>| {
        for p in problems_in(text, when) {
            problems.push(format!(
                "{file}: \"{}\": {p}",
                text.chars().take(90).collect::<String>()
            ));
        }
    };
    for t in &book.topics {
        for o in &t.options {
            for r in &o.conditions {
                check(&t.file, &r.because, Some(&r.when));
            }
            for c in o.rule_out.iter().chain(&o.require) {
                check(&t.file, &c.because, Some(&c.when));
            }
        }
        for c in &t.combinations {
            check(&t.file, &c.because, Some(&c.when));
        }
        for d in &t.details {
            check(&t.file, &d.because, d.when.as_ref());
            check(&t.file, &d.value, d.when.as_ref());
        }
    }
    for c in &book.coherence {
        check(&c.file, &c.message, Some(&c.when));
        check(&c.file, &c.help, Some(&c.when));
    }
    for r in &book.risks {
        check(&r.file, &r.text, Some(&r.when));
        check(&r.file, &r.mitigation, Some(&r.when));
    }
    assert!(
        problems.is_empty(),
        "{} fixed texts claim magnitudes:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn the_check_catches_what_it_should() {
    let c = |s: &str| -> Condition {
        let book = Rulebook::bundled().unwrap();
        let raw: tradeoff::rules::model::ConditionFile = serde_saphyr::from_str(s).unwrap();
        tradeoff::rules::condition::build(&raw, "t", &book.catalog, &book.facts, &mut Vec::new())
            .unwrap()
    };
    let open = c("{fact: derived.reads_per_sec, op: gte, value: 500}");
    assert_eq!(
        problems_in("Hundreds of reads per second.", Some(&open)).len(),
        1
    );
    let bounded = c("{all: [{fact: derived.reads_per_sec, op: gte, value: 100}, {fact: derived.reads_per_sec, op: lt, value: 1000}]}");
    assert!(problems_in("Hundreds of reads per second.", Some(&bounded)).is_empty());
    let target = c("{fact: availability.target, op: gte, value: 99.95%}");
    assert_eq!(
        problems_in("Which 99.95 % availability requires.", Some(&target)).len(),
        1
    );
    assert!(problems_in(
        "At least 99.95 % availability needs a standby.",
        Some(&target)
    )
    .is_empty());
    assert!(problems_in(
        "{availability.target} availability needs a standby.",
        Some(&target)
    )
    .is_empty());
}
