/**
 * The course does not hand out the kit's answers. Reads every page of the built site (site/dist,
 * linkedom, no browser) and fails when a page
 *   - contains a kit marker line (`// EXERCISE 3.3 begin`, `// SOLUTION end`): bookkeeping of the
 *     kit generator that a listing let through, or
 *   - shows the reference body of any kit task (the SOLUTION part of its EXERCISE region in lib/,
 *     found from the catalogue) in code that is not inside a closed <details> disclosure.
 * A SHOW_SOLUTIONS=1 build (the instructor's, which has /solutions/ pages) publishes the answers
 * on purpose: there only the marker check applies.
 */
import assert from "node:assert/strict";
import { parseHTML } from "linkedom";
import { EXERCISES } from "../../exercises/_kit/catalog.ts";
import { findRegion } from "../../scripts/kit/extract.ts";
import { DIST } from "../../scripts/site_dist.ts";
import { htmlFiles } from "./_html_files.ts";

const ROOT = new URL("../../", import.meta.url);

/** A marker line as a listing would print it (digits, so prose about "EXERCISE N.M" is fine). */
const MARKER = /\/\/ (?:EXERCISE \d+(?:\.\d+)? (?:begin|end)|SOLUTION (?:begin|end))\b/;

export interface Answer {
  id: string;
  /** The SOLUTION part's lines, trimmed, blank lines dropped. */
  lines: string[];
}

/** Every kit task's reference body, from the catalogue and the lib regions. */
export function kitAnswers(): Answer[] {
  return EXERCISES.flatMap((e) =>
    e.tasks.map((task) => {
      const source = Deno.readTextFileSync(new URL(task.source, ROOT));
      const region = findRegion(task.source, source, task.id);
      const lines = region.lines.slice(region.solutionBegin + 1, region.solutionEnd)
        .map((l) => l.trim()).filter(Boolean);
      return { id: task.id, lines };
    })
  );
}

function trimmedLines(text: string): string[] {
  return text.split("\n").map((l) => l.trim()).filter(Boolean);
}

function containsRun(haystack: string[], needle: string[]): boolean {
  if (!needle.length) return false;
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}

/** What one page gives away: marker lines anywhere, answers in code outside closed disclosures. */
export function findLeaks(html: string, answers: Answer[], checkAnswers = true): string[] {
  const found: string[] = [];
  const { document } = parseHTML(html);
  // In the text (a highlighter may split "//" and the words into separate spans) and the markup.
  const marker = (document.documentElement?.textContent ?? "").match(MARKER) ?? html.match(MARKER);
  if (marker) found.push(`kit marker "${marker[0]}"`);
  if (!checkAnswers) return found;
  for (const closed of [...document.querySelectorAll("details:not([open])")]) closed.remove();
  const blocks = [...document.querySelectorAll("pre")].map((pre) =>
    trimmedLines(pre.textContent ?? "")
  );
  for (const answer of answers) {
    if (blocks.some((block) => containsRun(block, answer.lines))) {
      found.push(`the answer to task ${answer.id} ("${answer.lines[0]}" …) in plain sight`);
    }
  }
  return found;
}

Deno.test("answers: the finder sees markers and open answers, and lets closed ones be", () => {
  const answers: Answer[] = [{ id: "9.9", lines: ["const x = 1;", "return x;"] }];
  const open =
    `<pre><code><span>//</span><span> SOLUTION begin</span>\n  const x = 1;\n  return x;</code></pre>`;
  assert.deepEqual(findLeaks(open, answers), [
    'kit marker "// SOLUTION begin"',
    'the answer to task 9.9 ("const x = 1;" …) in plain sight',
  ]);
  const folded = `<details><summary>Answer</summary><pre>const x = 1;\nreturn x;</pre></details>`;
  assert.deepEqual(findLeaks(folded, answers), []);
  const opened =
    `<details open><summary>Answer</summary><pre>const x = 1;\nreturn x;</pre></details>`;
  assert.equal(findLeaks(opened, answers).length, 1);
  assert.deepEqual(findLeaks(`<p>mark it // EXERCISE N.M begin</p>`, answers), []);
  assert.deepEqual(findLeaks(opened, answers, false), []);
});

Deno.test("answers: every kit task's reference body is found in lib", () => {
  const answers = kitAnswers();
  assert.ok(answers.length >= 31, `only ${answers.length} tasks`);
  for (const a of answers) assert.ok(a.lines.length > 0, `task ${a.id} has an empty SOLUTION part`);
});

Deno.test("answers: no built page shows a kit marker, or an answer outside a closed disclosure", () => {
  const built = (() => {
    try {
      return Deno.statSync(`${DIST}index.html`).isFile;
    } catch {
      return false;
    }
  })();
  assert.ok(built, `${DIST} is missing. Fix: build the site first (\`deno task build\`)`);
  // The instructor's SHOW_SOLUTIONS=1 build publishes answers on purpose (it has /solutions/).
  const showsSolutions = (() => {
    try {
      return Deno.statSync(`${DIST}solutions`).isDirectory;
    } catch {
      return false;
    }
  })();
  const answers = kitAnswers();
  const problems: string[] = [];
  for (const page of htmlFiles(DIST)) {
    for (
      const leak of findLeaks(Deno.readTextFileSync(`${DIST}${page}`), answers, !showsSolutions)
    ) {
      problems.push(`${page}: ${leak}`);
    }
  }
  assert.equal(
    problems.length,
    0,
    `${problems.length} give-away(s) in the built site. Fix: show lib code through <Listing> ` +
      `(it strips the markers and folds answers behind "Answer to exercise N.M"):\n` +
      problems.join("\n"),
  );
});
