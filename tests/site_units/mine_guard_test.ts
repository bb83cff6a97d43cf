/**
 * The mine build's guard (site/src/mine/guard.ts) and lib rewrite (site/integrations/mine.mjs),
 * without a build or a browser: a learner's function that passes runs in place of the library's;
 * one that throws or returns the wrong shape is recorded with its exercise number and the
 * library's answers from then on, leaving no tensor behind; a task not passed never runs the
 * learner's code; and a rewritten lib module hands its callers — its own functions and the
 * learner's file that imports it back — the learner's function.
 */
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { mineFunction } from "../../site/src/mine/guard.ts";
import {
  allFallbacks,
  fallbackOf,
  MINE_TASKS,
  type MineTask,
} from "../../site/src/mine/registry.ts";
import { mineDefine, mineRequest, rewriteLibModule } from "../../site/integrations/mine.mjs";

tf.enableProdMode();
await tf.setBackend("cpu");

const task = (id: string, name: string, status: MineTask["status"] = "live"): MineTask => ({
  id,
  exercise: Number(id.split(".")[0]),
  name,
  source: "lib/x.ts",
  status,
});
MINE_TASKS.push(
  task("1.1", "eulerStep"),
  task("1.2", "fixedGridSolve"),
  task("4.1", "hermiteInterpolate"),
  task("3.3", "nextStepSize"),
  task("7.2", "klStandardNormal", "failing"),
);

type Step = (f: unknown, t: number, y: tf.Tensor, h: number) => tf.Tensor;
const libraryStep: Step = (_f, _t, y, h) => tf.tidy(() => tf.add(y, h));

Deno.test("mine guard: a passing learner function runs in place of the library's", () => {
  const next = mineFunction("3.3", "nextStepSize", (h: number) => h * 3, (h: number) => h * 2);
  assert.equal(next(1), 3, "the learner's nextStepSize answers");
  assert.equal(next(2), 6);
  assert.equal(fallbackOf("3.3"), undefined);
  const grid = mineFunction(
    "1.2",
    "fixedGridSolve",
    (_f: unknown, y0: tf.Tensor, t: number[]) => tf.tidy(() => tf.stack(t.map(() => y0))),
    () => tf.scalar(0),
  );
  const y0 = tf.tensor1d([1, 2]);
  const ys = grid(undefined, y0, [0, 1, 2]);
  assert.deepEqual(ys.shape, [3, 2], "its contract, [t.length, ...y0.shape], holds");
  assert.equal(fallbackOf("1.2"), undefined);
  tf.dispose([ys, y0]);
});

Deno.test("mine guard: a learner function that throws falls back, named with its exercise", () => {
  let calls = 0;
  const learner: Step = () => {
    calls++;
    throw new Error("planted");
  };
  const step = mineFunction("1.1", "eulerStep", learner, libraryStep);
  const y = tf.tensor1d([1, 2]);
  const before = tf.memory().numTensors;
  const a = step(undefined, 0, y, 1);
  assert.deepEqual([...a.dataSync()], [2, 3], "the library's result");
  const b = step(undefined, 0, y, 1);
  assert.equal(calls, 1, "the learner's function is not tried again");
  assert.match(fallbackOf("1.1")!.message, /threw Error: planted/);
  assert.equal(fallbackOf("1.1")!.name, "eulerStep");
  tf.dispose([a, b]);
  assert.equal(tf.memory().numTensors, before);
  y.dispose();
});

Deno.test("mine guard: a wrong shape on the first call falls back, leaking nothing", () => {
  type Hermite = (x: number, h: number, y0: tf.Tensor) => tf.Tensor;
  const library: Hermite = (x, _h, y0) => tf.tidy(() => tf.mul(y0, x));
  const learner: Hermite = (x, _h, y0) => tf.tidy(() => tf.concat([y0, tf.mul(y0, x)]));
  const interpolate = mineFunction("4.1", "hermiteInterpolate", learner, library);
  const y0 = tf.tensor1d([1, 2]);
  const before = tf.memory().numTensors;
  const out = interpolate(0.5, 1, y0);
  assert.deepEqual(out.shape, [2], "the library's result comes back");
  assert.equal(
    fallbackOf("4.1")!.message,
    "returned tensor[4] float32 where the library returns tensor[2] float32",
  );
  out.dispose();
  assert.equal(tf.memory().numTensors, before, "the learner's and the comparison's tensors freed");
  y0.dispose();
  assert.deepEqual(allFallbacks().map((f) => f.id).sort(), ["1.1", "4.1"]);
});

Deno.test("mine guard: a task that did not pass never runs the learner's code", () => {
  let calls = 0;
  const kl = mineFunction("7.2", "klStandardNormal", () => {
    calls++;
    return 0;
  }, () => 1);
  assert.equal(kl(), 1);
  assert.equal(calls, 0);
});

Deno.test("mine rewrite: the lib module's callers, and the learner's file, get the learner's function", async () => {
  const dir = await Deno.makeTempDir({ prefix: "mine-rewrite-" });
  try {
    const lib = [
      "export function double(x: number): number {",
      "  return 2 * x;",
      "}",
      "export function quadruple(x: number): number {",
      "  return double(double(x));",
      "}",
    ].join("\n");
    await Deno.writeTextFile(
      `${dir}/guard.ts`,
      "export function mineFunction(id, name, learner, library) {\n" +
        "  return (...a) => `${id} ${name}: ` + learner(...a) + ' (library ' + library(...a) + ')';\n" +
        "}\n",
    );
    // The learner's file imports lib back, as the kit's stubs do (a cycle of functions).
    await Deno.writeTextFile(
      `${dir}/learner.ts`,
      'import { quadruple } from "./lib.ts";\nexport function double(x) { return x + x + 0.5; }\n' +
        "export const viaLib = (x) => quadruple(x);\n",
    );
    const rewritten = rewriteLibModule(lib, [
      { id: "9.9", name: "double", source: "lib/x.ts", file: `${dir}/learner.ts` },
    ], `${dir}/guard.ts`);
    assert.match(rewritten, /^function __library_double\(x: number\)/m);
    await Deno.writeTextFile(`${dir}/lib.ts`, rewritten);
    const mod = await import(`file://${dir}/lib.ts`);
    assert.equal(mod.double(1), "9.9 double: 2.5 (library 2)");
    assert.match(mod.quadruple(1), /^9\.9 double: /, "the module's own calls go through it too");
    const learner = await import(`file://${dir}/learner.ts`);
    assert.match(learner.viaLib(1), /^9\.9 double: /);
    assert.throws(
      () =>
        rewriteLibModule(lib, [{ id: "1.1", name: "absent", source: "lib/x.ts", file: "" }], ""),
      /lib\/x\.ts has no "export function absent\("/,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("mine build switch: MINE or --mine[=DIR] asks for it; a normal build defines MINE false", () => {
  assert.equal(mineRequest({}, ["deno", "astro.mjs", "build"]), undefined);
  assert.equal(mineRequest({ MINE: "0" }, []), undefined);
  assert.equal(mineRequest({ MINE: "1" }, []), "1");
  assert.equal(mineRequest({ MINE: "/tmp/kit" }, []), "/tmp/kit");
  assert.equal(mineRequest({}, ["deno", "astro.mjs", "build", "--mine"]), "1");
  assert.equal(mineRequest({}, ["build", "--mine=my-kit"]), "my-kit");
  assert.deepEqual(mineDefine(undefined), { "import.meta.env.MINE": "false" });
  const define = mineDefine({
    dir: "/x/",
    tasks: [{ ...task("1.1", "eulerStep"), file: "/x/a.ts" }],
  });
  assert.equal(define["import.meta.env.MINE"], "true");
  const tasks = define["import.meta.env.MINE_TASKS"] ?? "";
  assert.match(tasks, /eulerStep/);
  assert.ok(!tasks.includes("/x/a.ts"), "no paths in the pages");
});
