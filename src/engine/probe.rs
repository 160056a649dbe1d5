//! Shared trials for the flip-point searches of one assessment. A trial changes one
//! requirement and reads every topic's choice; it is computed once per (field, value)
//! however many topics' searches ask for it, and decides again only the topics that
//! read something the change moved (the field, a derived figure, an earlier choice).

use super::decide::{decide_by, record_choice, Truth};
use super::{decide_joint_lean, Exclusion};
use crate::facts::{FactValue, Facts};
use crate::rules::condition::Condition;
use crate::rules::model::Severity;
use crate::rules::{Rulebook, Topic};
use foldhash::HashMap;
use std::sync::{Arc, Mutex};

/// A trial's key: the field's id and its value (numbers by their bits).
#[derive(Clone, PartialEq, Eq, Hash)]
enum Key {
    Num(usize, u64),
    Bool(usize, bool),
    Str(usize, String),
    List(usize, Vec<String>),
}

impl Key {
    fn of(id: usize, value: &FactValue) -> Key {
        match value {
            FactValue::Num(n) => Key::Num(id, n.to_bits()),
            FactValue::Bool(b) => Key::Bool(id, *b),
            FactValue::Str(s) => Key::Str(id, s.clone()),
            FactValue::List(l) => Key::List(id, l.clone()),
        }
    }
}

/// Each topic's choice (option index) after a trial, by topic index (`None`: undecided).
pub type Choices = Arc<Vec<Option<usize>>>;

/// A working copy of the base facts and the ids a trial changed in it.
struct Work {
    facts: Facts,
    changed: Vec<bool>,
    moved: Vec<usize>,
    /// Per topic, its conditions' truths in this trial (the base's until evaluated again).
    truths: Vec<Vec<bool>>,
    /// Per topic, the conditions with a test that turned, to evaluate again (a topic
    /// with none is not decided again).
    stale: Vec<Vec<usize>>,
    /// (topic, condition) whose truth differs from the base's, to put back.
    flipped: Vec<(usize, usize)>,
}

pub struct Probe<'a> {
    book: &'a Rulebook,
    base: &'a Facts,
    extra: &'a [Vec<Exclusion>],
    pins: &'a [Option<usize>],
    /// By fact id, the leaf tests that read it, each with its topic and its truth on
    /// the base: a topic is decided again only when one of them turns.
    readers: Vec<Vec<Leaf<'a>>>,
    items: Vec<Items<'a>>,
    base_choices: Vec<Option<usize>>,
    /// The base was decided without coherence exclusions (pins aside), so a trial that
    /// breaks no coherence check needs no joint decision to verify it.
    plain: bool,
    /// The error-severity coherence checks, with the facts each reads and its truth on
    /// the base.
    checks: Vec<Check<'a>>,
    trials: Mutex<HashMap<Key, (Choices, bool)>>,
    verified: Mutex<HashMap<Key, Choices>>,
    spare: Mutex<Vec<Work>>,
}

struct Check<'a> {
    when: &'a Condition,
    reads: Vec<usize>,
    base: bool,
}

struct Leaf<'a> {
    topic: usize,
    /// The condition it is part of (a number in the topic's `Items`).
    item: usize,
    test: &'a Condition,
    truth: bool,
}

/// A topic's conditions that take part in its choice, numbered in one run: each
/// option's rules, rule-outs and requires, then the combinations; with their truth on
/// the base.
struct Items<'a> {
    conditions: Vec<&'a Condition>,
    /// Per option, where its rules, rule-outs and requires start.
    starts: Vec<[usize; 3]>,
    combinations: usize,
    base: Vec<bool>,
}

impl<'a> Items<'a> {
    fn new(topic: &'a Topic, base: &Facts) -> Items<'a> {
        let mut conditions = Vec::new();
        let mut starts = Vec::new();
        for o in &topic.options {
            let a = conditions.len();
            conditions.extend(o.conditions.iter().map(|r| &r.when));
            let b = conditions.len();
            conditions.extend(o.rule_out.iter().map(|c| &c.when));
            let c = conditions.len();
            conditions.extend(o.require.iter().map(|c| &c.when));
            starts.push([a, b, c]);
        }
        let combinations = conditions.len();
        conditions.extend(topic.combinations.iter().map(|c| &c.when));
        let base = conditions.iter().map(|c| c.eval(base)).collect();
        Items {
            conditions,
            starts,
            combinations,
            base,
        }
    }
}

/// A topic's truths in a trial: `now` holds the base's, with the conditions the trial
/// turned evaluated again.
struct Now<'a> {
    items: &'a Items<'a>,
    now: &'a [bool],
}

impl Truth for Now<'_> {
    fn rule(&self, option: usize, k: usize) -> bool {
        self.now[self.items.starts[option][0] + k]
    }
    fn rule_out(&self, option: usize, k: usize) -> bool {
        self.now[self.items.starts[option][1] + k]
    }
    fn require(&self, option: usize, k: usize) -> bool {
        self.now[self.items.starts[option][2] + k]
    }
    fn combination(&self, j: usize) -> bool {
        self.now[self.items.combinations + j]
    }
}

fn choice(topic: &Topic, facts: &Facts) -> Option<usize> {
    match facts.at(topic.decision_fact) {
        Some(FactValue::Str(s)) => topic.options.iter().position(|o| o.id == *s),
        _ => None,
    }
}

fn choices(book: &Rulebook, facts: &Facts) -> Vec<Option<usize>> {
    book.topics.iter().map(|t| choice(t, facts)).collect()
}

impl<'a> Probe<'a> {
    /// Trials around `base` (decided jointly with `extra` exclusions and `pins`).
    pub fn new(
        book: &'a Rulebook,
        base: &'a Facts,
        extra: &'a [Vec<Exclusion>],
        pins: &'a [Option<usize>],
    ) -> Probe<'a> {
        let items: Vec<Items> = book.topics.iter().map(|t| Items::new(t, base)).collect();
        let mut readers: Vec<Vec<Leaf>> = (0..base.len()).map(|_| Vec::new()).collect();
        let mut tests = Vec::new();
        for (topic, its) in items.iter().enumerate() {
            for (item, c) in its.conditions.iter().enumerate() {
                tests.clear();
                c.tests(&mut tests);
                for &test in &tests {
                    if let Condition::Test { id, .. } = test {
                        if let Some(list) = readers.get_mut(*id) {
                            list.push(Leaf {
                                topic,
                                item,
                                test,
                                truth: test.eval(base),
                            });
                        }
                    }
                }
            }
        }
        let plain = extra.iter().flatten().all(|e| e.by == "system");
        let checks = book
            .coherence
            .iter()
            .filter(|c| c.severity == Severity::Error)
            .map(|c| {
                let mut tests = Vec::new();
                c.when.tests(&mut tests);
                let reads = tests
                    .iter()
                    .filter_map(|t| match t {
                        Condition::Test { id, .. } => Some(*id),
                        _ => None,
                    })
                    .collect();
                Check {
                    when: &c.when,
                    reads,
                    base: c.when.eval(base),
                }
            })
            .collect();
        Probe {
            book,
            base,
            extra,
            pins,
            readers,
            items,
            base_choices: choices(book, base),
            plain,
            checks,
            trials: Mutex::new(HashMap::default()),
            verified: Mutex::new(HashMap::default()),
            spare: Mutex::new(Vec::new()),
        }
    }

    /// Each topic's choice with field `id` set to `value`, the other topics' coherence
    /// exclusions held as they are in the base (what a single change moves).
    pub fn choices(&self, id: usize, value: &FactValue) -> Choices {
        self.run(id, value).0
    }

    /// Each topic's choice with field `id` set to `value`, the whole design decided
    /// again (coherence conflicts resolved afresh): how a found flip is verified.
    pub fn verified(&self, id: usize, value: &FactValue) -> Choices {
        if self.plain {
            // Nothing to resolve in the base: if the trial breaks no check either, the
            // joint decision is the trial's.
            let (choices, coherent) = self.run(id, value);
            if coherent {
                return choices;
            }
        }
        let key = Key::of(id, value);
        if let Some(hit) = lock(&self.verified).get(&key) {
            return hit.clone();
        }
        let mut work = self.base.clone();
        work.set_at(id, value.clone());
        crate::derived::derive(&mut work, &self.book.capacity);
        decide_joint_lean(self.book, &mut work, self.pins);
        let out = Arc::new(choices(self.book, &work));
        lock(&self.verified).insert(key, out.clone());
        out
    }

    /// The trial's choices and whether they break no error-severity coherence check.
    fn run(&self, id: usize, value: &FactValue) -> (Choices, bool) {
        let key = Key::of(id, value);
        if let Some(hit) = lock(&self.trials).get(&key) {
            return hit.clone();
        }
        let mut work = self.work();
        let choices = Arc::new(self.trial(&mut work, id, value));
        // A check that reads nothing the trial moved holds as it did on the base.
        let coherent = !self.checks.iter().any(|c| {
            if c.reads
                .iter()
                .any(|&f| work.changed.get(f).copied().unwrap_or(true))
            {
                c.when.eval(&work.facts)
            } else {
                c.base
            }
        });
        self.undo(&mut work);
        lock(&self.spare).push(work);
        lock(&self.trials).insert(key, (choices.clone(), coherent));
        (choices, coherent)
    }

    fn work(&self) -> Work {
        lock(&self.spare).pop().unwrap_or_else(|| Work {
            facts: self.base.clone(),
            changed: vec![false; self.base.len()],
            moved: Vec::new(),
            truths: self.items.iter().map(|i| i.base.clone()).collect(),
            stale: vec![Vec::new(); self.items.len()],
            flipped: Vec::new(),
        })
    }

    /// Notes that fact `id` differs from the base, and turns the topics with a test on
    /// it that reads otherwise now.
    fn mark(&self, work: &mut Work, id: usize) {
        if work.changed[id] {
            return;
        }
        work.changed[id] = true;
        work.moved.push(id);
        for l in self.readers.get(id).into_iter().flatten() {
            if l.test.eval(&work.facts) != l.truth {
                work.stale[l.topic].push(l.item);
            }
        }
    }

    fn trial(&self, work: &mut Work, id: usize, value: &FactValue) -> Vec<Option<usize>> {
        let (book, base) = (self.book, self.base);
        work.facts.set_at(id, value.clone());
        crate::derived::derive(&mut work.facts, &book.capacity);
        // Facts are marked once all of the trial's inputs are in place, so each test
        // on them reads the trial's values.
        self.mark(work, id);
        for o in base.index.slots.outputs() {
            if work.facts.at(o) != base.at(o) {
                self.mark(work, o);
            }
        }
        let mut out = self.base_choices.clone();
        let mut scores = Vec::new();
        for &t in &book.order {
            if work.stale[t].is_empty() {
                continue;
            }
            let topic = &book.topics[t];
            let items = &self.items[t];
            for item in std::mem::take(&mut work.stale[t]) {
                let now = items.conditions[item].eval(&work.facts);
                if now != work.truths[t][item] {
                    work.truths[t][item] = now;
                    work.flipped.push((t, item));
                }
            }
            let now = Now {
                items,
                now: &work.truths[t],
            };
            let decided = decide_by(topic, self.extra.get(t), &now, &mut scores);
            record_choice(topic, &mut work.facts, decided);
            for f in [topic.decision_fact, topic.design_fact] {
                if work.facts.at(f) != base.at(f) {
                    self.mark(work, f);
                }
            }
            out[t] = choice(topic, &work.facts);
        }
        out
    }

    /// Puts back the base's values where a trial changed them (everything else it
    /// wrote, it wrote equal to the base).
    fn undo(&self, work: &mut Work) {
        for &f in &work.moved {
            work.changed[f] = false;
            work.facts.copy_from(self.base, f);
        }
        work.moved.clear();
        work.stale.iter_mut().for_each(Vec::clear);
        for (t, item) in work.flipped.drain(..) {
            work.truths[t][item] = self.items[t].base[item];
        }
    }
}

/// A poisoned lock only means another search panicked; its map is still sound.
fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}
