//! The questionnaire's course, the same with or without a terminal: pick the
//! next question that can still change a decision, ask it, record the answer, go
//! back on request. Who answers (a person or an answers file) is an `Asker`.

use super::answers::Answers;
use super::questions::{Kind, Question, Questionnaire};
use super::relevance::Judge;
use crate::error::{Error, Result};
use serde_json::Value;

/// What the one answering said.
#[derive(Clone, Debug, PartialEq)]
pub enum Reply {
    /// This answer.
    Value(Value),
    /// Keep the value shown (the current answer, or the default).
    Keep,
    /// Return to the previous question.
    Back,
    /// Stop without writing anything.
    Cancel,
}

/// One question as put: where it stands and what Enter keeps.
pub struct Step<'q> {
    pub question: &'q Question,
    /// Position, from 1.
    pub number: usize,
    /// Questions answered plus those that can still change a decision.
    pub total: usize,
    /// The value Enter keeps: the answer so far, else the documented default.
    pub current: Option<Value>,
    /// The value the engine would use when there is no fixed default (computed
    /// from other answers), for display.
    pub computed: Option<String>,
    pub can_go_back: bool,
}

pub trait Asker {
    fn ask(&mut self, step: &Step) -> Result<Reply>;

    /// Answers for questions the course never reached; applied at the end.
    fn leftovers(&mut self) -> Vec<(String, Value)> {
        Vec::new()
    }
}

/// The questionnaire's result: the answers, and which fields were asked.
#[derive(Clone, Debug)]
pub struct Course {
    pub answers: Answers,
    pub asked: Vec<String>,
}

/// Runs the questionnaire from `start` (empty, or a file in edit mode). `None`
/// when the person cancelled.
pub fn run(
    questionnaire: &Questionnaire,
    judge: &Judge,
    start: Answers,
    asker: &mut dyn Asker,
) -> Result<Option<Course>> {
    let questions = &questionnaire.questions;
    let mut answers = start;
    let mut done: Vec<usize> = Vec::new();
    let mut forced: Option<usize> = None;
    loop {
        let open = open_questions(questionnaire, judge, &answers, &done)?;
        let Some(i) = forced.take().or_else(|| open.first().copied()) else {
            let left = asker.leftovers();
            if left.is_empty() {
                let asked = done.iter().map(|&i| questions[i].field.clone()).collect();
                return Ok(Some(Course { answers, asked }));
            }
            for (field, value) in left {
                answers.set(&field, value);
                if let Some(i) = questions.iter().position(|q| q.field == field) {
                    done.push(i);
                }
            }
            continue;
        };
        let q = &questions[i];
        let current = answers.get(&q.field).or(q.default.as_ref()).cloned();
        let computed = match current {
            None if q.fact => computed_value(q, &answers),
            _ => None,
        };
        let step = Step {
            question: q,
            number: done.len() + 1,
            total: done.len() + open.len() + usize::from(!open.contains(&i)),
            current,
            computed,
            can_go_back: !done.is_empty(),
        };
        match asker.ask(&step)? {
            Reply::Value(v) => {
                answers.set(&q.field, v);
                done.push(i);
            }
            Reply::Keep => {
                // Free text has no meaningful default; a computed default stays computed.
                if answers.get(&q.field).is_none() && q.kind != Kind::Text {
                    if let Some(d) = &q.default {
                        answers.set(&q.field, d.clone());
                    }
                }
                done.push(i);
            }
            Reply::Back => forced = Some(done.pop().unwrap_or(i)),
            Reply::Cancel => return Ok(None),
        }
    }
}

/// Unanswered questions that can still change a decision, in questionnaire order: what
/// `ask` re-evaluates after every answer.
pub fn open_questions(
    questionnaire: &Questionnaire,
    judge: &Judge,
    answers: &Answers,
    done: &[usize],
) -> Result<Vec<usize>> {
    let probe = judge
        .probe(answers)
        .ok_or_else(|| Error::input("the answers so far do not make valid requirements"))?;
    let todo: Vec<usize> = (0..questionnaire.questions.len())
        .filter(|i| !done.contains(i))
        .collect();
    // Each check re-decides every topic a few dozen times; spread them over cores.
    let keep: Vec<bool> = {
        let probe = &probe;
        crate::parallel::map(&todo, |&i| {
            judge.can_change(&questionnaire.questions[i], probe)
        })
    };
    Ok(todo
        .into_iter()
        .zip(keep)
        .filter_map(|(i, k)| k.then_some(i))
        .collect())
}

/// The value the engine uses for an unanswered field without a fixed default.
fn computed_value(q: &Question, answers: &Answers) -> Option<String> {
    let req = answers.requirements().ok()?;
    let resolved = crate::facts::resolve(&req);
    let v = resolved.facts.get(&q.field)?;
    let json = serde_json::to_value(v).ok()?;
    Some(q.show(&json))
}
