//! Shared trials for the flip-point searches of one assessment. A trial changes one
//! requirement and reads every topic's choice; it is computed once per (field, value)
//! however many topics' searches ask for it, and decides again only the topics that
//! read something the change moved (the field, a derived figure, an earlier choice).

use super::decide::decide_one_lean;
use super::{decide_joint_lean, Exclusion};
use crate::facts::{FactValue, Facts};
use crate::rules::condition::Condition;
use crate::rules::model::Severity;
use crate::rules::{Rulebook, Topic};
use std::collections::HashMap;
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
    /// Topics with a test that reads otherwise than on the base.
    turned: Vec<bool>,
}

pub struct Probe<'a> {
    book: &'a Rulebook,
    base: &'a Facts,
    extra: &'a [Vec<Exclusion>],
    pins: &'a [Option<usize>],
    /// By fact id, the leaf tests that read it, each with its topic and its truth on
    /// the base: a topic is decided again only when one of them turns.
    readers: Vec<Vec<Leaf<'a>>>,
    base_choices: Vec<Option<usize>>,
    /// The base was decided without coherence exclusions (pins aside), so a trial that
    /// breaks no coherence check needs no joint decision to verify it.
    plain: bool,
    trials: Mutex<HashMap<Key, (Choices, bool)>>,
    verified: Mutex<HashMap<Key, Choices>>,
    spare: Mutex<Vec<Work>>,
}

struct Leaf<'a> {
    topic: usize,
    test: &'a Condition,
    truth: bool,
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
        let mut readers: Vec<Vec<Leaf>> = (0..base.len()).map(|_| Vec::new()).collect();
        let mut tests = Vec::new();
        for (topic, t) in book.topics.iter().enumerate() {
            tests.clear();
            for c in t.conditions() {
                c.tests(&mut tests);
            }
            for &test in &tests {
                if let Condition::Test { id, .. } = test {
                    if let Some(list) = readers.get_mut(*id) {
                        list.push(Leaf {
                            topic,
                            test,
                            truth: test.eval(base),
                        });
                    }
                }
            }
        }
        let plain = extra.iter().flatten().all(|e| e.by == "system");
        Probe {
            book,
            base,
            extra,
            pins,
            readers,
            base_choices: choices(book, base),
            plain,
            trials: Mutex::new(HashMap::new()),
            verified: Mutex::new(HashMap::new()),
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
        let coherent = !self
            .book
            .coherence
            .iter()
            .any(|c| c.severity == Severity::Error && c.when.eval(&work.facts));
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
            turned: vec![false; self.book.topics.len()],
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
            if !work.turned[l.topic] && l.test.eval(&work.facts) != l.truth {
                work.turned[l.topic] = true;
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
            if !work.turned[t] {
                continue;
            }
            decide_one_lean(book, &mut work.facts, t, self.extra, &mut scores);
            let topic = &book.topics[t];
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
        work.turned.fill(false);
    }
}

/// A poisoned lock only means another search panicked; its map is still sound.
fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}
