//! The terminal side of `ask`: dialoguer prompts on stderr, a help key, a back
//! choice, and a clean stop on Ctrl-C or Esc (cursor shown again, nothing written,
//! exit 130).

use super::flow::{Asker, Reply, Step};
use super::questions::{Kind, Question};
use crate::error::{Error, Result};
use crate::render::wrap;
use dialoguer::console::{style, Key, Term};
use dialoguer::theme::ColorfulTheme;
use dialoguer::{MultiSelect, Select};
use std::io::Write;
use std::path::{Path, PathBuf};

const HELP: &str = "? help";
const BACK: &str = "← back";
/// Shows the cursor again (dialoguer's Select hides it while it runs).
const SHOW_CURSOR: &[u8] = b"\x1b[?25h";

/// Ctrl-C: show the cursor and leave with 130 before any file is written. The
/// handler runs on its own thread while the main one holds the stderr lock (it
/// waits for a key), so it writes to the terminal device directly.
pub fn install_interrupt_handler() {
    crate::interrupt::on_interrupt(|| {
        if let Ok(mut tty) = std::fs::OpenOptions::new().write(true).open("/dev/tty") {
            let _ = tty.write_all(SHOW_CURSOR);
            let _ = tty.write_all(b"\ninterrupted: nothing was written\n");
        }
    });
}

/// A picked menu entry, or one of the keys every prompt understands.
enum Pick<T> {
    Item(T),
    Help,
    Back,
    Cancel,
}

/// What to do once the questions are answered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Finish {
    Write,
    WriteWithReport,
    /// Go through the questions again, the answers so far as defaults.
    Change,
    /// Add a part of the system whose needs differ (a component), or edit one.
    AddPart,
    Print,
    Quit,
}

pub struct Terminal {
    term: Term,
    theme: ColorfulTheme,
}

impl Default for Terminal {
    fn default() -> Self {
        Terminal {
            term: Term::stderr(),
            theme: ColorfulTheme::default(),
        }
    }
}

impl Terminal {
    pub fn line(&self, text: &str) -> Result<()> {
        self.term.write_line(text).map_err(terminal_error)
    }

    /// Shows the cursor again (after Esc, before leaving).
    pub fn restore(&self) {
        let _ = self.term.show_cursor();
    }

    pub fn intro(&self) -> Result<()> {
        self.line(&format!(
            "{}\n{}\n",
            style("Describe the system; tradeoff recommends an architecture and writes a requirements file.")
                .bold(),
            style("Enter keeps the value shown · ? help · < or ← back goes back · Esc or Ctrl-C quits without writing")
                .dim()
        ))
    }

    fn help(&self, q: &Question) -> Result<()> {
        let width = usize::from(self.term.size().1).clamp(40, 100);
        let mut text = wrap(&q.help, width, "  ", "  ");
        text.push_str(&wrap(
            &format!("Field `{}`: {}", q.field, q.description),
            width,
            "  ",
            "  ",
        ));
        if !q.topics.is_empty() {
            text.push_str(&wrap(
                &format!("Decisions that read it: {}.", q.topics.join(", ")),
                width,
                "  ",
                "  ",
            ));
        }
        if q.kind == Kind::Quantity {
            text.push_str(
                "  Write numbers the way the format does: 250, 1.5k, 10M, 3TB, 99.9%, 200ms, 5m.\n",
            );
        }
        self.line(&style(text.trim_end()).cyan().to_string())
    }

    fn select(
        &self,
        prompt: &str,
        items: &[String],
        default: usize,
        back: bool,
    ) -> Result<Pick<usize>> {
        let mut all: Vec<String> = items.iter().map(|i| self.fit(i)).collect();
        all.push(HELP.into());
        if back {
            all.push(BACK.into());
        }
        let picked = Select::with_theme(&self.theme)
            .with_prompt(prompt)
            .items(&all)
            .default(default.min(items.len().saturating_sub(1)))
            .report(false)
            .interact_opt();
        Ok(match picked {
            Ok(Some(i)) if i < items.len() => Pick::Item(i),
            Ok(Some(i)) if i == items.len() => Pick::Help,
            Ok(Some(_)) => Pick::Back,
            Ok(None) => Pick::Cancel,
            Err(e) => return cancel_or(e),
        })
    }

    fn multi(
        &self,
        prompt: &str,
        items: &[String],
        checked: &[bool],
        back: bool,
    ) -> Result<Pick<Vec<usize>>> {
        let mut all: Vec<String> = items.iter().map(|i| self.fit(i)).collect();
        let mut on = checked.to_vec();
        all.push(HELP.into());
        on.push(false);
        if back {
            all.push(BACK.into());
            on.push(false);
        }
        let picked = MultiSelect::with_theme(&self.theme)
            .with_prompt(format!("{prompt} (space toggles, enter confirms)"))
            .items(&all)
            .defaults(&on)
            .report(false)
            .interact_opt();
        Ok(match picked {
            Ok(Some(sel)) if sel.contains(&items.len()) => Pick::Help,
            Ok(Some(sel)) if sel.iter().any(|&i| i > items.len()) => Pick::Back,
            Ok(Some(sel)) => Pick::Item(sel),
            Ok(None) => Pick::Cancel,
            Err(e) => return cancel_or(e),
        })
    }

    /// One line of typed input; `None` on Esc or Ctrl-C. dialoguer's Input ignores
    /// Esc, so this small editor reads keys itself.
    fn read_line(&self, prompt: &str, hint: &str) -> Result<Option<String>> {
        self.line(&format!(
            "{} {} {}",
            style("?").yellow(),
            style(prompt).bold(),
            style(hint).dim()
        ))?;
        let mut buf: Vec<char> = Vec::new();
        let mut pos = 0;
        loop {
            self.term.clear_line().map_err(terminal_error)?;
            let text: String = buf.iter().collect();
            self.term
                .write_str(&format!("{} {text}", style("›").cyan()))
                .map_err(terminal_error)?;
            if pos < buf.len() {
                self.term
                    .move_cursor_left(buf.len() - pos)
                    .map_err(terminal_error)?;
            }
            let key = match self.term.read_key() {
                Ok(k) => k,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => return Ok(None),
                Err(e) => return Err(terminal_error(e)),
            };
            match key {
                Key::Enter => return Ok(Some(text)),
                Key::Escape | Key::CtrlC => {
                    self.line("")?;
                    return Ok(None);
                }
                Key::Backspace if pos > 0 => {
                    pos -= 1;
                    buf.remove(pos);
                }
                Key::Del if pos < buf.len() => {
                    buf.remove(pos);
                }
                Key::ArrowLeft if pos > 0 => pos -= 1,
                Key::ArrowRight if pos < buf.len() => pos += 1,
                Key::Home => pos = 0,
                Key::End => pos = buf.len(),
                Key::Char(c) if !c.is_control() => {
                    buf.insert(pos, c);
                    pos += 1;
                }
                _ => {}
            }
        }
    }

    fn typed(&self, step: &Step) -> Result<Pick<Reply>> {
        let q = step.question;
        let keeps = match (&step.current, &step.computed) {
            (Some(v), _) if q.kind == Kind::Text && q.show(v).is_empty() => None,
            // A value from `--from FILE` is user text: escaped before it reaches the terminal.
            (Some(v), _) => Some(crate::text::escape(&q.show(v)).into_owned()),
            (None, Some(c)) => Some(format!("{c}, computed from other answers")),
            (None, None) => None,
        };
        let back = if step.can_go_back { ", < back" } else { "" };
        let hint = match &keeps {
            Some(k) => format!("(Enter keeps {k}; ? help{back})"),
            None => format!("(Enter skips; ? help{back})"),
        };
        loop {
            let Some(text) = self.read_line(&q.prompt, &hint)? else {
                return Ok(Pick::Cancel);
            };
            let (pick, shown) = match text.trim() {
                "" => (
                    Pick::Item(Reply::Keep),
                    style(keeps.as_deref().unwrap_or("(none)"))
                        .dim()
                        .to_string(),
                ),
                "?" => (Pick::Help, text.clone()),
                "<" if step.can_go_back => (Pick::Back, style(BACK).dim().to_string()),
                t => match q.parse_text(t) {
                    Ok(v) => (Pick::Item(Reply::Value(v)), style(t).green().to_string()),
                    Err(msg) => {
                        self.close_line(&text)?;
                        self.line(&style(format!("  ✘ {msg}")).red().to_string())?;
                        continue;
                    }
                },
            };
            self.close_line(&shown)?;
            return Ok(pick);
        }
    }

    /// Rewrites the input line with what was taken, and moves on.
    fn close_line(&self, shown: &str) -> Result<()> {
        self.term.clear_line().map_err(terminal_error)?;
        self.line(&format!("{} {shown}", style("›").cyan()))
    }

    /// The line a finished menu leaves: the prompt and the answer.
    fn report(&self, prompt: &str, answer: &str) -> Result<()> {
        self.line(&format!(
            "{} {} {} {}",
            style("✔").green(),
            style(prompt).bold(),
            style("·").dim(),
            style(answer).green()
        ))
    }

    /// Cuts a menu line to the terminal's width so the menu redraws cleanly.
    fn fit(&self, text: &str) -> String {
        let width = usize::from(self.term.size().1).max(20) - 4;
        if text.chars().count() <= width {
            return text.to_string();
        }
        let cut: String = text.chars().take(width - 1).collect();
        format!("{cut}…")
    }

    /// The menu after the recommendation.
    pub fn finish(
        &self,
        target: Option<&Path>,
        report: Option<&Path>,
        parts: &str,
    ) -> Result<Option<Finish>> {
        let shown = |p: &Path| crate::text::escape(&p.display().to_string()).into_owned();
        let file = target.map_or("the requirements file".to_string(), shown);
        let report = match (report, target) {
            (Some(r), _) => shown(r),
            (None, Some(t)) => shown(&t.with_extension("md")),
            (None, None) => "a Markdown file beside it".to_string(),
        };
        let mut items = vec![
            (Finish::Write, format!("Write {file}")),
            (
                Finish::WriteWithReport,
                format!("Write {file} and the design-review report ({report})"),
            ),
        ];
        items.push((
            Finish::Change,
            "Change answers (the questions again)".into(),
        ));
        if !parts.is_empty() {
            items.push((Finish::AddPart, parts.to_string()));
        }
        items.push((Finish::Print, "Print the requirements here".into()));
        items.push((Finish::Quit, "Quit without writing".into()));
        let labels: Vec<&str> = items.iter().map(|(_, l)| l.as_str()).collect();
        let picked = Select::with_theme(&self.theme)
            .with_prompt("What now?")
            .items(&labels)
            .default(0)
            .interact_opt();
        match picked {
            Ok(Some(i)) => Ok(Some(items[i].0)),
            Ok(None) => Ok(None),
            Err(e) => cancel_or::<()>(e).map(|_| None),
        }
    }

    /// Asks a part's name until it is a valid one; `None` on Esc. Naming a part
    /// that exists edits it.
    pub fn part_name(&self, existing: &[String]) -> Result<Option<String>> {
        let hint = if existing.is_empty() {
            "(lowercase, e.g. cart; Esc cancels)".to_string()
        } else {
            format!(
                "(lowercase, e.g. cart; an existing part edits it: {}; Esc cancels)",
                existing
                    .iter()
                    .map(|n| crate::text::escape(n).into_owned())
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        };
        loop {
            let Some(text) = self.read_line("What is the part called?", &hint)? else {
                return Ok(None);
            };
            let name = text.trim().to_string();
            match super::parts::check_name(&name) {
                Ok(()) => {
                    self.close_line(&style(&name).green().to_string())?;
                    return Ok(Some(name));
                }
                Err(msg) => {
                    self.close_line(&crate::text::escape(&text))?;
                    self.line(&style(format!("  ✘ {msg}")).red().to_string())?;
                }
            }
        }
    }

    /// Asks where to write; `None` on Esc.
    pub fn path(&self, default: &str) -> Result<Option<PathBuf>> {
        let hint = format!("(Enter keeps {default})");
        let Some(text) = self.read_line("Write the requirements to which file?", &hint)? else {
            return Ok(None);
        };
        let text = text.trim();
        Ok(Some(PathBuf::from(if text.is_empty() {
            default
        } else {
            text
        })))
    }

    /// Whether to replace an existing file; `None` on Esc.
    pub fn overwrite(&self, path: &Path) -> Result<Option<bool>> {
        let items = ["No, choose another file", "Yes, replace it"];
        let picked = Select::with_theme(&self.theme)
            .with_prompt(format!(
                "{} exists. Replace it?",
                crate::text::escape(&path.display().to_string())
            ))
            .items(items)
            .default(0)
            .interact_opt();
        match picked {
            Ok(v) => Ok(v.map(|i| i == 1)),
            Err(e) => cancel_or::<()>(e).map(|_| None),
        }
    }
}

impl Asker for Terminal {
    fn ask(&mut self, step: &Step) -> Result<Reply> {
        let q = step.question;
        self.line(
            &style(format!(
                "Question {} of {} · {}",
                step.number, step.total, q.field
            ))
            .dim()
            .to_string(),
        )?;
        loop {
            let pick = match q.kind {
                Kind::Choice => {
                    let items: Vec<String> = q
                        .choices
                        .iter()
                        .map(|c| labelled(&c.value, &c.label))
                        .collect();
                    let now = step.current.as_ref().and_then(|v| v.as_str());
                    let default = q.choices.iter().position(|c| Some(c.value.as_str()) == now);
                    match self.select(&q.prompt, &items, default.unwrap_or(0), step.can_go_back)? {
                        Pick::Item(i) => {
                            self.report(&q.prompt, &q.choices[i].value)?;
                            Pick::Item(Reply::Value(q.choices[i].value.clone().into()))
                        }
                        other => other.map_none(),
                    }
                }
                Kind::YesNo => {
                    let items = ["yes".to_string(), "no".to_string()];
                    let default =
                        usize::from(step.current.as_ref().and_then(|v| v.as_bool()) != Some(true));
                    match self.select(&q.prompt, &items, default, step.can_go_back)? {
                        Pick::Item(i) => {
                            self.report(&q.prompt, &items[i])?;
                            Pick::Item(Reply::Value((i == 0).into()))
                        }
                        other => other.map_none(),
                    }
                }
                Kind::MultiChoice => {
                    let items: Vec<String> = q
                        .choices
                        .iter()
                        .map(|c| labelled(&c.value, &c.label))
                        .collect();
                    let now = step.current.as_ref().and_then(|v| v.as_array());
                    let on: Vec<bool> = q
                        .choices
                        .iter()
                        .map(|c| {
                            now.is_some_and(|a| a.iter().any(|x| x.as_str() == Some(&c.value)))
                        })
                        .collect();
                    match self.multi(&q.prompt, &items, &on, step.can_go_back)? {
                        Pick::Item(sel) => {
                            let value: serde_json::Value = sel
                                .iter()
                                .map(|&i| serde_json::Value::from(q.choices[i].value.clone()))
                                .collect();
                            self.report(&q.prompt, &q.show(&value))?;
                            Pick::Item(Reply::Value(value))
                        }
                        other => other.map_none(),
                    }
                }
                Kind::Quantity | Kind::Text => self.typed(step)?,
            };
            match pick {
                Pick::Item(reply) => return Ok(reply),
                Pick::Help => self.help(q)?,
                Pick::Back => return Ok(Reply::Back),
                Pick::Cancel => return Ok(Reply::Cancel),
            }
        }
    }
}

impl<T> Pick<T> {
    /// The same help, back or cancel key, for another item type (items are
    /// matched before this is called).
    fn map_none<U>(self) -> Pick<U> {
        match self {
            Pick::Help => Pick::Help,
            Pick::Back => Pick::Back,
            Pick::Item(_) | Pick::Cancel => Pick::Cancel,
        }
    }
}

fn labelled(value: &str, label: &str) -> String {
    if label.is_empty() {
        value.to_string()
    } else {
        format!("{value} — {label}")
    }
}

fn terminal_error(e: std::io::Error) -> Error {
    Error::input(format!("cannot use the terminal: {e}"))
}

/// Ctrl-C inside a dialoguer prompt surfaces as an interrupted read: a cancel.
fn cancel_or<T>(e: dialoguer::Error) -> Result<Pick<T>> {
    let dialoguer::Error::IO(io) = e;
    if io.kind() == std::io::ErrorKind::Interrupted {
        Ok(Pick::Cancel)
    } else {
        Err(terminal_error(io))
    }
}
