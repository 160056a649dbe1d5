//! Requirements into facts: each answered field, every unanswered one at its default
//! (static, or following from other answers), and the list of defaulted fields.
//!
//! The defaults are flattened once per process into a table (name, fact, text), so a
//! document costs one walk of its own answers (`leaves`, straight from the typed
//! requirements): no JSON tree, no map of every default rebuilt.

use super::{Catalog, FactMap, FactSpec, FactValue, Facts};
use crate::requirements::{defaults, Requirements};
use foldhash::HashMap;
use serde::Serialize;
use std::borrow::Cow;

/// Fields that are documentation or design declarations, not inputs to decisions.
pub(super) const NOT_FACTS: [&str; 5] =
    ["name", "description", "decisions", "accept", "components"];

/// A requirement that took its default value.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Defaulted {
    pub field: &'static str,
    pub value: Cow<'static, str>,
}

/// Requirements resolved into facts, with the list of defaulted fields.
#[derive(Clone, Debug)]
pub struct Resolved {
    pub facts: FactMap,
    pub defaulted: Vec<Defaulted>,
}

/// One field with a static default.
struct Field {
    name: String,
    fact: FactValue,
    shown: String,
}

/// The static defaults, flattened and formatted once, in name order.
pub(super) struct Table {
    fields: Vec<Field>,
    pos: HashMap<String, usize>,
    /// The units of the `DEPENDENT` fields.
    units: Vec<(&'static str, Option<crate::quantity::Unit>)>,
}

pub(super) fn table() -> &'static Table {
    table_with(None)
}

/// The table, made on first use from `catalog` (any rulebook's catalog holds the
/// requirements facts as the schema gives them) or else from the published schema.
pub(super) fn table_with(catalog: Option<&Catalog>) -> &'static Table {
    static CELL: std::sync::OnceLock<Table> = std::sync::OnceLock::new();
    CELL.get_or_init(|| match catalog {
        Some(c) => build_table(c),
        None => build_table(&super::requirements_catalog()),
    })
}

/// Fields whose default follows from other answers (`Raw::fill_dependent`).
const DEPENDENT: [&str; 4] = [
    "scale.daily_active_users",
    "realtime.concurrent_connections",
    "background.events_per_sec",
    "scale.largest_tenant_share",
];

fn build_table(catalog: &Catalog) -> Table {
    let mut fields = Vec::new();
    super::leaves::each(&defaults(), &NOT_FACTS, &mut |name, fact| {
        let unit = catalog.get(name).and_then(FactSpec::unit);
        fields.push(Field {
            name: name.to_string(),
            shown: fact.show(unit),
            fact,
        });
    });
    fields.sort_by(|a, b| a.name.cmp(&b.name));
    let pos = fields
        .iter()
        .enumerate()
        .map(|(i, f)| (f.name.clone(), i))
        .collect();
    let units = DEPENDENT
        .map(|name| (name, catalog.get(name).and_then(FactSpec::unit)))
        .to_vec();
    Table { fields, pos, units }
}

impl Table {
    /// Where each field of the table sits in `id` (a rulebook's fact numbering).
    pub(super) fn ids(&self, id: impl Fn(&str) -> Option<usize>) -> Vec<Option<usize>> {
        self.fields.iter().map(|f| id(&f.name)).collect()
    }
}

/// The facts of one document: the table's fields in table order, then the rest.
struct Raw {
    /// One slot per table field.
    values: Vec<Option<FactValue>>,
    given: Vec<bool>,
    /// Answered fields without a static default, and defaults that follow from answers.
    rest: Vec<(Cow<'static, str>, FactValue)>,
    defaulted: Vec<Defaulted>,
}

impl Raw {
    fn read(req: &Requirements) -> Raw {
        let t = table();
        let mut given = vec![false; t.fields.len()];
        let mut values: Vec<Option<FactValue>> = vec![None; t.fields.len()];
        let mut rest = Vec::new();
        super::leaves::each(req, &NOT_FACTS, &mut |name, v| match t.pos.get(name) {
            Some(&i) => {
                given[i] = true;
                values[i] = Some(v);
            }
            None => rest.push((Cow::Owned(name.to_string()), v)),
        });
        let mut defaulted = Vec::new();
        for (i, f) in t.fields.iter().enumerate() {
            if !given[i] {
                values[i] = Some(f.fact.clone());
                defaulted.push(Defaulted {
                    field: &f.name,
                    value: Cow::Borrowed(&f.shown),
                });
            }
        }
        let mut raw = Raw {
            values,
            given,
            rest,
            defaulted,
        };
        raw.fill_dependent();
        raw.defaulted.sort_by(|a, b| a.field.cmp(b.field));
        raw
    }

    fn num(&self, name: &str) -> f64 {
        let v = match table().pos.get(name) {
            Some(&i) => self.values[i].as_ref(),
            None => self.rest.iter().find(|(n, _)| n == name).map(|(_, v)| v),
        };
        v.and_then(FactValue::as_num).unwrap_or(0.0)
    }

    /// Defaults that follow from other answers.
    fn fill_dependent(&mut self) {
        let users = self.num("scale.users");
        self.fill("scale.daily_active_users", users * 0.2);
        let conns = self.num("scale.daily_active_users") * 0.1;
        self.fill("realtime.concurrent_connections", conns);
        let writes =
            self.num("scale.peak_rps") * (100.0 - self.num("traffic.read_percent")) / 100.0;
        self.fill("background.events_per_sec", writes);
        let share = 100.0 / self.num("scale.tenants").max(1.0);
        self.fill("scale.largest_tenant_share", share);
    }

    fn fill(&mut self, name: &'static str, value: f64) {
        debug_assert!(
            DEPENDENT.contains(&name),
            "{name} is missing from DEPENDENT"
        );
        let t = table();
        let slot = t.pos.get(name).copied();
        let given = match slot {
            Some(i) => self.given[i],
            None => self.rest.iter().any(|(n, _)| n == name),
        };
        if given {
            return;
        }
        let value = value.round();
        let unit = t
            .units
            .iter()
            .find(|(n, _)| *n == name)
            .and_then(|(_, u)| *u);
        self.defaulted.retain(|d| d.field != name);
        self.defaulted.push(Defaulted {
            field: name,
            value: Cow::Owned(FactValue::Num(value).show(unit)),
        });
        match slot {
            Some(i) => self.values[i] = Some(FactValue::Num(value)),
            None => self.rest.push((Cow::Borrowed(name), FactValue::Num(value))),
        }
    }
}

/// Fills defaults and flattens requirements into facts by name (without derived figures).
pub fn resolve(req: &Requirements) -> Resolved {
    let raw = Raw::read(req);
    let t = table();
    let mut facts: FactMap = t
        .fields
        .iter()
        .zip(raw.values)
        .filter_map(|(f, v)| Some((f.name.clone(), v?)))
        .collect();
    for (name, v) in raw.rest {
        facts.insert(name.into_owned(), v);
    }
    Resolved {
        facts,
        defaulted: raw.defaulted,
    }
}

/// Fills defaults and writes requirements into `facts` (without derived figures);
/// returns the defaulted fields.
pub fn resolve_into(req: &Requirements, facts: &mut Facts) -> Vec<Defaulted> {
    let raw = Raw::read(req);
    let index = facts.index.clone();
    for (id, v) in index.defaults.iter().zip(raw.values) {
        if let (Some(id), Some(v)) = (id, v) {
            facts.set_at(*id, v);
        }
    }
    for (name, v) in raw.rest {
        facts.set(&name, v);
    }
    raw.defaulted
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The table made from a rulebook's catalog (as `FactIndex::new` makes it) is the
    /// table made from the published schema.
    #[test]
    fn the_table_is_the_same_from_either_catalog() {
        let book = crate::rules::Rulebook::bundled().unwrap();
        let (a, b) = (
            build_table(&book.catalog),
            build_table(&super::super::requirements_catalog()),
        );
        let show = |t: &Table| {
            let fields: Vec<String> = t
                .fields
                .iter()
                .map(|f| format!("{} {:?} {}", f.name, f.fact, f.shown))
                .collect();
            format!("{fields:?} {:?}", t.units)
        };
        assert_eq!(show(&a), show(&b));
        assert!(a.units.iter().all(|(_, u)| u.is_some()), "{:?}", a.units);
    }

    /// By name or into a rulebook's slots, a document resolves to the same facts, and
    /// a field is defaulted exactly when it is not answered.
    #[test]
    fn both_ways_agree_and_answers_are_never_defaulted() {
        let book = crate::rules::Rulebook::bundled().unwrap();
        for entry in std::fs::read_dir("examples").unwrap() {
            let path = entry.unwrap().path();
            let text = std::fs::read_to_string(&path).unwrap();
            let req = crate::requirements::parse_requirements_str("x.yaml", &text).unwrap();
            let by_name = resolve(&req);
            let mut slots = Facts::empty(book.facts.clone());
            let defaulted = resolve_into(&req, &mut slots);
            assert_eq!(defaulted, by_name.defaulted, "{}", path.display());
            for (name, v) in &by_name.facts {
                if book.facts.id(name).is_some() {
                    assert_eq!(slots.get(name), Some(v), "{name} in {}", path.display());
                }
            }
            let answered = serde_json::to_value(req.without_parts()).unwrap();
            for d in &defaulted {
                let mut at = &answered;
                for part in d.field.split('.') {
                    at = &at[part];
                }
                assert!(
                    at.is_null(),
                    "{} is answered in {}",
                    d.field,
                    path.display()
                );
            }
            assert!(by_name.facts.contains_key("scale.daily_active_users"));
        }
    }
}
