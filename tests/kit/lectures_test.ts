/**
 * The kit's lecture links point at real places: for every lecture that exists in
 * site/src/content/lectures/, the kit's page path is /lectures/<its file name>/ (the generated
 * exercises/_kit/lectures.ts; kit:generate --check keeps it current) and each task's section is
 * the id of one of its headings (ids as the site makes them: lower case,
 * punctuation dropped, spaces to hyphens). Lectures not written yet are listed, not failed.
 */
import assert from "node:assert/strict";
import { EXERCISES, LECTURE_PAGES } from "../../exercises/_kit/catalog.ts";
import { REPO_ROOT } from "../../scripts/kit/runner.ts";

const lecturesDir = new URL("site/src/content/lectures/", REPO_ROOT);

/** github-slugger's rule, which Astro uses for heading ids. */
export function headingId(text: string): string {
  return text.trim().toLowerCase().replace(/[^\p{L}\p{N}\p{M}\s_-]/gu, "").replace(/ /g, "-");
}

Deno.test("kit: lecture pages and section anchors exist for every written lecture", () => {
  const files = [...Deno.readDirSync(lecturesDir)].map((e) => e.name).filter((n) =>
    n.endsWith(".mdx")
  );
  const problems: string[] = [];
  const pending = new Set<number>();
  for (const exercise of EXERCISES) {
    const n = exercise.lectureNumber;
    const file = files.find((f) => f.startsWith(`${String(n).padStart(2, "0")}-`));
    if (!file) {
      pending.add(n);
      continue;
    }
    const page = `/lectures/${file.replace(/\.mdx$/, "")}/`;
    if (LECTURE_PAGES[n] !== page) {
      problems.push(`lecture ${n}: catalogue says ${LECTURE_PAGES[n]}, site has ${page}`);
    }
    const source = Deno.readTextFileSync(new URL(file, lecturesDir));
    const ids = new Set(
      [...source.matchAll(/^#{2,6}\s+(.+)$/gm)].map((m) => headingId(m[1])),
    );
    for (const task of exercise.tasks) {
      const anchor = task.section;
      if (!ids.has(anchor)) problems.push(`task ${task.id}: no heading #${anchor} in ${file}`);
    }
  }
  if (pending.size) console.log(`lectures not written yet: ${[...pending].join(", ")}`);
  assert.deepEqual(problems, []);
});

Deno.test("kit: headingId follows the site's ids", () => {
  assert.equal(
    headingId("Runge–Kutta methods and Butcher tableaux"),
    "rungekutta-methods-and-butcher-tableaux",
  );
  assert.equal(
    headingId("Adaptive steps: Dormand–Prince (dopri5)"),
    "adaptive-steps-dormandprince-dopri5",
  );
  assert.equal(headingId("Euler's method"), "eulers-method");
  assert.equal(headingId("Tolerance ↔ cost"), "tolerance--cost");
});
