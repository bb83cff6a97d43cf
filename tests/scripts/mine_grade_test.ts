/**
 * scripts/kit/mine.ts: grading a learner's folder for `--mine`. A folder anywhere, laid out like
 * exercises/, grades as if it were exercises/ (its ../lib/ and _kit/ are the repository's): a
 * reference is live, a wrong function is failing with its first failing check, a stub or a
 * missing file is todo; every task names its lib function.
 */
import assert from "node:assert/strict";
import { gradeMine, taskFunction } from "../../scripts/kit/mine.ts";
import { EXERCISES } from "../../exercises/_kit/catalog.ts";

const REPO = new URL("../../", import.meta.url).pathname;

Deno.test("mine grading: live, failing and todo tasks from a folder outside the repository", async () => {
  const root = await Deno.makeTempDir({ prefix: "mine-grade-" });
  const dir = `${root}/mine/`;
  try {
    await Deno.mkdir(`${dir}01_euler`, { recursive: true });
    await Deno.copyFile(`${REPO}solutions/01_euler/euler_step.ts`, `${dir}01_euler/euler_step.ts`);
    const stub = await Deno.readTextFile(`${REPO}exercises/01_euler/fixed_grid_solve.ts`);
    await Deno.writeTextFile(`${dir}01_euler/fixed_grid_solve.ts`, stub);
    // A wrong runge_kutta_step (always an Euler step), rk_stages missing.
    await Deno.mkdir(`${dir}02_runge_kutta`);
    const rk = await Deno.readTextFile(`${REPO}solutions/02_runge_kutta/runge_kutta_step.ts`);
    const body = rk.slice(rk.indexOf("): tf.Tensor {") + 14, rk.lastIndexOf("}"));
    await Deno.writeTextFile(
      `${dir}02_runge_kutta/runge_kutta_step.ts`,
      rk.replace(body, "\n  return tf.tidy(() => tf.add(y, tf.mul(h, f(t, y))));\n"),
    );
    const manifest = await gradeMine(new URL(`file://${dir}`));
    const status = (id: string) => manifest.tasks.find((t) => t.id === id)!;
    assert.equal(status("1.1").status, "live");
    assert.equal(status("1.1").file, `${dir}01_euler/euler_step.ts`);
    assert.equal(status("1.2").status, "todo");
    assert.equal(status("2.1").status, "todo");
    assert.equal(status("2.1").file, undefined);
    assert.equal(status("2.2").status, "failing");
    assert.match(status("2.2").message ?? "", /rungeKuttaStep\(f, rk4/, "its first failing check");
    assert.equal(status("3.4").status, "todo");
    assert.equal(manifest.tasks.filter((t) => t.status === "live").length, 1);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("mine grading: an endless loop fails its exercise instead of hanging", async () => {
  const root = await Deno.makeTempDir({ prefix: "mine-grade-" });
  const dir = `${root}/mine/`;
  try {
    await Deno.mkdir(`${dir}01_euler`, { recursive: true });
    await Deno.copyFile(`${REPO}solutions/01_euler/euler_step.ts`, `${dir}01_euler/euler_step.ts`);
    const solve = await Deno.readTextFile(`${REPO}solutions/01_euler/fixed_grid_solve.ts`);
    await Deno.writeTextFile(
      `${dir}01_euler/fixed_grid_solve.ts`,
      solve.replace(
        "  return tf.tidy(",
        "  while (t.length > 0) { /* never ends */ }\n  return tf.tidy(",
      ),
    );
    const started = performance.now();
    const manifest = await gradeMine(new URL(`file://${dir}`), { timeoutMs: 4_000 });
    assert.ok(performance.now() - started < 30_000, "the grading ended");
    for (const id of ["1.1", "1.2"]) {
      const task = manifest.tasks.find((t) => t.id === id)!;
      assert.equal(task.status, "failing", id);
      assert.match(task.message ?? "", /did not finish within 4 s/);
    }
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("mine grading: every task names the function its lib region exports", () => {
  const names = EXERCISES.flatMap((e) => e.tasks.map((t) => [t.id, taskFunction(t)]));
  assert.equal(names.length, EXERCISES.reduce((n, e) => n + e.tasks.length, 0));
  assert.deepEqual(names.find(([id]) => id === "3.4"), ["3.4", "adaptiveStep"]);
  for (const [id, name] of names) {
    const title = EXERCISES.flatMap((e) => e.tasks).find((t) => t.id === id)!.title;
    assert.ok(title.startsWith(`${name}:`), `task ${id}: "${title}" vs ${name}`);
  }
});
