/**
 * The exercise kit's two invariants, on the committed files:
 *   - every stub fails every one of its tests, because of its own TodoError (no test passes by
 *     accident, and none fails for an unrelated reason);
 *   - every reference solution passes every test (the same test files, with an import map that
 *     points each stub at its solution).
 * Both runs type-check, as a learner's plain `deno test` does.
 */
import assert from "node:assert/strict";
import { EXERCISES } from "../../exercises/_kit/catalog.ts";
import { runTests, taskOfTest, type TestResult } from "../../scripts/kit/runner.ts";

const folders = EXERCISES.map((e) => e.folder);

function byTask(tests: TestResult[]): Map<string, TestResult[]> {
  const map = new Map<string, TestResult[]>();
  for (const t of tests) {
    const id = taskOfTest(t.name) ?? "(no task)";
    map.set(id, [...(map.get(id) ?? []), t]);
  }
  return map;
}

function assertEveryTaskTested(tests: TestResult[], output: string): void {
  const tasks = byTask(tests);
  assert.ok(tests.length > 0, `no test results; deno test said:\n${output.slice(0, 3000)}`);
  assert.deepEqual(
    tasks.get("(no task)")?.map((t) => t.name) ?? [],
    [],
    "tests not named `task N.M …`",
  );
  const missing = EXERCISES.flatMap((e) => e.tasks.map((t) => t.id)).filter((id) => !tasks.has(id));
  assert.deepEqual(missing, [], "catalogue tasks without a test");
}

Deno.test("kit: every stub fails each of its tests with its own TodoError", async () => {
  const run = await runTests(folders, { mode: "exercises", check: true, timeoutMs: 120_000 });
  assertEveryTaskTested(run.tests, run.stderr + run.stdout);
  const wrong = run.tests.filter((t) => {
    const id = taskOfTest(t.name);
    return t.passed || !t.message?.includes(`TodoError: task ${id} is not written yet`);
  }).map((t) => `${t.name}: ${t.passed ? "PASSED against the stub" : t.message?.split("\n")[0]}`);
  assert.deepEqual(wrong, []);
});

Deno.test("kit: every reference solution passes every test", async () => {
  const run = await runTests(folders, { mode: "solutions", check: true, timeoutMs: 120_000 });
  assertEveryTaskTested(run.tests, run.stderr + run.stdout);
  const failed = run.tests.filter((t) => !t.passed).map((t) => `${t.name}: ${t.message}`);
  assert.deepEqual(failed, []);
});
