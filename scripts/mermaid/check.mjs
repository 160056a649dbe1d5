// Parses every Mermaid diagram in the given files with Mermaid's own parser.
// A file ending in .md contributes its ```mermaid blocks; any other file is one diagram.
// Exit code: 0 all parse, 1 a diagram fails (or no diagram was found), 2 usage.
// Mermaid's sanitizer (DOMPurify) needs a DOM, so jsdom provides one; nothing is rendered.
import { readFileSync } from 'node:fs';
import { JSDOM } from 'jsdom';

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error('usage: node check.mjs FILE...  (Markdown files or bare Mermaid sources)');
  process.exit(2);
}
const dom = new JSDOM('<!DOCTYPE html><html><body></body></html>');
globalThis.window = dom.window;
globalThis.document = dom.window.document;
const { default: mermaid } = await import('mermaid');
mermaid.initialize({ startOnLoad: false, securityLevel: 'strict' });

function diagrams(file) {
  const text = readFileSync(file, 'utf8');
  if (!file.endsWith('.md')) return [text];
  const out = [];
  const re = /^```mermaid\n([\s\S]*?)^```$/gm;
  for (let m; (m = re.exec(text)); ) out.push(m[1]);
  return out;
}

let count = 0;
let failed = 0;
for (const file of files) {
  const found = diagrams(file);
  for (const [i, source] of found.entries()) {
    count++;
    try {
      const result = await mermaid.parse(source);
      if (!result || !String(result.diagramType).startsWith('flowchart')) {
        throw new Error(`not a flowchart: ${JSON.stringify(result)}`);
      }
    } catch (e) {
      failed++;
      console.error(`FAIL ${file} diagram ${i + 1}: ${String(e.message ?? e)}`);
    }
  }
}
if (count === 0) {
  console.error('no Mermaid diagram found');
  process.exit(1);
}
const version = JSON.parse(
  readFileSync(new URL('./node_modules/mermaid/package.json', import.meta.url), 'utf8'),
).version;
console.log(`${count - failed} of ${count} Mermaid diagrams parse (mermaid ${version})`);
process.exit(failed === 0 ? 0 : 1);
