//! After the questions: the recommendation table (with what lint would say), the
//! menu (write the file, also the report, change answers, print, quit), and the
//! writing itself, never over an existing file without a yes or `--force`.

use super::answers::Answers;
use super::questions::Questionnaire;
use super::{complete, flow, parts, prompt, render_file, summary, AskArgs, Judge};
use crate::error::{Error, Result};
use crate::rules::Rulebook;
use std::io::Write;
use std::path::Path;

/// What the person chose in the menu, when it is not writing there and then.
enum Next {
    /// Written (or quit): the exit code.
    Done(i32),
    /// The questions again.
    Change,
    /// Add or edit a part of the system.
    AddPart,
}

/// What every step after the questions needs.
pub struct Ask<'a> {
    args: &'a AskArgs,
    book: &'a Rulebook,
    questionnaire: &'a Questionnaire,
}

impl<'a> Ask<'a> {
    pub fn new(args: &'a AskArgs, book: &'a Rulebook, questionnaire: &'a Questionnaire) -> Self {
        Ask {
            args,
            book,
            questionnaire,
        }
    }

    fn render(&self, answers: &Answers, filled: &[String], path: Option<&Path>) -> Result<String> {
        render_file(self.book, self.questionnaire, answers, filled, path)
    }

    /// The table of the recommendation, with what lint would say about the file.
    fn summarize(&self, answers: &Answers, filled: &[String]) -> Result<String> {
        let assessment = crate::engine::evaluate(self.book, &answers.requirements()?);
        let text = self.render(answers, filled, None)?;
        let today = crate::lint::date::today();
        let findings = crate::lint::check(self.book, "requirements", text.into_bytes(), today);
        Ok(summary::render(&assessment, &findings))
    }

    /// Answers given up front: the file (or stdout), the table, the report.
    pub fn scripted(
        &self,
        answers: &Answers,
        filled: &[String],
        out: &mut dyn Write,
        err: &mut dyn Write,
    ) -> Result<i32> {
        let args = self.args;
        let text = self.render(answers, filled, args.output.as_deref())?;
        let Some(path) = &args.output else {
            // No file named: the requirements go to stdout, ready for `tradeoff advise -`.
            write_out(out, &text)?;
            return Ok(0);
        };
        crate::output::write_atomic(path, text.as_bytes(), args.force)?;
        write_out(out, &self.summarize(answers, filled)?)?;
        let _ = writeln!(
            err,
            "wrote {}",
            crate::text::escape(&path.display().to_string())
        );
        if let Some(report) = &args.report {
            self.report(path, report, args.force, out)?;
            let _ = writeln!(
                err,
                "wrote {}",
                crate::text::escape(&report.display().to_string())
            );
        }
        Ok(0)
    }

    /// The questions at the terminal, then the menu, until something is written,
    /// the person quits, or cancels.
    pub fn interactive(&self, start: Answers, out: &mut dyn Write) -> Result<i32> {
        prompt::install_interrupt_handler();
        let mut term = prompt::Terminal::default();
        term.intro()?;
        let judge = Judge::new(self.book);
        let mut start = start;
        loop {
            let Some(course) = flow::run(self.questionnaire, &judge, start, &mut term)? else {
                return Err(cancelled(&term));
            };
            let mut given = course.answers;
            loop {
                let mut answers = given.clone();
                let filled = complete(self.questionnaire, &mut answers, &course.asked)?;
                write_out(out, &format!("\n{}", self.summarize(&answers, &filled)?))?;
                let _ = out.flush();
                match self.menu(&answers, &filled, &term, out)? {
                    Next::Done(code) => return Ok(code),
                    Next::Change => break,
                    Next::AddPart => {
                        let Some(name) = term.part_name(&parts::names(&given))? else {
                            continue;
                        };
                        match parts::ask(self.questionnaire, &answers, &name, &mut term)? {
                            Some(part) => parts::put(&mut given, part),
                            None => term.line("The part was not added.")?,
                        }
                    }
                }
            }
            // Change answers: the questions again, with these answers as defaults.
            start = given;
        }
    }

    /// The menu after the recommendation.
    fn menu(
        &self,
        answers: &Answers,
        filled: &[String],
        term: &prompt::Terminal,
        out: &mut dyn Write,
    ) -> Result<Next> {
        let args = self.args;
        loop {
            let target = args.output.as_deref();
            let parts = &self.questionnaire.parts_prompt;
            let Some(choice) = term.finish(target, args.report.as_deref(), parts)? else {
                return Err(cancelled(term));
            };
            let path = match (choice, target) {
                (prompt::Finish::Quit, _) => {
                    term.line("Nothing written.")?;
                    return Ok(Next::Done(0));
                }
                (prompt::Finish::Change, _) => return Ok(Next::Change),
                (prompt::Finish::AddPart, _) => return Ok(Next::AddPart),
                (prompt::Finish::Print, _) => {
                    write_out(out, &self.render(answers, filled, None)?)?;
                    continue;
                }
                (_, Some(p)) => p.to_path_buf(),
                (_, None) => {
                    let default = args
                        .from
                        .as_ref()
                        .map_or("requirements.yaml".to_string(), |p| p.display().to_string());
                    term.path(&default)?.ok_or_else(|| cancelled(term))?
                }
            };
            let report = (choice == prompt::Finish::WriteWithReport).then(|| {
                args.report
                    .clone()
                    .unwrap_or_else(|| path.with_extension("md"))
            });
            let Some(force) = may_replace(term, &path, args.force)? else {
                continue;
            };
            let report_force = match &report {
                Some(r) => match may_replace(term, r, args.force)? {
                    Some(f) => f,
                    None => continue,
                },
                None => false,
            };
            let text = self.render(answers, filled, Some(&path))?;
            crate::output::write_atomic(&path, text.as_bytes(), force)?;
            term.line(&format!(
                "Wrote {}.",
                crate::text::escape(&path.display().to_string())
            ))?;
            if let Some(report) = &report {
                self.report(&path, report, report_force, out)?;
                term.line(&format!(
                    "Wrote {}.",
                    crate::text::escape(&report.display().to_string())
                ))?;
            }
            term.line(&format!(
                "Check it with `tradeoff lint {0}`; full advice: `tradeoff advise {0}`.",
                path.display()
            ))?;
            return Ok(Next::Done(0));
        }
    }

    /// Writes the design-review report for the requirements file just written.
    fn report(
        &self,
        requirements: &Path,
        report: &Path,
        force: bool,
        out: &mut dyn Write,
    ) -> Result<()> {
        // Through the report's own argument parser, so its options keep their defaults.
        #[derive(clap::Parser)]
        struct Report {
            #[command(flatten)]
            args: crate::report::ReportArgs,
        }
        let mut argv: Vec<std::ffi::OsString> = vec!["report".into()];
        argv.push(requirements.into());
        argv.extend(["--output".into(), report.into()]);
        if force {
            argv.push("--force".into());
        }
        if let Some(dir) = &self.args.rules {
            argv.extend(["--rules".into(), dir.into()]);
        }
        let parsed = <Report as clap::Parser>::try_parse_from(argv)
            .map_err(|e| Error::input(format!("cannot run the report: {e}")))?;
        crate::report::run_report(parsed.args, out).map(|_| ())
    }
}

/// Whether `path` may be written: it is free, `--force` was given, or the person
/// agrees to replace it (`Some(force)`); `None` to choose again; an error on cancel.
fn may_replace(term: &prompt::Terminal, path: &Path, force: bool) -> Result<Option<bool>> {
    if force || !path.exists() {
        return Ok(Some(force));
    }
    match term.overwrite(path)? {
        Some(true) => Ok(Some(true)),
        Some(false) => Ok(None),
        None => Err(cancelled(term)),
    }
}

/// Esc or Ctrl-C: the cursor back, nothing written, exit 130.
fn cancelled(term: &prompt::Terminal) -> Error {
    term.restore();
    let mut e = Error::input("cancelled: nothing was written");
    e.exit_code = 130;
    e
}

fn write_out(out: &mut dyn Write, text: &str) -> Result<()> {
    match out.write_all(text.as_bytes()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(Error::input(format!("cannot write output: {e}")))
        }
        _ => Ok(()),
    }
}
