//! A map from YAML paths (`scale.users`, `data.queries[1]`) to source spans.
//!
//! Built with the event parser that serde-saphyr re-exports, before any
//! deserialization, so that syntax errors are reported where they really are
//! and later checks (ranges, contradictions, drift) can point at a line and column.

use crate::error::{Error, Location, Result};
use serde_saphyr::granit_parser::{Event, Parser};
use std::collections::BTreeMap;

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
    pub entries: BTreeMap<String, Entry>,
}

/// Deepest nesting accepted; real files are four levels deep.
const MAX_DEPTH: usize = 64;
const MAX_EVENTS: usize = 500_000;

fn span_of(s: &serde_saphyr::granit_parser::Span) -> Span {
    Span {
        line: s.start.line(),
        column: s.start.col() + 1,
        end_line: s.end.line(),
        end_column: s.end.col() + 1,
    }
}

enum Frame {
    Map {
        path: String,
        key: Option<(String, Span)>,
    },
    Seq {
        path: String,
        next: usize,
    },
}

fn child_path(parent: &str, key: &str) -> String {
    if parent.is_empty() {
        key.to_string()
    } else {
        format!("{parent}.{key}")
    }
}

impl Index {
    /// Parses `text` and records every node's span, or fails with the first syntax error.
    pub fn build(label: &str, text: &str) -> Result<Index> {
        let mut index = Index::default();
        let mut stack: Vec<Frame> = Vec::new();
        let mut documents = 0;
        for (count, item) in Parser::new_from_str(text).enumerate() {
            let (event, span) = item.map_err(|e| {
                let m = e.marker();
                Error::input(format!("invalid YAML: {}", e.info())).at(Location::new(
                    label,
                    m.line().max(1),
                    m.col() + 1,
                ))
            })?;
            if count > MAX_EVENTS {
                return Err(
                    Error::input("the document has too many nodes").at(Location::new(
                        label,
                        span.start.line(),
                        span.start.col() + 1,
                    )),
                );
            }
            let here = span_of(&span);
            match event {
                Event::DocumentStart(..) => {
                    documents += 1;
                    if documents > 1 {
                        return Err(Error::input("the file holds several YAML documents; expected one")
                            .at(Location::new(label, here.line, here.column))
                            .help("remove the `---` separator and merge the documents, or split them into files"));
                    }
                }
                Event::MappingStart(..) | Event::SequenceStart(..) => {
                    if stack.len() >= MAX_DEPTH {
                        return Err(Error::input(format!(
                            "the document is nested deeper than {MAX_DEPTH} levels"
                        ))
                        .at(Location::new(label, here.line, here.column)));
                    }
                    let path = index.value_path(&mut stack, here);
                    if matches!(event, Event::MappingStart(..)) {
                        stack.push(Frame::Map { path, key: None });
                    } else {
                        stack.push(Frame::Seq { path, next: 0 });
                    }
                }
                Event::MappingEnd | Event::SequenceEnd => {
                    stack.pop();
                    if let Some(Frame::Map { key, .. }) = stack.last_mut() {
                        *key = None;
                    }
                }
                Event::Scalar(value, ..) => {
                    if let Some(Frame::Map {
                        key: key @ None, ..
                    }) = stack.last_mut()
                    {
                        *key = Some((value.to_string(), here));
                    } else {
                        index.value_path(&mut stack, here);
                    }
                }
                Event::Alias(..) => {
                    index.value_path(&mut stack, here);
                }
                _ => {}
            }
        }
        Ok(index)
    }

    /// Records a value at the current position and returns its path.
    fn value_path(&mut self, stack: &mut [Frame], here: Span) -> String {
        let (path, key) = match stack.last_mut() {
            None => (String::new(), None),
            Some(Frame::Map { path, key }) => match key.take() {
                Some((k, kspan)) => (child_path(path, &k), Some(kspan)),
                // A complex (non-scalar) key; not addressable by path.
                None => (child_path(path, "?"), None),
            },
            Some(Frame::Seq { path, next }) => {
                *next += 1;
                (format!("{path}[{}]", *next - 1), None)
            }
        };
        self.entries
            .insert(path.clone(), Entry { key, value: here });
        path
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
            .max_by_key(|(p, _)| p.len())
            .map(|(p, _)| p.as_str())
    }
}
