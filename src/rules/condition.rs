//! Conditions: parsed from rule YAML, checked against the fact catalog, evaluated on facts.

use super::model::ConditionFile;
use crate::error::{did_you_mean, Error, Location};
use crate::facts::{Catalog, FactIndex, FactKind, FactValue, Facts};
use crate::quantity::Unit;
use serde::Serialize;
use serde_json::Value;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Op {
    Eq,
    Ne,
    Gt,
    Gte,
    Lt,
    Lte,
    In,
    NotIn,
    Contains,
    ContainsAny,
}

const OPS: [(&str, Op); 16] = [
    ("eq", Op::Eq),
    ("ne", Op::Ne),
    ("gt", Op::Gt),
    ("gte", Op::Gte),
    ("lt", Op::Lt),
    ("lte", Op::Lte),
    ("in", Op::In),
    ("not_in", Op::NotIn),
    ("contains", Op::Contains),
    ("contains_any", Op::ContainsAny),
    ("==", Op::Eq),
    ("!=", Op::Ne),
    (">", Op::Gt),
    (">=", Op::Gte),
    ("<", Op::Lt),
    ("<=", Op::Lte),
];

impl Op {
    pub fn symbol(self) -> &'static str {
        match self {
            Op::Eq => "=",
            Op::Ne => "≠",
            Op::Gt => ">",
            Op::Gte => "≥",
            Op::Lt => "<",
            Op::Lte => "≤",
            Op::In => "in",
            Op::NotIn => "not in",
            Op::Contains => "contains",
            Op::ContainsAny => "contains any of",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Condition {
    All(Vec<Condition>),
    Any(Vec<Condition>),
    Not(Box<Condition>),
    Test {
        fact: String,
        #[serde(skip)]
        id: usize,
        op: Op,
        value: FactValue,
    },
}

impl Condition {
    pub fn eval(&self, facts: &Facts) -> bool {
        match self {
            Condition::All(cs) => cs.iter().all(|c| c.eval(facts)),
            Condition::Any(cs) => cs.iter().any(|c| c.eval(facts)),
            Condition::Not(c) => !c.eval(facts),
            Condition::Test { id, op, value, .. } => match facts.at(*id) {
                Some(actual) => test(actual, *op, value),
                None => false,
            },
        }
    }

    /// The leaf test nodes themselves (each evaluates alone with `eval`).
    pub fn tests<'a>(&'a self, out: &mut Vec<&'a Condition>) {
        match self {
            Condition::All(cs) | Condition::Any(cs) => cs.iter().for_each(|c| c.tests(out)),
            Condition::Not(c) => c.tests(out),
            Condition::Test { .. } => out.push(self),
        }
    }

    /// Every leaf test, for flip points and dependency discovery.
    pub fn leaves(&self) -> Vec<(&str, Op, &FactValue)> {
        let mut out = Vec::new();
        self.collect(&mut out);
        out
    }

    fn collect<'a>(&'a self, out: &mut Vec<(&'a str, Op, &'a FactValue)>) {
        match self {
            Condition::All(cs) | Condition::Any(cs) => cs.iter().for_each(|c| c.collect(out)),
            Condition::Not(c) => c.collect(out),
            Condition::Test {
                fact, op, value, ..
            } => out.push((fact, *op, value)),
        }
    }
}

fn test(actual: &FactValue, op: Op, value: &FactValue) -> bool {
    use FactValue::*;
    match (actual, op, value) {
        (Num(a), _, Num(b)) => match op {
            Op::Eq => a == b,
            Op::Ne => a != b,
            Op::Gt => a > b,
            Op::Gte => a >= b,
            Op::Lt => a < b,
            Op::Lte => a <= b,
            _ => false,
        },
        (Bool(a), Op::Eq, Bool(b)) => a == b,
        (Bool(a), Op::Ne, Bool(b)) => a != b,
        (Str(a), Op::Eq, Str(b)) => a == b,
        (Str(a), Op::Ne, Str(b)) => a != b,
        (Str(a), Op::In, List(b)) => b.contains(a),
        (Str(a), Op::NotIn, List(b)) => !b.contains(a),
        (List(a), Op::Contains, Str(b)) => a.contains(b),
        (List(a), Op::ContainsAny, List(b)) => b.iter().any(|x| a.contains(x)),
        (List(a), Op::Eq, List(b)) => a == b,
        _ => false,
    }
}

/// Validates a raw condition against the catalog; errors are collected, not fatal at once.
pub fn build(
    raw: &ConditionFile,
    file: &str,
    catalog: &Catalog,
    index: &FactIndex,
    errors: &mut Vec<Error>,
) -> Option<Condition> {
    // Built only for a message: most conditions are sound.
    let here = || {
        raw.fact
            .as_ref()
            .map(|f| loc(file, &f.referenced))
            .or_else(|| raw.op.as_ref().map(|o| loc(file, &o.referenced)))
            .unwrap_or_else(|| Location::new(file, 0, 0))
    };
    let forms = [
        raw.all.is_some(),
        raw.any.is_some(),
        raw.not.is_some(),
        raw.fact.is_some(),
    ]
    .iter()
    .filter(|b| **b)
    .count();
    if forms != 1 {
        errors.push(
            Error::input(
                "a condition needs exactly one of `all`, `any`, `not`, or `fact` + `op` + `value`",
            )
            .at(here()),
        );
        return None;
    }
    if let Some(list) = raw.all.as_ref().or(raw.any.as_ref()) {
        let built: Vec<Condition> = list
            .iter()
            .filter_map(|c| build(c, file, catalog, index, errors))
            .collect();
        if built.len() != list.len() {
            return None;
        }
        return Some(if raw.all.is_some() {
            Condition::All(built)
        } else {
            Condition::Any(built)
        });
    }
    if let Some(inner) = &raw.not {
        return build(inner, file, catalog, index, errors).map(|c| Condition::Not(Box::new(c)));
    }
    let fact = raw.fact.as_ref()?;
    let Some(spec) = catalog.get(&fact.value) else {
        let hint = did_you_mean(&fact.value, catalog.keys().map(String::as_str))
            .map(|s| format!("did you mean `{s}`?"))
            .unwrap_or_else(|| {
                "see docs/facts.md or `tradeoff schema requirements` for the fact names".into()
            });
        errors.push(
            Error::input(format!("unknown fact `{}`", fact.value))
                .at(loc(file, &fact.referenced))
                .help(hint),
        );
        return None;
    };
    let Some(op_raw) = &raw.op else {
        errors.push(
            Error::input(format!("the condition on `{}` has no `op`", fact.value)).at(here()),
        );
        return None;
    };
    let Some(op) = OPS
        .iter()
        .find(|(n, _)| *n == op_raw.value)
        .map(|(_, o)| *o)
    else {
        let hint = did_you_mean(&op_raw.value, OPS.iter().map(|(n, _)| *n))
            .map(|s| format!("did you mean `{s}`?"))
            .unwrap_or_else(|| {
                "operators: eq, ne, gt, gte, lt, lte, in, not_in, contains, contains_any".into()
            });
        errors.push(
            Error::input(format!("unknown operator `{}`", op_raw.value))
                .at(loc(file, &op_raw.referenced))
                .help(hint),
        );
        return None;
    };
    let Some(value) = &raw.value else {
        errors.push(
            Error::input(format!("the condition on `{}` has no `value`", fact.value)).at(here()),
        );
        return None;
    };
    match typed_value(&spec.kind, op, &value.value) {
        Ok(v) => Some(Condition::Test {
            fact: fact.value.clone(),
            id: index.id(&fact.value).unwrap_or(usize::MAX),
            op,
            value: v,
        }),
        Err((msg, help)) => {
            errors.push(
                Error::input(format!("`{}` {}: {msg}", fact.value, op_raw.value))
                    .at(loc(file, &value.referenced))
                    .help(help),
            );
            None
        }
    }
}

pub fn loc(file: &str, l: &serde_saphyr::Location) -> Location {
    Location::new(file, l.line() as usize, l.column() as usize)
}

type ValueError = (String, String);

fn typed_value(kind: &FactKind, op: Op, v: &Value) -> Result<FactValue, ValueError> {
    let list_op = matches!(op, Op::In | Op::NotIn | Op::ContainsAny);
    match kind {
        FactKind::Number { unit } => {
            if !matches!(op, Op::Eq | Op::Ne | Op::Gt | Op::Gte | Op::Lt | Op::Lte) {
                return Err((
                    "a number takes eq, ne, gt, gte, lt or lte".into(),
                    "use a comparison operator".into(),
                ));
            }
            number(*unit, v).map(FactValue::Num)
        }
        FactKind::Bool => match (op, v) {
            (Op::Eq | Op::Ne, Value::Bool(b)) => Ok(FactValue::Bool(*b)),
            _ => Err((
                "a yes/no fact takes eq or ne with true or false".into(),
                "write `op: eq, value: true`".into(),
            )),
        },
        FactKind::Text { values } => {
            if list_op {
                strings(v, values.as_deref()).map(FactValue::List)
            } else if matches!(op, Op::Eq | Op::Ne) {
                one_string(v, values.as_deref()).map(FactValue::Str)
            } else {
                Err((
                    "a text fact takes eq, ne, in or not_in".into(),
                    "use `eq` or `in`".into(),
                ))
            }
        }
        FactKind::List { values } => match op {
            Op::Contains => one_string(v, values.as_deref()).map(FactValue::Str),
            Op::ContainsAny | Op::Eq => strings(v, values.as_deref()).map(FactValue::List),
            _ => Err((
                "a list fact takes contains or contains_any".into(),
                "use `contains`".into(),
            )),
        },
    }
}

fn number(unit: Unit, v: &Value) -> Result<f64, ValueError> {
    let parsed = unit.parse_json(v);
    parsed.ok_or_else(|| {
        (
            format!("`{v}` is not a number"),
            format!("write a number such as {}", unit.show(1000.0)),
        )
    })
}

fn one_string(v: &Value, allowed: Option<&[String]>) -> Result<String, ValueError> {
    let Some(s) = v.as_str() else {
        return Err((
            format!("`{v}` is not a text value"),
            "write one of the allowed values".into(),
        ));
    };
    check_allowed(s, allowed)?;
    Ok(s.to_string())
}

fn strings(v: &Value, allowed: Option<&[String]>) -> Result<Vec<String>, ValueError> {
    let Some(items) = v.as_array() else {
        return Err((
            "expected a list of values".into(),
            "write `value: [a, b]`".into(),
        ));
    };
    items.iter().map(|i| one_string(i, allowed)).collect()
}

fn check_allowed(s: &str, allowed: Option<&[String]>) -> Result<(), ValueError> {
    if let Some(allowed) = allowed {
        if !allowed.iter().any(|a| a == s) {
            let hint = match did_you_mean(s, allowed.iter().map(String::as_str)) {
                Some(best) => format!("did you mean `{best}`? allowed: {}", allowed.join(", ")),
                None => format!("allowed: {}", allowed.join(", ")),
            };
            return Err((format!("`{s}` is not an allowed value"), hint));
        }
    }
    Ok(())
}
