//! Text from files, names and paths made safe to print: control characters (ESC, BEL,
//! newlines, C1 codes, bidirectional overrides) are shown as `\u{1b}`-style escapes, so
//! user text can neither drive the terminal nor start a line of its own (a GitHub
//! Actions workflow command such as `::error::`, or a forged log line).
//!
//! Every plain-text output (terminal, error messages, `ask` prompts, GitHub annotations)
//! passes user text through [`escape`]; Markdown, HTML and Mermaid have their own
//! escapers that use [`is_unsafe`] for the same set of characters.

use std::borrow::Cow;

/// Whether `c` must not reach a terminal or a log as is: C0 and C1 control characters,
/// DEL, line and paragraph separators, and the bidirectional embedding, override and
/// isolate marks that can make text read differently from what it is.
pub fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{2028}' | '\u{2029}' | '\u{200e}' | '\u{200f}' | '\u{061c}'
        )
        || ('\u{202a}'..='\u{202e}').contains(&c)
        || ('\u{2066}'..='\u{2069}').contains(&c)
}

/// `text` with every unsafe character written as `\u{…}` (and a backslash that could be
/// read as the start of such an escape left as it is: the escape is for reading, not for
/// parsing back).
pub fn escape(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_unsafe) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        push_escaped(&mut out, c);
    }
    Cow::Owned(out)
}

/// Appends `c`, escaped if it is unsafe.
pub fn push_escaped(out: &mut String, c: char) {
    if is_unsafe(c) {
        out.push_str(&format!("\\u{{{:x}}}", c as u32));
    } else {
        out.push(c);
    }
}

/// `text` with the first `:` of every line that starts (after blanks) with `::` written
/// as `colon` (`\\:` in Markdown, `&#58;` in HTML): a document printed in a CI log
/// cannot carry a workflow command, whatever text it holds, and still reads the same.
pub fn guard_line_starts(text: String, colon: &str) -> String {
    let risky = |l: &str| l.trim_start().starts_with("::");
    if !text.lines().any(risky) {
        return text;
    }
    let mut out = String::with_capacity(text.len() + 16);
    for line in text.split_inclusive('\n') {
        if risky(line) {
            let at = line.find(':').unwrap_or(0);
            out.push_str(&line[..at]);
            out.push_str(colon);
            out.push_str(&line[at + 1..]);
        } else {
            out.push_str(line);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_become_visible_escapes() {
        assert_eq!(escape("plain text"), "plain text");
        assert_eq!(escape("a\u{1b}[31mb"), "a\\u{1b}[31mb");
        assert_eq!(escape("x\n::error::y"), "x\\u{a}::error::y");
        assert_eq!(escape("bell\u{7}"), "bell\\u{7}");
        assert_eq!(escape("\u{202e}txt"), "\\u{202e}txt");
        assert_eq!(escape("tab\there"), "tab\\u{9}here");
        assert_eq!(escape("\u{9b}"), "\\u{9b}");
    }

    #[test]
    fn no_line_starts_a_workflow_command() {
        let t = "a\n  ::error::x\n::warning::y\nb::c\n".to_string();
        assert_eq!(
            guard_line_starts(t, "&#58;"),
            "a\n  &#58;:error::x\n&#58;:warning::y\nb::c\n"
        );
    }
}
