//! The answers so far: a requirements document held as a JSON tree, set and read
//! by dotted field path, so fields the questionnaire does not ask (a file's
//! `decisions`, `accept`) pass through edit mode untouched.

use crate::error::{Error, Result};
use crate::requirements::Requirements;
use serde_json::{Map, Value};
use std::path::Path;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Answers {
    tree: Map<String, Value>,
}

impl Answers {
    /// The values a requirements file sets (absent fields stay absent).
    pub fn from_requirements(req: &Requirements) -> Answers {
        let mut tree = match serde_json::to_value(req) {
            Ok(Value::Object(map)) => map,
            _ => Map::new(),
        };
        strip_nulls(&mut tree);
        Answers { tree }
    }

    /// Reads a requirements file (edit mode).
    pub fn from_file(path: &Path) -> Result<Answers> {
        let (_, req) = crate::requirements::parse_requirements(path)?;
        Ok(Answers::from_requirements(&req))
    }

    pub fn get(&self, path: &str) -> Option<&Value> {
        let mut parts = path.split('.');
        let mut node = self.tree.get(parts.next()?)?;
        for p in parts {
            node = node.get(p)?;
        }
        Some(node)
    }

    pub fn set(&mut self, path: &str, value: Value) {
        let parts: Vec<&str> = path.split('.').collect();
        let (last, parents) = parts.split_last().expect("split yields one part");
        let mut map = &mut self.tree;
        for p in parents {
            let slot = map
                .entry(p.to_string())
                .or_insert_with(|| Value::Object(Map::new()));
            if !slot.is_object() {
                *slot = Value::Object(Map::new());
            }
            map = slot.as_object_mut().expect("made an object above");
        }
        map.insert(last.to_string(), value);
    }

    pub fn remove(&mut self, path: &str) {
        let parts: Vec<&str> = path.split('.').collect();
        let (last, parents) = parts.split_last().expect("split yields one part");
        let mut map = &mut self.tree;
        for p in parents {
            match map.get_mut(*p).and_then(Value::as_object_mut) {
                Some(m) => map = m,
                None => return,
            }
        }
        map.remove(*last);
        // Drop sections left empty.
        if let [section, _] = parts.as_slice() {
            if self
                .tree
                .get(*section)
                .and_then(Value::as_object)
                .is_some_and(Map::is_empty)
            {
                self.tree.remove(*section);
            }
        }
    }

    /// The top-level keys and their values, in the tree's (alphabetical) order.
    pub fn tree(&self) -> &Map<String, Value> {
        &self.tree
    }

    /// The typed requirements these answers make.
    pub fn requirements(&self) -> Result<Requirements> {
        serde_json::from_value(Value::Object(self.tree.clone()))
            .map_err(|e| Error::input(format!("the answers do not make valid requirements: {e}")))
    }
}

fn strip_nulls(map: &mut Map<String, Value>) {
    map.retain(|_, v| !v.is_null());
    for v in map.values_mut() {
        if let Value::Object(m) = v {
            strip_nulls(m);
        }
    }
    map.retain(|_, v| !matches!(v, Value::Object(m) if m.is_empty()));
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn set_get_remove_by_path() {
        let mut a = Answers::default();
        a.set("scale.users", json!(1000));
        a.set("name", json!("shop"));
        assert_eq!(a.get("scale.users"), Some(&json!(1000)));
        let req = a.requirements().unwrap();
        assert_eq!(req.name.as_deref(), Some("shop"));
        a.remove("scale.users");
        assert_eq!(a.get("scale"), None);
        assert_eq!(
            Answers::from_requirements(&req).get("scale.users"),
            Some(&json!(1000))
        );
    }
}
