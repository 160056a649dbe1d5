//! The bundled rulebook as a snapshot: built from `rules/` once, written in a compact
//! binary form (`src/rules/bundled.snapshot`, generated and drift-tested like the
//! schemas), and read back at start-up instead of parsing and validating 550 KB of
//! rules on every run. The snapshot names the hash of the sources it was built from
//! (`build.rs` hashes the same files it embeds); when they differ, or the snapshot
//! does not read, the rulebook is built from the sources as before.
//!
//! Text is kept once in a table at the front (checked as UTF-8 in one go) and each
//! string written as its place in it. Every type is written field by field in
//! declaration order. `Pack` impls destructure
//! without `..` and rebuild with a struct literal, so a field added to a rulebook type
//! does not compile until it is written here too.

use super::book::*;
use super::condition::{Condition, Op};
use super::model::{LintDocs, RiskLevel, Severity};
use crate::capacity::{Band, Capacity, PlanningFigure};
use crate::facts::{FactIndex, FactKind, FactSpec, FactValue};
use crate::quantity::Unit;
use std::collections::BTreeMap;
use std::sync::Arc;

/// What a snapshot starts with, before the sources' hash.
const MAGIC: &[u8] = b"tradeoff rulebook snapshot 2\n";

/// The committed snapshot (empty when the file is missing: the rulebook is then built).
static BUNDLED: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/bundled.snapshot"));

/// The bundled rulebook from the snapshot, if it was made from these sources.
pub fn load() -> Option<Rulebook> {
    read(BUNDLED, super::load::SOURCES_HASH)
}

/// A snapshot of `book`, marked as made from sources with hash `hash`.
pub fn write(book: &Rulebook, hash: u64) -> Vec<u8> {
    let mut w = Writer::default();
    book.pack(&mut w);
    let mut out = MAGIC.to_vec();
    out.extend_from_slice(&hash.to_le_bytes());
    let mut head = Writer::default();
    w.text.len().pack(&mut head);
    out.extend_from_slice(&head.bytes);
    out.extend_from_slice(w.text.as_bytes());
    out.extend_from_slice(&w.bytes);
    out
}

/// The rulebook in `bytes`, if they are a whole snapshot made from sources `hash`.
pub fn read(bytes: &[u8], hash: u64) -> Option<Rulebook> {
    let rest = bytes.strip_prefix(MAGIC)?;
    let (stamp, rest) = rest.split_first_chunk::<8>()?;
    if u64::from_le_bytes(*stamp) != hash {
        return None;
    }
    let mut r = Reader {
        bytes: rest,
        text: "",
    };
    let n = usize::unpack(&mut r)?;
    r.text = std::str::from_utf8(r.take(n)?).ok()?;
    let book = Rulebook::unpack(&mut r)?;
    r.bytes.is_empty().then_some(book)
}

/// A snapshot being written: the bytes, and the text table the strings point into
/// (each distinct string once).
#[derive(Default)]
pub struct Writer {
    bytes: Vec<u8>,
    text: String,
    at: std::collections::HashMap<String, usize>,
}

/// `out.push(..)` in the `Pack` impls writes a byte.
impl std::ops::Deref for Writer {
    type Target = Vec<u8>;
    fn deref(&self) -> &Vec<u8> {
        &self.bytes
    }
}

impl std::ops::DerefMut for Writer {
    fn deref_mut(&mut self) -> &mut Vec<u8> {
        &mut self.bytes
    }
}

/// The bytes not read yet, and the snapshot's text table.
pub struct Reader<'a> {
    bytes: &'a [u8],
    text: &'a str,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let (head, tail) = self.bytes.split_at_checked(n)?;
        self.bytes = tail;
        Some(head)
    }

    fn byte(&mut self) -> Option<u8> {
        Some(self.take(1)?[0])
    }
}

pub trait Pack: Sized {
    fn pack(&self, out: &mut Writer);
    fn unpack(r: &mut Reader) -> Option<Self>;
}

impl Pack for usize {
    /// LEB128: seven bits a byte, low first.
    fn pack(&self, out: &mut Writer) {
        let mut v = *self as u64;
        while v >= 0x80 {
            out.push((v as u8) | 0x80);
            v >>= 7;
        }
        out.push(v as u8);
    }
    fn unpack(r: &mut Reader) -> Option<Self> {
        let mut v: u64 = 0;
        for shift in (0..64).step_by(7) {
            let b = r.byte()?;
            v |= u64::from(b & 0x7f) << shift;
            if b < 0x80 {
                return usize::try_from(v).ok();
            }
        }
        None
    }
}

impl Pack for f64 {
    fn pack(&self, out: &mut Writer) {
        out.extend_from_slice(&self.to_le_bytes());
    }
    fn unpack(r: &mut Reader) -> Option<Self> {
        Some(f64::from_le_bytes(r.take(8)?.try_into().ok()?))
    }
}

impl Pack for bool {
    fn pack(&self, out: &mut Writer) {
        out.push(u8::from(*self));
    }
    fn unpack(r: &mut Reader) -> Option<Self> {
        match r.byte()? {
            0 => Some(false),
            1 => Some(true),
            _ => None,
        }
    }
}

impl Pack for String {
    /// Its place in the text table: start and length.
    fn pack(&self, out: &mut Writer) {
        let start = match out.at.get(self.as_str()) {
            Some(&start) => start,
            None => {
                let start = out.text.len();
                out.text.push_str(self);
                out.at.insert(self.clone(), start);
                start
            }
        };
        start.pack(out);
        self.len().pack(out);
    }
    fn unpack(r: &mut Reader) -> Option<Self> {
        let start = usize::unpack(r)?;
        let len = usize::unpack(r)?;
        r.text
            .get(start..start.checked_add(len)?)
            .map(str::to_string)
    }
}

impl<T: Pack> Pack for Vec<T> {
    fn pack(&self, out: &mut Writer) {
        self.len().pack(out);
        self.iter().for_each(|x| x.pack(out));
    }
    fn unpack(r: &mut Reader) -> Option<Self> {
        let n = usize::unpack(r)?;
        // Each item takes at least a byte: a corrupt length cannot reserve much.
        let mut v = Vec::with_capacity(n.min(r.bytes.len()));
        for _ in 0..n {
            v.push(T::unpack(r)?);
        }
        Some(v)
    }
}

impl<T: Pack> Pack for Option<T> {
    fn pack(&self, out: &mut Writer) {
        self.is_some().pack(out);
        if let Some(x) = self {
            x.pack(out);
        }
    }
    fn unpack(r: &mut Reader) -> Option<Self> {
        Some(match bool::unpack(r)? {
            true => Some(T::unpack(r)?),
            false => None,
        })
    }
}

impl<T: Pack> Pack for Box<T> {
    fn pack(&self, out: &mut Writer) {
        (**self).pack(out);
    }
    fn unpack(r: &mut Reader) -> Option<Self> {
        T::unpack(r).map(Box::new)
    }
}

impl<T: Pack> Pack for Arc<T> {
    fn pack(&self, out: &mut Writer) {
        (**self).pack(out);
    }
    fn unpack(r: &mut Reader) -> Option<Self> {
        T::unpack(r).map(Arc::new)
    }
}

impl<A: Pack, B: Pack> Pack for (A, B) {
    fn pack(&self, out: &mut Writer) {
        self.0.pack(out);
        self.1.pack(out);
    }
    fn unpack(r: &mut Reader) -> Option<Self> {
        Some((A::unpack(r)?, B::unpack(r)?))
    }
}

impl<K: Pack + Ord, V: Pack> Pack for BTreeMap<K, V> {
    fn pack(&self, out: &mut Writer) {
        self.len().pack(out);
        for (k, v) in self {
            k.pack(out);
            v.pack(out);
        }
    }
    fn unpack(r: &mut Reader) -> Option<Self> {
        Some(Vec::<(K, V)>::unpack(r)?.into_iter().collect())
    }
}

/// A struct, field by field; fields after `else` are not written and come back empty.
macro_rules! packed_struct {
    ($ty:ident { $($field:ident),* $(,)? } $(else { $($skip:ident),* })?) => {
        impl Pack for $ty {
            fn pack(&self, out: &mut Writer) {
                let $ty { $($field,)* $($($skip: _,)*)? } = self;
                $($field.pack(out);)*
            }
            fn unpack(r: &mut Reader) -> Option<Self> {
                Some($ty { $($field: Pack::unpack(r)?,)* $($($skip: Default::default(),)*)? })
            }
        }
    };
}

/// An enum, as a tag byte and then the variant's fields. `pack` matches every variant,
/// so a variant added to the type does not compile until it is listed here.
macro_rules! packed_variants {
    ($ty:ident { $($tag:literal => $v:ident $(($t:ident))? $({ $($f:ident),* })?),* $(,)? }) => {
        impl Pack for $ty {
            fn pack(&self, out: &mut Writer) {
                match self {
                    $($ty::$v $(($t))? $({ $($f),* })? => {
                        out.push($tag);
                        $($t.pack(out);)?
                        $($($f.pack(out);)*)?
                    })*
                }
            }
            fn unpack(r: &mut Reader) -> Option<Self> {
                Some(match r.byte()? {
                    $($tag => $ty::$v
                        $(({ let _ = stringify!($t); Pack::unpack(r)? }))?
                        $({ $($f: Pack::unpack(r)?),* })?,)*
                    _ => return None,
                })
            }
        }
    };
}

packed_variants!(Op {
    0 => Eq,
    1 => Ne,
    2 => Gt,
    3 => Gte,
    4 => Lt,
    5 => Lte,
    6 => In,
    7 => NotIn,
    8 => Contains,
    9 => ContainsAny,
});
packed_variants!(Unit {
    0 => Count,
    1 => Bytes,
    2 => Percent,
    3 => Millis,
});
packed_variants!(Severity {
    0 => Info,
    1 => Warning,
    2 => Error,
});
packed_variants!(RiskLevel {
    0 => High,
    1 => Medium,
    2 => Low,
});
packed_variants!(Condition {
    0 => All(cs),
    1 => Any(cs),
    2 => Not(c),
    3 => Test { fact, id, op, value },
});
packed_variants!(FactValue {
    0 => Num(n),
    1 => Bool(b),
    2 => Str(s),
    3 => List(l),
});
packed_variants!(FactKind {
    0 => Number { unit },
    1 => Bool,
    2 => Text { values },
    3 => List { values },
});

packed_struct!(Source {
    section,
    anchor,
    external
});
packed_struct!(Rule {
    when,
    weight,
    because,
    source
});
packed_struct!(Constraint {
    when,
    because,
    source
});
packed_struct!(OptionDef {
    id,
    name,
    source,
    summary,
    base,
    best_for,
    advantages,
    disadvantages,
    scaling,
    examples,
    conditions,
    rule_out,
    require,
});
packed_struct!(Combination {
    add,
    with,
    when,
    because,
    source
});
packed_struct!(Detail {
    name,
    value,
    with,
    when,
    because,
    source
});
packed_struct!(Note { text, source });
packed_struct!(Table {
    title,
    columns,
    rows
});
// Test cases are read from the YAML by `rules test`; a bundled rulebook has none.
packed_struct!(Topic {
    id,
    file,
    title,
    question,
    source,
    summary,
    options,
    combinations,
    details,
    notes,
    tables,
    unreachable,
    ladder,
    reads,
    per_component,
    decision_fact,
    design_fact,
} else { cases });
packed_struct!(Coherence {
    id,
    file,
    message,
    topics,
    severity,
    when,
    help,
    source
});
packed_struct!(LintDocs { what, why, example });
packed_struct!(LintDef {
    id,
    file,
    severity,
    summary,
    message,
    help,
    at,
    when,
    source,
    docs
});
packed_struct!(RiskDef {
    id,
    file,
    title,
    impact,
    likelihood,
    when,
    text,
    mitigation,
    source,
});
packed_struct!(FactSpec {
    name,
    kind,
    description
});
packed_struct!(PlanningFigure {
    id,
    label,
    value,
    unit,
    source,
    reference,
    caveat
});
packed_struct!(Band {
    fact,
    medium,
    large
});
packed_struct!(Capacity {
    figures,
    bands,
    band_source,
    volume
});

impl Pack for Rulebook {
    fn pack(&self, out: &mut Writer) {
        // The fact index is rebuilt from the catalog (its map is not ordered).
        let Rulebook {
            topics,
            order,
            closure,
            coherence,
            lints,
            risks,
            field_topics,
            catalog,
            facts: _,
            capacity,
        } = self;
        topics.pack(out);
        order.pack(out);
        closure.pack(out);
        coherence.pack(out);
        lints.pack(out);
        risks.pack(out);
        field_topics.pack(out);
        catalog.pack(out);
        capacity.pack(out);
    }
    fn unpack(r: &mut Reader) -> Option<Self> {
        let topics = Pack::unpack(r)?;
        let order = Pack::unpack(r)?;
        let closure = Pack::unpack(r)?;
        let coherence = Pack::unpack(r)?;
        let lints = Pack::unpack(r)?;
        let risks = Pack::unpack(r)?;
        let field_topics = Pack::unpack(r)?;
        let catalog = Pack::unpack(r)?;
        let capacity = Pack::unpack(r)?;
        let facts = Arc::new(FactIndex::new(&catalog));
        Some(Rulebook {
            topics,
            order,
            closure,
            coherence,
            lints,
            risks,
            field_topics,
            catalog,
            facts,
            capacity,
        })
    }
}

#[cfg(test)]
mod tests;
