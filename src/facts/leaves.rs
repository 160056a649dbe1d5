//! A serde serializer that hands every leaf of a value to a callback, with its dotted
//! path, as a fact value: requirements become facts without a JSON tree in between.
//! Leaves are what `serde_json::to_value` would give: nulls (and numbers that are not
//! finite) are skipped, a list is one leaf holding its text items.

use super::FactValue;
use serde::ser::{self, Serialize};
use std::fmt;

/// Calls `f` with the path and value of every leaf of `v`, skipping the top-level
/// fields named in `skip`.
pub fn each<T: Serialize + ?Sized>(v: &T, skip: &[&str], f: &mut dyn FnMut(&str, FactValue)) {
    let mut path = String::with_capacity(64);
    let _ = v.serialize(&mut Leaves {
        path: &mut path,
        skip,
        f,
    });
}

#[derive(Debug)]
pub struct Stop(String);

impl fmt::Display for Stop {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Stop {}

impl ser::Error for Stop {
    fn custom<T: fmt::Display>(msg: T) -> Stop {
        Stop(msg.to_string())
    }
}

struct Leaves<'a> {
    path: &'a mut String,
    skip: &'a [&'a str],
    f: &'a mut dyn FnMut(&str, FactValue),
}

impl Leaves<'_> {
    fn leaf(&mut self, v: FactValue) -> Result<(), Stop> {
        (self.f)(self.path, v);
        Ok(())
    }

    /// Serializes `value` under `key`.
    fn child<T: Serialize + ?Sized>(&mut self, key: &str, value: &T) -> Result<(), Stop> {
        let len = self.path.len();
        if len == 0 && self.skip.contains(&key) {
            return Ok(());
        }
        if len > 0 {
            self.path.push('.');
        }
        self.path.push_str(key);
        let out = value.serialize(&mut *self);
        self.path.truncate(len);
        out
    }
}

/// A list: its text items (other items are dropped, as `FactValue::from_json` does).
pub struct List<'s, 'a> {
    owner: &'s mut Leaves<'a>,
    items: Vec<String>,
}

impl List<'_, '_> {
    fn item<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), Stop> {
        // Items are few and small (enum values, names): JSON says which are text.
        if let Ok(serde_json::Value::String(s)) = serde_json::to_value(v) {
            self.items.push(s);
        }
        Ok(())
    }

    fn finish(self) -> Result<(), Stop> {
        self.owner.leaf(FactValue::List(self.items))
    }
}

/// A mapping or struct: each entry under its key.
pub struct Entries<'s, 'a> {
    owner: &'s mut Leaves<'a>,
    key: Option<String>,
    /// The variant a struct variant nests under.
    nested: Option<usize>,
}

impl Entries<'_, '_> {
    fn finish(self) -> Result<(), Stop> {
        if let Some(len) = self.nested {
            self.owner.path.truncate(len);
        }
        Ok(())
    }
}

impl<'s, 'a> ser::Serializer for &'s mut Leaves<'a> {
    type Ok = ();
    type Error = Stop;
    type SerializeSeq = List<'s, 'a>;
    type SerializeTuple = List<'s, 'a>;
    type SerializeTupleStruct = List<'s, 'a>;
    type SerializeTupleVariant = List<'s, 'a>;
    type SerializeMap = Entries<'s, 'a>;
    type SerializeStruct = Entries<'s, 'a>;
    type SerializeStructVariant = Entries<'s, 'a>;

    fn serialize_bool(self, v: bool) -> Result<(), Stop> {
        self.leaf(FactValue::Bool(v))
    }
    fn serialize_i64(self, v: i64) -> Result<(), Stop> {
        self.leaf(FactValue::Num(v as f64))
    }
    fn serialize_u64(self, v: u64) -> Result<(), Stop> {
        self.leaf(FactValue::Num(v as f64))
    }
    fn serialize_i8(self, v: i8) -> Result<(), Stop> {
        self.serialize_i64(v.into())
    }
    fn serialize_i16(self, v: i16) -> Result<(), Stop> {
        self.serialize_i64(v.into())
    }
    fn serialize_i32(self, v: i32) -> Result<(), Stop> {
        self.serialize_i64(v.into())
    }
    fn serialize_u8(self, v: u8) -> Result<(), Stop> {
        self.serialize_u64(v.into())
    }
    fn serialize_u16(self, v: u16) -> Result<(), Stop> {
        self.serialize_u64(v.into())
    }
    fn serialize_u32(self, v: u32) -> Result<(), Stop> {
        self.serialize_u64(v.into())
    }
    fn serialize_f32(self, v: f32) -> Result<(), Stop> {
        self.serialize_f64(v.into())
    }
    fn serialize_f64(self, v: f64) -> Result<(), Stop> {
        if v.is_finite() {
            self.leaf(FactValue::Num(v))
        } else {
            Ok(()) // JSON has no such number: null, not a fact.
        }
    }
    fn serialize_char(self, v: char) -> Result<(), Stop> {
        self.leaf(FactValue::Str(v.to_string()))
    }
    fn serialize_str(self, v: &str) -> Result<(), Stop> {
        self.leaf(FactValue::Str(v.to_string()))
    }
    fn serialize_bytes(self, _: &[u8]) -> Result<(), Stop> {
        self.leaf(FactValue::List(Vec::new()))
    }
    fn serialize_none(self) -> Result<(), Stop> {
        Ok(())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, v: &T) -> Result<(), Stop> {
        v.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), Stop> {
        Ok(())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), Stop> {
        Ok(())
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, v: &'static str) -> Result<(), Stop> {
        self.serialize_str(v)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        v: &T,
    ) -> Result<(), Stop> {
        v.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        v: &T,
    ) -> Result<(), Stop> {
        self.child(variant, v)
    }
    fn serialize_seq(self, len: Option<usize>) -> Result<List<'s, 'a>, Stop> {
        Ok(List {
            owner: self,
            items: Vec::with_capacity(len.unwrap_or(0)),
        })
    }
    fn serialize_tuple(self, len: usize) -> Result<List<'s, 'a>, Stop> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(self, _: &'static str, len: usize) -> Result<List<'s, 'a>, Stop> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        len: usize,
    ) -> Result<List<'s, 'a>, Stop> {
        self.serialize_seq(Some(len))
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Entries<'s, 'a>, Stop> {
        Ok(Entries {
            owner: self,
            key: None,
            nested: None,
        })
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Entries<'s, 'a>, Stop> {
        self.serialize_map(None)
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Entries<'s, 'a>, Stop> {
        let len = self.path.len();
        if len > 0 {
            self.path.push('.');
        }
        self.path.push_str(variant);
        Ok(Entries {
            owner: self,
            key: None,
            nested: Some(len),
        })
    }
}

/// A list's element, whatever kind of list serde sees.
macro_rules! list {
    ($trait:ident, $method:ident) => {
        impl ser::$trait for List<'_, '_> {
            type Ok = ();
            type Error = Stop;
            fn $method<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), Stop> {
                self.item(v)
            }
            fn end(self) -> Result<(), Stop> {
                self.finish()
            }
        }
    };
}

list!(SerializeSeq, serialize_element);
list!(SerializeTuple, serialize_element);
list!(SerializeTupleStruct, serialize_field);
list!(SerializeTupleVariant, serialize_field);

impl ser::SerializeMap for Entries<'_, '_> {
    type Ok = ();
    type Error = Stop;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Stop> {
        self.key = match serde_json::to_value(key) {
            Ok(serde_json::Value::String(k)) => Some(k),
            _ => None,
        };
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), Stop> {
        match self.key.take() {
            Some(k) => self.owner.child(&k, v),
            None => Err(ser::Error::custom("a mapping key that is not text")),
        }
    }
    fn end(self) -> Result<(), Stop> {
        self.finish()
    }
}

/// A struct's field, under its name.
macro_rules! fields {
    ($trait:ident) => {
        impl ser::$trait for Entries<'_, '_> {
            type Ok = ();
            type Error = Stop;
            fn serialize_field<T: Serialize + ?Sized>(
                &mut self,
                k: &'static str,
                v: &T,
            ) -> Result<(), Stop> {
                self.owner.child(k, v)
            }
            fn end(self) -> Result<(), Stop> {
                self.finish()
            }
        }
    };
}

fields!(SerializeStruct);
fields!(SerializeStructVariant);

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;
    use std::collections::BTreeMap;

    /// The leaves of a JSON tree, as `serde_json::to_value` and a flattening walk give them.
    fn by_json(v: &Value, path: &str, skip: &[&str], out: &mut BTreeMap<String, FactValue>) {
        match v {
            Value::Object(map) => {
                for (k, child) in map {
                    if path.is_empty() && skip.contains(&k.as_str()) {
                        continue;
                    }
                    let p = if path.is_empty() {
                        k.clone()
                    } else {
                        format!("{path}.{k}")
                    };
                    by_json(child, &p, skip, out);
                }
            }
            Value::Null => {}
            leaf => {
                out.insert(path.to_string(), FactValue::from_json(leaf).unwrap());
            }
        }
    }

    fn by_leaves<T: Serialize>(v: &T, skip: &[&str]) -> BTreeMap<String, FactValue> {
        let mut out = BTreeMap::new();
        each(v, skip, &mut |p, f| {
            assert!(out.insert(p.to_string(), f).is_none(), "{p} twice");
        });
        out
    }

    /// Every example, its parts, and the defaults give the leaves a JSON round trip gives.
    #[test]
    fn leaves_are_the_json_leaves() {
        let skip = ["name", "decisions"];
        let defaults = crate::requirements::defaults();
        let mut json = BTreeMap::new();
        by_json(
            &serde_json::to_value(&defaults).unwrap(),
            "",
            &skip,
            &mut json,
        );
        assert_eq!(by_leaves(&defaults, &skip), json);
        assert!(json.len() > 50);
        for entry in std::fs::read_dir("examples").unwrap() {
            let path = entry.unwrap().path();
            let text = std::fs::read_to_string(&path).unwrap();
            let req = crate::requirements::parse_requirements_str("x.yaml", &text).unwrap();
            let mut json = BTreeMap::new();
            by_json(&serde_json::to_value(&req).unwrap(), "", &skip, &mut json);
            assert_eq!(by_leaves(&req, &skip), json, "{}", path.display());
            for part in req.components.iter().flatten() {
                let mut json = BTreeMap::new();
                by_json(&serde_json::to_value(part).unwrap(), "", &[], &mut json);
                assert_eq!(by_leaves(part, &[]), json, "{}", path.display());
            }
        }
    }

    #[test]
    fn lists_keep_their_text_and_odd_numbers_are_not_facts() {
        let v = serde_json::json!({"a": [1, "x", {"b": 2}], "n": null, "m": {}});
        assert_eq!(
            by_leaves(&v, &[]),
            BTreeMap::from([("a".to_string(), FactValue::List(vec!["x".into()]))])
        );
        assert!(by_leaves(&BTreeMap::from([("x", f64::NAN)]), &[]).is_empty());
    }
}
