/**
 * Hints are a choice, and the grader shows how many were used: `deno task hint N.M K` shows hints
 * 1 … K and records them in exercises/.hints-used.json (its one write permission), the grader's
 * table and per-task view show "hints K/3", the grader itself still writes nothing, and a broken
 * record is one clear line, not a crash.
 */
import assert from "node:assert/strict";
import { EXERCISES, findTask } from "../../exercises/_kit/catalog.ts";
import { details, gradeFromRun, nextStep, table } from "../../scripts/kit/grade.ts";
import { hintsToShow, showHints } from "../../scripts/kit/hint.ts";
import {
  HINTS_FILE,
  HintsFileError,
  parseHintsUsed,
  recordHints,
  serializeHintsUsed,
} from "../../scripts/kit/hints_used.ts";
import { REPO_ROOT } from "../../scripts/kit/runner.ts";

const RECORD = new URL(HINTS_FILE, REPO_ROOT);
const hintsOf = (id: string) => findTask(id)!.task.hints;

/** Runs a deno task in the repository; stdout and stderr without colours. */
async function task(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const result = await new Deno.Command("deno", {
    args: ["task", "-q", ...args],
    cwd: REPO_ROOT,
    env: { NO_COLOR: "1" },
  }).output();
  const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
  return { code: result.code, out: text(result.stdout), err: text(result.stderr) };
}

/** Runs fn with the record file set to `content` (absent for undefined), then puts back the old. */
async function withRecord(content: string | undefined, fn: () => Promise<void>): Promise<void> {
  let saved: string | undefined;
  try {
    saved = await Deno.readTextFile(RECORD);
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
  try {
    if (content === undefined) await Deno.remove(RECORD).catch(() => {});
    else await Deno.writeTextFile(RECORD, content);
    await fn();
  } finally {
    if (saved === undefined) await Deno.remove(RECORD).catch(() => {});
    else await Deno.writeTextFile(RECORD, saved);
  }
}

Deno.test("hints: the record parses, only grows, and says in one line what is wrong", () => {
  assert.deepEqual(parseHintsUsed('{ "3.2": 2, "0.1": 0, "99.1": 5 }'), { "3.2": 2 });
  assert.deepEqual(recordHints({ "3.2": 2 }, "3.2", 1), { "3.2": 2 });
  assert.deepEqual(recordHints({ "3.2": 2 }, "1.1", 3), { "3.2": 2, "1.1": 3 });
  assert.deepEqual(parseHintsUsed(serializeHintsUsed({ "3.2": 2, "1.1": 1 })), {
    "1.1": 1,
    "3.2": 2,
  });
  for (const bad of ["{oops", "[1, 2]", '{ "3.2": 9 }', '{ "3.2": "two" }', '{ "3.2": 1.5 }']) {
    assert.throws(() => parseHintsUsed(bad), (error: Error) => {
      assert.ok(error instanceof HintsFileError, bad);
      assert.equal(error.message.split("\n").length, 1, error.message);
      assert.match(error.message, /^exercises\/\.hints-used\.json .*delete it/);
      return true;
    });
  }
});

Deno.test("hints: hint K + 1 is shown only when asked for", () => {
  // Without K: the hints already used, at least the first; K is bounded by the task's hints.
  assert.equal(hintsToShow({}, "3.2", undefined), 1);
  assert.equal(hintsToShow({ "3.2": 2 }, "3.2", undefined), 2);
  assert.equal(hintsToShow({}, "3.2", "3"), 3);
  for (const k of ["0", "4", "two"]) {
    assert.equal(typeof hintsToShow({}, "3.2", k), "object", `K = ${k} accepted`);
  }
  const two = showHints("3.2", 2);
  const [h1, h2, h3] = hintsOf("3.2");
  assert.ok(two.includes(h1.slice(0, 40)) && two.includes(h2.slice(0, 40)));
  assert.ok(!two.includes(h3.slice(0, 40)), "hint 3 shown before it was asked for");
  assert.match(two, /deno task hint 3\.2 3/);
});

Deno.test("hints: the grader's table, per-task view and next step show hints used", () => {
  const exercise = EXERCISES.find((e) => e.n === 3)!;
  // No run in solutions mode: every task is failing (✘) whatever the learner's files hold.
  const grades = [gradeFromRun(undefined, exercise, "solutions")];
  const used = { "3.2": 2 };
  assert.match(table(grades, used), /3\.1 ✘ {2}3\.2 ✘ \(hints 2\/3\) {2}3\.3 ✘/);
  assert.doesNotMatch(table(grades, {}), /hints/);
  assert.match(details(grades, "3.2", used), /3\.2 ✘ errorRatio.* · hints 2\/3/);
  // The next step names the hint command but shows no hint text.
  const next = nextStep(grades, "solutions", {});
  assert.match(next, /hints {4}0\/3 used; `deno task hint 3\.1 1`/);
  for (const hint of hintsOf("3.1")) assert.ok(!next.includes(hint.slice(0, 40)), hint);
});

Deno.test("hints: only the hint task may write, and only the record", async () => {
  const tasks: Record<string, string> = JSON.parse(
    await Deno.readTextFile(new URL("deno.json", REPO_ROOT)),
  ).tasks;
  assert.doesNotMatch(tasks.grade, /--allow-write|--allow-all|\s-A\b/, "the grader must not write");
  const writes = tasks.hint.match(/--allow-write=\S+/g);
  assert.deepEqual(writes, [`--allow-write=${HINTS_FILE}`]);
  assert.doesNotMatch(tasks.hint, /--allow-(all|run|net|env)|\s-A\b/);
});

Deno.test("hints: `deno task hint` records what it showed and `deno task grade` shows it", async () => {
  await withRecord(undefined, async () => {
    const shown = await task("hint", "0.1", "2");
    assert.equal(shown.code, 0, shown.err);
    const [h1, h2, h3] = hintsOf("0.1");
    assert.ok(shown.out.includes(h1.slice(0, 40)) && shown.out.includes(h2.slice(0, 40)));
    assert.ok(!shown.out.includes(h3.slice(0, 40)));
    assert.deepEqual(JSON.parse(await Deno.readTextFile(RECORD)), { "0.1": 2 });
    // Asking again without K neither reveals more nor counts more.
    const again = await task("hint", "0.1");
    assert.ok(!again.out.includes(h3.slice(0, 40)));
    assert.deepEqual(JSON.parse(await Deno.readTextFile(RECORD)), { "0.1": 2 });
    const graded = await task("grade", "0", "--no-check");
    assert.match(graded.out, /0\.1 \S (\(hints 2\/3\)|.*· hints 2\/3)/);
    assert.match(graded.out, /· hints 2\/3/);
    // The old command still answers, with the command that counts.
    assert.match((await task("grade", "hint", "0.1", "2")).out, /deno task hint 0\.1 2/);
  });
});

Deno.test("hints: a malformed record is one line from either task, not a crash", async () => {
  await withRecord("{oops", async () => {
    const hint = await task("hint", "0.1");
    assert.equal(hint.code, 1);
    assert.equal(hint.err.trim().split("\n").length, 1, hint.err);
    assert.match(hint.err, /^exercises\/\.hints-used\.json is not valid JSON .*delete it/);
    assert.equal(await Deno.readTextFile(RECORD), "{oops", "the record was overwritten");
    const graded = await task("grade", "0", "--no-check");
    assert.match(graded.out, /note: exercises\/\.hints-used\.json is not valid JSON/);
    assert.match(graded.out, /00 Warm-up/);
    assert.doesNotMatch(graded.err, /error|Uncaught/i);
  });
});
