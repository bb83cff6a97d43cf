/**
 * lib/ode/plain (the readable one-tensor solver the exercise kit is generated from) against the
 * production solver it mirrors: same states, same steps, same evaluation counts. If someone
 * changes one side, these fail.
 */
import assert from "node:assert/strict";
import { odeint, solve, TABLEAUX } from "../../lib/ode/mod.ts";
import { adaptiveSolve } from "../../lib/ode/plain/adaptive_solve.ts";
import { errorRatio as plainErrorRatio } from "../../lib/ode/plain/adaptive_step.ts";
import { hermiteInterpolate } from "../../lib/ode/plain/dense_output.ts";
import { eulerStep, fixedGridSolve } from "../../lib/ode/plain/fixed_grid.ts";
import { rungeKuttaStep } from "../../lib/ode/plain/runge_kutta.ts";
import { hermite } from "../../lib/ode/interpolate.ts";
import { errorRatio } from "../../lib/ode/state.ts";
import type { VectorField } from "../../lib/ode/solve.ts";
import { expectNoLeak, linspace, maxAbsDiff, tf, vanDerPol } from "../_setup.ts";

/** A non-autonomous field, so that stage times matter: dy/dt = cos(t)·y − 0.5·tanh(y). */
const timeDependent: VectorField = (t, y) =>
  tf.tidy(() => tf.sub(tf.mul(Math.cos(t), y), tf.mul(0.5, tf.tanh(y))));

function values(x: tf.Tensor): Float32Array {
  const v = x.dataSync() as Float32Array;
  x.dispose();
  return v;
}

Deno.test("plain: fixedGridSolve(eulerStep) equals odeint euler, forward and backward", async () => {
  await expectNoLeak(() => {
    const y0 = tf.tensor([[0.5, -1], [2, 0.25]]);
    for (const t of [linspace(0, 2, 21), linspace(1, -1, 9)]) {
      const plain = values(fixedGridSolve(timeDependent, y0, t, eulerStep));
      const production = values(odeint(timeDependent, y0, t, { method: "euler" }));
      assert.ok(maxAbsDiff(plain, production) < 1e-6, `t from ${t[0]} to ${t.at(-1)}`);
    }
    y0.dispose();
  });
});

Deno.test("plain: rungeKuttaStep equals odeint for every fixed-step tableau", async () => {
  await expectNoLeak(() => {
    const y0 = tf.tensor([[1, 0], [-2, 3]]);
    const t = linspace(0, 3, 16);
    for (const method of ["euler", "midpoint", "heun", "rk4", "rk4_38"] as const) {
      const step = (f: VectorField, time: number, y: tf.Tensor, h: number) =>
        rungeKuttaStep(f, TABLEAUX[method], time, y, h);
      const plain = values(fixedGridSolve(vanDerPol(1), y0, t, step));
      const production = values(odeint(vanDerPol(1), y0, t, { method }));
      assert.ok(maxAbsDiff(plain, production) < 2e-6, method);
      const plainT = values(fixedGridSolve(timeDependent, y0, t, step));
      const productionT = values(odeint(timeDependent, y0, t, { method }));
      assert.ok(maxAbsDiff(plainT, productionT) < 2e-6, `${method}, time-dependent field`);
    }
    y0.dispose();
  });
});

Deno.test("plain: hermiteInterpolate and errorRatio equal the production versions", () => {
  const [y0, f0, y1, f1] = [[1, -2], [0.5, 3], [1.2, -1.5], [-0.4, 2]].map((v) => tf.tensor(v));
  for (const x of [0, 0.3, 0.5, 1]) {
    const plain = values(hermiteInterpolate(x, 0.7, y0, f0, y1, f1));
    const [production] = hermite(x, 0.7, [y0], [f0], [y1], [f1]);
    assert.ok(maxAbsDiff(plain, values(production)) < 1e-7, `x = ${x}`);
  }
  const err = tf.tensor([1e-4, -3e-5]);
  const ratio = errorRatio([err], [y0], [y1], 1e-3, 1e-4);
  assert.ok(Math.abs(plainErrorRatio(err, y0, y1, 1e-3, 1e-4) - ratio.dataSync()[0]) < 1e-6);
  tf.dispose([y0, f0, y1, f1, err, ratio]);
});

Deno.test("plain: adaptiveSolve (dopri5) takes the production solver's steps on Van der Pol", async () => {
  await expectNoLeak(() => {
    const y0 = tf.tensor([1, 0]);
    const t = linspace(0, 15, 500);
    // [rtol, atol, bound]: the outputs differ by the interpolants' errors only (cubic Hermite
    // here, dopri5's quartic in production; measured 0.023 and 1.8e-4).
    for (const [rtol, atol, bound] of [[1e-3, 1e-4, 0.05], [1e-6, 1e-8, 5e-4]]) {
      const plain = adaptiveSolve(vanDerPol(1), y0, t, { rtol, atol });
      const production = solve(vanDerPol(1), y0, t, { rtol, atol });
      assert.deepEqual(plain.stats, production.stats, `rtol ${rtol}`);
      assert.ok(maxAbsDiff(values(plain.ys), values(production.ys)) < bound, `rtol ${rtol}`);
    }
    y0.dispose();
  });
});

Deno.test("plain: adaptiveSolve (bosh3, Hermite output) equals solve at off-step times", async () => {
  await expectNoLeak(() => {
    const y0 = tf.tensor([[1, 0], [-2, 3]]);
    const t = linspace(0, 6, 37);
    const plain = adaptiveSolve(vanDerPol(1), y0, t, {
      tableau: TABLEAUX.bosh3,
      rtol: 1e-5,
      atol: 1e-7,
    });
    const production = solve(vanDerPol(1), y0, t, { method: "bosh3", rtol: 1e-5, atol: 1e-7 });
    assert.deepEqual(plain.stats, production.stats);
    assert.ok(maxAbsDiff(values(plain.ys), values(production.ys)) < 1e-5);
    y0.dispose();
  });
});
