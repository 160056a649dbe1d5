//! The wiki's headings: the only valid `source` of a rule.
//!
//! The wiki is embedded from `docs/wiki/` (a copy of the shared wiki; a test
//! keeps it in sync). A source names a heading, or a path of headings joined
//! with ` > ` when the name alone is ambiguous.

use std::sync::OnceLock;

pub const WIKI: &str = include_str!("../../docs/wiki/system-design-fundamentals.md");
pub const WIKI_PATH: &str = "docs/wiki/system-design-fundamentals.md";

#[derive(Clone, Debug)]
pub struct Heading {
    /// Heading texts from level 2 down to this one, cleaned of emoji and numbering.
    pub path: Vec<String>,
    /// GitHub's anchor for the heading.
    pub anchor: String,
    pub line: usize,
}

impl Heading {
    pub fn title(&self) -> &str {
        self.path.last().map(String::as_str).unwrap_or_default()
    }

    pub fn full(&self) -> String {
        self.path.join(" > ")
    }
}

/// "1. Token Bucket" -> "Token Bucket"; "📚 Foundation" -> "Foundation".
pub fn clean(text: &str) -> String {
    let t = text.trim();
    let t = t.trim_start_matches(|c: char| !c.is_ascii() || c.is_whitespace());
    let t = match t.split_once(". ") {
        Some((n, rest)) if !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()) => rest,
        _ => t,
    };
    t.trim().to_string()
}

/// GitHub's heading slug: lowercase, spaces to `-`, punctuation dropped.
pub fn slug(text: &str) -> String {
    text.trim()
        .to_lowercase()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
            _ => None,
        })
        .collect()
}

pub fn headings() -> &'static [Heading] {
    static CELL: OnceLock<Vec<Heading>> = OnceLock::new();
    CELL.get_or_init(|| parse(WIKI))
}

fn parse(text: &str) -> Vec<Heading> {
    let mut out = Vec::new();
    let mut stack: Vec<(usize, String)> = Vec::new();
    let mut seen = std::collections::HashMap::<String, usize>::new();
    let mut fenced = false;
    for (i, line) in text.lines().enumerate() {
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
            continue;
        }
        if fenced {
            continue;
        }
        let level = line.chars().take_while(|c| *c == '#').count();
        if level < 2 || !line[level..].starts_with(' ') {
            continue;
        }
        let raw = line[level..].trim();
        let base = slug(raw);
        let n = seen.entry(base.clone()).or_insert(0);
        let anchor = if *n == 0 {
            base.clone()
        } else {
            format!("{base}-{n}")
        };
        *n += 1;
        stack.retain(|(l, _)| *l < level);
        stack.push((level, clean(raw)));
        out.push(Heading {
            path: stack.iter().map(|(_, t)| t.clone()).collect(),
            anchor,
            line: i + 1,
        });
    }
    out
}

/// Headings by their last title, for fast lookup.
fn by_title() -> &'static std::collections::HashMap<&'static str, Vec<&'static Heading>> {
    static CELL: OnceLock<std::collections::HashMap<&'static str, Vec<&'static Heading>>> =
        OnceLock::new();
    CELL.get_or_init(|| {
        let mut map: std::collections::HashMap<&str, Vec<&Heading>> =
            std::collections::HashMap::new();
        for h in headings() {
            map.entry(h.title()).or_default().push(h);
        }
        map
    })
}

/// Finds the heading a source names: its path must end with the source's segments.
/// Rule files name the same sections many times; found headings are remembered.
pub fn find(source: &str) -> Result<&'static Heading, String> {
    type Found = std::collections::HashMap<String, &'static Heading>;
    static FOUND: OnceLock<std::sync::Mutex<Found>> = OnceLock::new();
    let found = FOUND.get_or_init(Default::default);
    let lock = || found.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(h) = lock().get(source) {
        return Ok(h);
    }
    let h = search(source)?;
    lock().insert(source.to_string(), h);
    Ok(h)
}

fn search(source: &str) -> Result<&'static Heading, String> {
    let wanted: Vec<String> = source.split(" > ").map(clean).collect();
    let last = wanted.last().map(String::as_str).unwrap_or_default();
    let matches: Vec<&Heading> = by_title()
        .get(last)
        .into_iter()
        .flatten()
        .copied()
        .filter(|h| {
            h.path.len() >= wanted.len() && h.path[h.path.len() - wanted.len()..] == wanted[..]
        })
        .collect();
    match matches.as_slice() {
        [one] => Ok(one),
        [] => {
            let last = wanted.last().cloned().unwrap_or_default();
            let titles = headings().iter().map(|h| h.title());
            let hint = crate::error::did_you_mean(&last, titles)
                .map(|t| format!("; did you mean `{t}`?"))
                .unwrap_or_default();
            Err(format!("no wiki heading is called `{source}`{hint}"))
        }
        many => Err(format!(
            "`{source}` is ambiguous; name its parent, e.g. `{}`",
            many.iter()
                .map(|h| h.full())
                .collect::<Vec<_>>()
                .join("` or `")
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_unique_and_qualified_headings() {
        assert_eq!(find("Token Bucket").unwrap().title(), "Token Bucket");
        assert!(find("Hybrid Approach").unwrap_err().contains("ambiguous"));
        let h = find("Horizontal vs Vertical Scaling > Hybrid Approach").unwrap();
        assert_eq!(h.anchor, "hybrid-approach");
        assert!(find("Cache Asid").is_err());
    }

    #[test]
    fn anchors_follow_github() {
        let h = find("Consistency Patterns (CAP Theorem)").unwrap();
        assert_eq!(h.anchor, "consistency-patterns-cap-theorem");
        let h =
            find("Stateful vs Stateless Services > Hybrid Approach: Stateless with External State")
                .unwrap();
        assert_eq!(h.anchor, "hybrid-approach-stateless-with-external-state");
    }
}
