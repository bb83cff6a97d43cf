/**
 * What every exercise's tests must check, read from the test files: a rule kept by a test
 * instead of by memory when a task or a test is added.
 */
import assert from "node:assert/strict";
import { EXERCISES } from "../../exercises/_kit/catalog.ts";
import { REPO_ROOT } from "../../scripts/kit/runner.ts";

/** Tasks whose function makes no tensor, so has none to leak (and why). */
const NO_TENSORS: Record<string, string> = {
  "3.3": "nextStepSize computes with numbers only",
};

/** Each task's test bodies (the source from its `Deno.test("task N.M` to the next test). */
function testBodies(): Map<string, string> {
  const bodies = new Map<string, string>();
  for (const exercise of EXERCISES) {
    const dir = new URL(`exercises/${exercise.folder}/`, REPO_ROOT);
    for (const entry of Deno.readDirSync(dir)) {
      if (!entry.name.endsWith("_test.ts")) continue;
      const source = Deno.readTextFileSync(new URL(entry.name, dir));
      for (const part of source.split(/(?=Deno\.test\()/).slice(1)) {
        const id = part.match(/^Deno\.test\(\s*"task (\d+\.\d+)/)?.[1];
        if (id) bodies.set(id, (bodies.get(id) ?? "") + part);
      }
    }
  }
  return bodies;
}

Deno.test("kit: every task whose function makes tensors checks for leaks (expectNoLeak)", () => {
  const bodies = testBodies();
  const missing = EXERCISES.flatMap((e) => e.tasks.map((t) => t.id))
    .filter((id) => !(id in NO_TENSORS) && !bodies.get(id)?.includes("expectNoLeak("));
  assert.deepEqual(missing, [], "tasks without a leak check: wrap one call in expectNoLeak");
});
