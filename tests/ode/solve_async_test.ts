/**
 * solveAsync: the same algorithm as solve with awaited reads (lib/ode/reads.ts). It must take the
 * same steps (NFE, accepted, rejected), give the same numbers, reject bad input with the same
 * typed errors, and free every tensor it makes, on success and on failure.
 */
import assert from "node:assert/strict";
import { expectNoLeak, tf, vanDerPol } from "../_setup.ts";
import {
  type MethodName,
  NonFiniteStateError,
  OdeArgumentError,
  solve,
  solveAsync,
  type SolveOptions,
  StepBudgetError,
} from "../../lib/mod.ts";
import { type Reads, runAsync, runSync } from "../../lib/ode/reads.ts";

const CASES: [string, number[], SolveOptions][] = [
  ["dopri5 forward", [0, 2.5, 10], { method: "dopri5", rtol: 1e-5, atol: 1e-5 }],
  ["bosh3 backward", [3, 1.2, 0], { method: "bosh3", rtol: 1e-4, atol: 1e-4 }],
  ["rk4 on a step grid, off-grid outputs", [0, 0.35, 1.9], { method: "rk4", stepSize: 0.1 }],
  ["euler on the output grid", [0, 0.5, 1, 1.5], { method: "euler" as MethodName }],
];

for (const [name, t, options] of CASES) {
  Deno.test(`solveAsync: ${name} takes solve's steps and gives its numbers`, async () => {
    // Inside the limit cycle, so the backward problem stays bounded too.
    const y0 = tf.tensor2d([[1.2, 0], [-0.5, 0.8]]);
    const sync = solve(vanDerPol(1), y0, t, options);
    const got = await expectNoLeak(async () => {
      const result = await solveAsync(vanDerPol(1), y0, t, options);
      const values = await result.ys.data();
      result.ys.dispose();
      return { values, stats: result.stats };
    }, `solveAsync ${name}`);
    assert.deepEqual(got.stats, sync.stats);
    assert.deepEqual(Array.from(got.values), Array.from(sync.ys.dataSync()));
    tf.dispose([y0, sync.ys]);
  });
}

Deno.test("solveAsync: bad input rejects with solve's typed errors and leaks nothing", async () => {
  const y0 = tf.tensor1d([1, 0]);
  const one = tf.tensor1d([1]);
  await expectNoLeak(async () => {
    await assert.rejects(solveAsync(vanDerPol(1), y0, [0, 2, 1]), OdeArgumentError);
    await assert.rejects(
      solveAsync(vanDerPol(1), y0, [0, 10], { method: "dopri5", maxSteps: 5 }),
      StepBudgetError,
    );
    // A field that blows up in finite time: dy/dt = y², y(0) = 1 has y = 1/(1 − t).
    const blowUp = (_t: number, y: tf.Tensor) => tf.square(y);
    await assert.rejects(
      solveAsync(blowUp, one, [0, 2], { method: "rk4", stepSize: 0.25 }),
      NonFiniteStateError,
    );
  }, "failed async solves");
  tf.dispose([y0, one]);
});

Deno.test("runSync and runAsync: a failed read reaches the algorithm, which frees its tensors", async () => {
  function* reads(): Reads<number> {
    const held = tf.ones([3]);
    try {
      const [a] = yield tf.scalar(2);
      const [b] = yield tf.scalar(3);
      return a * b;
    } finally {
      held.dispose();
    }
  }
  await expectNoLeak(async () => {
    assert.equal(runSync(reads()), 6);
    assert.equal(await runAsync(reads()), 6);
  }, "reads");
  // A disposed tensor cannot be read: the error surfaces and `held` is still freed.
  function* broken(): Reads<number> {
    const held = tf.ones([3]);
    try {
      const gone = tf.scalar(1);
      gone.dispose();
      const [x] = yield gone;
      return x;
    } finally {
      held.dispose();
    }
  }
  await expectNoLeak(async () => {
    assert.throws(() => runSync(broken()));
    await assert.rejects(runAsync(broken()));
  }, "failed reads");
});
