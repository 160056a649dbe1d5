//! JUnit XML, for CI test reports (GitLab `artifacts:reports:junit`, Jenkins,
//! Azure Pipelines): one test case per linted file, failed when the file has a
//! finding at or above `--fail-on`; the failure lists those findings, and the
//! other findings shown go to the case's `system-out`.

use crate::lint::diagnostic::Diagnostic;
use crate::rules::model::Severity;

/// Text as XML character data or attribute value: the report's HTML escaping
/// (markup escaped, control characters dropped), and the two non-characters XML
/// cannot hold.
pub fn escape(s: &str) -> String {
    crate::report::html::esc(s).replace(['\u{fffe}', '\u{ffff}'], "")
}

fn line(d: &Diagnostic) -> String {
    let mut s = format!(
        "{}:{}:{}: {}[{}]: {}",
        d.file,
        d.span.line,
        d.span.column,
        d.severity.as_str(),
        d.id,
        d.message
    );
    if let Some(h) = &d.help {
        s.push_str(&format!("\n  help: {h}"));
    }
    if let Some(r) = &d.accepted {
        s.push_str(&format!("\n  accepted: {r}"));
    }
    s
}

/// One `<testcase>` for a file; the flag says whether it failed.
pub fn testcase(file: &str, shown: &[&Diagnostic], threshold: Severity) -> (String, bool) {
    let (failing, other): (Vec<&&Diagnostic>, Vec<&&Diagnostic>) = shown
        .iter()
        .partition(|d| d.accepted.is_none() && d.severity >= threshold);
    let mut out = format!(
        "    <testcase classname=\"tradeoff.lint\" name=\"{0}\" file=\"{0}\">\n",
        escape(file)
    );
    if !failing.is_empty() {
        let body: Vec<String> = failing.iter().map(|d| line(d)).collect();
        out.push_str(&format!(
            "      <failure type=\"{}\" message=\"{}\">{}</failure>\n",
            failing
                .iter()
                .map(|d| d.severity)
                .max()
                .map_or("error", Severity::as_str),
            escape(&format!(
                "{} finding{} at or above {}",
                failing.len(),
                if failing.len() == 1 { "" } else { "s" },
                threshold.as_str()
            )),
            escape(&body.join("\n"))
        ));
    }
    if !other.is_empty() {
        let body: Vec<String> = other.iter().map(|d| line(d)).collect();
        out.push_str(&format!(
            "      <system-out>{}</system-out>\n",
            escape(&body.join("\n"))
        ));
    }
    out.push_str("    </testcase>\n");
    (out, !failing.is_empty())
}

/// A `<testcase>` for a file that could not be checked (a bug): an error, not a failure.
pub fn errored(file: &str, message: &str) -> String {
    format!(
        "    <testcase classname=\"tradeoff.lint\" name=\"{0}\" file=\"{0}\">\n      <error message=\"{1}\"></error>\n    </testcase>\n",
        escape(file),
        escape(message)
    )
}

/// The whole report around the test cases.
pub fn document(cases: &str, tests: usize, failures: usize, errors: usize) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <testsuites name=\"tradeoff lint\" tests=\"{tests}\" failures=\"{failures}\" errors=\"{errors}\">\n  \
         <testsuite name=\"tradeoff lint\" tests=\"{tests}\" failures=\"{failures}\" errors=\"{errors}\" skipped=\"0\">\n\
         {cases}  </testsuite>\n</testsuites>\n"
    )
}
