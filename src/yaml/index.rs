//! One pass over the YAML events: the document as a JSON value, and a map from
//! paths (`scale.users`, `data.queries[1]`) to source spans.
//!
//! Built with the event parser that serde-saphyr re-exports, before any typed
//! deserialization, so syntax errors are reported where they really are and
//! later checks (schema, ranges, contradictions, drift) can point at a line and
//! column. Scalars resolve by the YAML 1.2 core schema; aliases expand within a
//! budget; duplicate keys, unknown tags and non-finite numbers are errors.

use crate::error::{Error, Location, Result};
use foldhash::HashMap;
use serde_json::{Map, Value};
use serde_saphyr::granit_parser::{Event, Parser, ScalarStyle};
use std::fmt::Write as _;

/// A region of the source, 1-based line and column; `end_*` is exclusive.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Span {
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
}

/// Where a mapping entry's key and value sit.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Entry {
    pub key: Option<Span>,
    pub value: Span,
}

#[derive(Clone, Debug, Default)]
pub struct Index {
    pub entries: HashMap<String, Entry>,
    /// The document as a JSON value (null for an empty document).
    pub value: Value,
}

/// Deepest nesting accepted; real files are four levels deep.
const MAX_DEPTH: usize = 64;
/// Most nodes a document may produce, counting alias expansions.
const MAX_NODES: usize = 200_000;

/// Why a document could not be read; `kind` names the lint id it maps to.
#[derive(Clone, Debug)]
pub struct ParseError {
    pub kind: &'static str,
    pub error: Error,
    pub span: Span,
}

fn span_of(s: &serde_saphyr::granit_parser::Span) -> Span {
    Span {
        line: s.start.line().max(1),
        column: s.start.col() + 1,
        end_line: s.end.line().max(1),
        end_column: s.end.col() + 1,
    }
}

enum Frame {
    Map {
        path: String,
        key: Option<(String, Span)>,
        map: Map<String, Value>,
        anchor: usize,
    },
    Seq {
        path: String,
        items: Vec<Value>,
        anchor: usize,
    },
}

fn child_path(parent: &str, key: &str) -> String {
    if parent.is_empty() {
        return key.to_string();
    }
    let mut out = String::with_capacity(parent.len() + 1 + key.len());
    out.push_str(parent);
    out.push('.');
    out.push_str(key);
    out
}

fn size(v: &Value) -> usize {
    match v {
        Value::Array(a) => 1 + a.iter().map(size).sum::<usize>(),
        Value::Object(m) => 1 + m.values().map(size).sum::<usize>(),
        _ => 1,
    }
}

/// YAML 1.2 core schema resolution of a plain scalar.
fn resolve_plain(s: &str) -> std::result::Result<Value, &'static str> {
    match s {
        "" | "~" | "null" | "Null" | "NULL" => return Ok(Value::Null),
        "true" | "True" | "TRUE" => return Ok(Value::Bool(true)),
        "false" | "False" | "FALSE" => return Ok(Value::Bool(false)),
        ".nan" | ".NaN" | ".NAN" | ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF"
        | "-.inf" | "-.Inf" | "-.INF" => {
            return Err("NaN and infinity are not allowed; write a finite number")
        }
        _ => {}
    }
    let body = s.strip_prefix(['-', '+']).unwrap_or(s);
    if !body.is_empty() && body.bytes().all(|b| b.is_ascii_digit()) {
        if let Ok(i) = s.parse::<i64>() {
            return Ok(Value::from(i));
        }
        if let Ok(u) = s.parse::<u64>() {
            return Ok(Value::from(u));
        }
        return s
            .parse::<f64>()
            .ok()
            .and_then(serde_json::Number::from_f64)
            .map(Value::Number)
            .ok_or("the number is too large");
    }
    if let Some(hex) = s.strip_prefix("0x") {
        if let Ok(u) = u64::from_str_radix(hex, 16) {
            return Ok(Value::from(u));
        }
    }
    if let Some(oct) = s.strip_prefix("0o") {
        if let Ok(u) = u64::from_str_radix(oct, 8) {
            return Ok(Value::from(u));
        }
    }
    let float_like = body.bytes().any(|b| b.is_ascii_digit())
        && body
            .bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'-' | b'+'))
        && (body.starts_with(|c: char| c.is_ascii_digit()) || body.starts_with('.'));
    if float_like {
        if let Ok(f) = s.parse::<f64>() {
            return match serde_json::Number::from_f64(f) {
                Some(n) if f.is_finite() => Ok(Value::Number(n)),
                _ => Err("the number is too large"),
            };
        }
    }
    Ok(Value::String(s.to_string()))
}

impl Index {
    /// Parses `text` into a value with spans, or fails with the first problem.
    pub fn build(label: &str, text: &str) -> Result<Index> {
        Index::parse(label, text).map_err(|e| e.error)
    }

    /// Like `build`, with the kind of failure kept for diagnostics.
    pub fn parse(label: &str, text: &str) -> std::result::Result<Index, Box<ParseError>> {
        let fail = |kind: &'static str, msg: String, span: Span| {
            Box::new(ParseError {
                kind,
                error: Error::input(msg).at(Location::new(label, span.line, span.column)),
                span,
            })
        };
        let mut index = Index::default();
        // About one entry a line: no rehashing while the file is read.
        let lines = text.bytes().filter(|&b| b == b'\n').count();
        index.entries.reserve(lines + 1);
        let mut stack: Vec<Frame> = Vec::new();
        let mut anchors: HashMap<usize, Value> = HashMap::default();
        let mut nodes = 0usize;
        let mut documents = 0;
        let mut root: Option<Value> = None;
        for item in Parser::new_from_str(text) {
            let (event, span) = item.map_err(|e| {
                let m = e.marker();
                let at = Span {
                    line: m.line().max(1),
                    column: m.col() + 1,
                    end_line: m.line().max(1),
                    end_column: m.col() + 2,
                };
                fail("yaml-syntax", format!("invalid YAML: {}", e.info()), at)
            })?;
            let here = span_of(&span);
            let (value, anchor) = match event {
                Event::DocumentStart(..) => {
                    documents += 1;
                    if documents > 1 {
                        let mut e = fail(
                            "yaml-syntax",
                            "the file holds several YAML documents; expected one".into(),
                            here,
                        );
                        e.error = e.error.help("remove the `---` separator and merge the documents, or split them into files");
                        return Err(e);
                    }
                    continue;
                }
                Event::MappingStart(_, anchor, ref tag)
                | Event::SequenceStart(_, anchor, ref tag) => {
                    let is_map = matches!(event, Event::MappingStart(..));
                    if let Some(tag) = tag {
                        if tag
                            .core_suffix()
                            .is_none_or(|s| !matches!(s, "map" | "seq"))
                        {
                            return Err(fail(
                                "yaml-syntax",
                                format!(
                                    "unsupported tag `{}{}`",
                                    tag.original_handle(),
                                    tag.suffix()
                                ),
                                here,
                            ));
                        }
                    }
                    if stack.len() >= MAX_DEPTH {
                        return Err(fail(
                            "yaml-syntax",
                            format!("the document is nested deeper than {MAX_DEPTH} levels"),
                            here,
                        ));
                    }
                    let path = index.record(&stack, here);
                    if is_map {
                        stack.push(Frame::Map {
                            path,
                            key: None,
                            map: Map::new(),
                            anchor,
                        });
                    } else {
                        stack.push(Frame::Seq {
                            path,
                            items: Vec::new(),
                            anchor,
                        });
                    }
                    continue;
                }
                Event::MappingEnd | Event::SequenceEnd => match stack.pop() {
                    Some(Frame::Map {
                        map, anchor, path, ..
                    }) => {
                        index.widen(&path, here);
                        (Value::Object(map), anchor)
                    }
                    Some(Frame::Seq {
                        items,
                        anchor,
                        path,
                        ..
                    }) => {
                        index.widen(&path, here);
                        (Value::Array(items), anchor)
                    }
                    None => continue,
                },
                Event::Scalar(text, style, anchor, tag) => {
                    if let Some(Frame::Map {
                        key: key @ None,
                        map,
                        ..
                    }) = stack.last_mut()
                    {
                        if map.contains_key(text.as_ref()) {
                            return Err(fail(
                                "duplicate-key",
                                format!("duplicate key `{text}`"),
                                here,
                            ));
                        }
                        *key = Some((text.to_string(), here));
                        continue;
                    }
                    let value = match (&tag, style) {
                        (Some(t), _) => match t.core_suffix() {
                            Some("str") => Value::String(text.to_string()),
                            Some("int" | "float" | "bool" | "null") => resolve_plain(&text)
                                .map_err(|m| fail("invalid-value", m.into(), here))?,
                            _ => {
                                return Err(fail(
                                    "yaml-syntax",
                                    format!(
                                        "unsupported tag `{}{}`",
                                        t.original_handle(),
                                        t.suffix()
                                    ),
                                    here,
                                ));
                            }
                        },
                        (None, ScalarStyle::Plain) => resolve_plain(&text)
                            .map_err(|m| fail("invalid-value", m.into(), here))?,
                        (None, _) => Value::String(text.to_string()),
                    };
                    index.record_leaf(&stack, here);
                    (value, anchor)
                }
                Event::Alias(id) => {
                    let Some(v) = anchors.get(&id) else {
                        return Err(fail(
                            "yaml-syntax",
                            "alias to an unknown anchor".into(),
                            here,
                        ));
                    };
                    nodes += size(v);
                    if nodes > MAX_NODES {
                        return Err(fail(
                            "yaml-syntax",
                            "aliases expand to too many nodes (an alias bomb?)".into(),
                            here,
                        ));
                    }
                    index.record_leaf(&stack, here);
                    (v.clone(), 0)
                }
                _ => continue,
            };
            nodes += 1;
            if nodes > MAX_NODES {
                return Err(fail(
                    "yaml-syntax",
                    "the document has too many nodes".into(),
                    here,
                ));
            }
            if anchor != 0 {
                anchors.insert(anchor, value.clone());
            }
            match stack.last_mut() {
                Some(Frame::Map { key, map, .. }) => {
                    let (k, _) = key.take().unwrap_or_else(|| ("?".into(), here));
                    map.insert(k, value);
                }
                Some(Frame::Seq { items, .. }) => items.push(value),
                None => root = Some(value),
            }
        }
        index.value = root.unwrap_or(Value::Null);
        Ok(index)
    }

    /// Records the span of the value starting at the current position; returns its path.
    fn record(&mut self, stack: &[Frame], here: Span) -> String {
        let (path, key) = Self::place(stack);
        self.entries
            .insert(path.clone(), Entry { key, value: here });
        path
    }

    /// Records the span of a scalar or alias (its path is not needed again).
    fn record_leaf(&mut self, stack: &[Frame], here: Span) {
        let (path, key) = Self::place(stack);
        self.entries.insert(path, Entry { key, value: here });
    }

    /// The path of the value starting at the current position, and its key's span.
    fn place(stack: &[Frame]) -> (String, Option<Span>) {
        let (path, key) = match stack.last() {
            None => (String::new(), None),
            Some(Frame::Map { path, key, .. }) => match key {
                Some((k, kspan)) => (child_path(path, k), Some(*kspan)),
                // A complex (non-scalar) key; not addressable by path.
                None => (child_path(path, "?"), None),
            },
            Some(Frame::Seq { path, items, .. }) => {
                let mut p = String::with_capacity(path.len() + 8);
                p.push_str(path);
                let _ = write!(p, "[{}]", items.len());
                (p, None)
            }
        };
        (path, key)
    }

    /// Extends a collection's recorded span to its end event.
    fn widen(&mut self, path: &str, end: Span) {
        if let Some(e) = self.entries.get_mut(path) {
            e.value.end_line = end.end_line;
            e.value.end_column = end.end_column;
        }
    }

    /// The span of the value at `path`, falling back to the closest recorded parent.
    pub fn value(&self, path: &str) -> Option<Span> {
        let mut p = path;
        loop {
            if let Some(e) = self.entries.get(p) {
                return Some(e.value);
            }
            p = &p[..p.rfind(['.', '['])?];
        }
    }

    /// The span of the key at `path` (or of its value when it has no key).
    pub fn key(&self, path: &str) -> Option<Span> {
        self.entries
            .get(path)
            .map(|e| e.key.unwrap_or(e.value))
            .or_else(|| self.value(path))
    }

    /// The path of the deepest entry whose key or value starts at `line:column`.
    pub fn path_at(&self, line: usize, column: usize) -> Option<&str> {
        self.entries
            .iter()
            .filter(|(_, e)| {
                let at = |s: &Span| s.line == line && s.column == column;
                e.key.as_ref().is_some_and(at) || at(&e.value)
            })
            .max_by(|a, b| a.0.len().cmp(&b.0.len()).then_with(|| b.0.cmp(a.0)))
            .map(|(p, _)| p.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_and_spans() {
        let i = Index::parse(
            "t",
            "scale:\n  users: 10M\n  peak_rps: 2000\ndata:\n  queries: [joins, ranges]\n",
        )
        .unwrap();
        assert_eq!(i.value["scale"]["users"], "10M");
        assert_eq!(i.value["scale"]["peak_rps"], 2000);
        assert_eq!(i.value["data"]["queries"][1], "ranges");
        let s = i.key("scale.peak_rps").unwrap();
        assert_eq!((s.line, s.column), (3, 3));
        let v = i.value("data.queries[1]").unwrap();
        assert_eq!((v.line, v.column), (5, 20));
    }

    #[test]
    fn core_schema_scalars() {
        let i = Index::parse(
            "t",
            "a: yes\nb: true\nc: '5'\nd: 1.5\ne: ~\nf: 99.9%\ng: 0x10\n",
        )
        .unwrap();
        assert_eq!(i.value["a"], "yes");
        assert_eq!(i.value["b"], true);
        assert_eq!(i.value["c"], "5");
        assert_eq!(i.value["d"], 1.5);
        assert!(i.value["e"].is_null());
        assert_eq!(i.value["f"], "99.9%");
        assert_eq!(i.value["g"], 16);
    }

    #[test]
    fn hostile_documents_fail_cleanly() {
        let kind = |t: &str| Index::parse("t", t).unwrap_err().kind;
        assert_eq!(kind("a: 1\na: 2\n"), "duplicate-key");
        assert_eq!(kind("a: [1, 2\n"), "yaml-syntax");
        assert_eq!(kind("a: .nan\n"), "invalid-value");
        assert_eq!(kind("a: !foo bar\n"), "yaml-syntax");
        assert_eq!(kind("a: 1\n---\nb: 2\n"), "yaml-syntax");
        let deep = "[".repeat(100_000);
        assert_eq!(kind(&deep), "yaml-syntax");
        let mut bomb = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 0..10 {
            bomb.push_str(&format!(
                "{}: &{} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n",
                (b'b' + i) as char,
                (b'b' + i) as char,
                p = (b'a' + i) as char
            ));
        }
        assert_eq!(kind(&bomb), "yaml-syntax");
    }
}
