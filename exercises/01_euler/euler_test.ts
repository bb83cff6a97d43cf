/**
 * Exercise 1: the Euler step and the fixed-grid loop. Checked against hand-computed steps, the
 * exact discrete solution y0·(1 − h)^n of dy/dt = −y, first-order convergence to exp(−t), and
 * the library's own versions on seeded random inputs.
 */
import { eulerStep } from "./euler_step.ts";
import { fixedGridSolve } from "./fixed_grid_solve.ts";
import * as reference from "../../lib/ode/plain/fixed_grid.ts";
import { rungeKuttaStep } from "../../lib/ode/plain/runge_kutta.ts";
import { RK4 } from "../../lib/ode/tableaux.ts";
import {
  countingField,
  expectClose,
  expectEvery,
  expectNoLeak,
  expectTrue,
  observedOrder,
  seededTensor,
  take,
  tf,
} from "../_kit/testing.ts";

const decay = (_t: number, y: tf.Tensor) => tf.neg(y);

Deno.test("task 1.1 eulerStep takes one step of dy/dt = −y: y·(1 − h)", () => {
  const y = tf.tensor([1, -2, 0.5]);
  const got = eulerStep(decay, 0, y, 0.1);
  expectClose(got, [0.9, -1.8, 0.45], {
    call: "eulerStep(f, t = 0, y, h = 0.1) with f(t, y) = −y",
    input: { y },
    likelyCause: "the update must be y + h·f(t, y) (check the sign and the factor h)",
  });
  tf.dispose([y, got]);
});

Deno.test("task 1.1 eulerStep evaluates f at the start of the step (t, y)", () => {
  const { f, calls } = countingField((t, y) => tf.fill(y.shape, t));
  const y = tf.tensor([[1, 2]]);
  const got = eulerStep(f, 2, y, 0.5);
  const ctx = {
    call: "eulerStep(f, t = 2, y, h = 0.5) with f(t, y) = t (a time-dependent field)",
    input: { y },
    likelyCause: "f must be called once, at the step's start time t (not t + h)",
  };
  expectTrue(calls.length === 1, ctx, `f was called ${calls.length} times, expected once`);
  expectClose(got, [[2, 3]], ctx);
  tf.dispose([y, got]);
});

Deno.test("task 1.1 eulerStep matches the library on seeded random states, fields and steps", () => {
  const A = seededTensor([3, 3], 11);
  const field = (t: number, y: tf.Tensor) => tf.tidy(() => tf.add(tf.matMul(y, A), t));
  expectEvery([[1, 0, 0.1], [2, 1.5, -0.3], [3, -2, 0.02]], ([seed, t, h]) => {
    const y = seededTensor([4, 3], seed);
    const ctx = {
      call: `eulerStep(f, t = ${t}, y, h = ${h}) with f(t, y) = y·A + t (A random 3×3)`,
      input: { y },
      likelyCause: "the update must be y + h·f(t, y)",
    };
    const got = expectNoLeak(() => eulerStep(field, t, y, h), () => 1, ctx);
    const want = reference.eulerStep(field, t, y, h);
    expectClose(got, want, ctx);
    expectTrue(!y.isDisposed, ctx, "y was disposed: eulerStep must leave its input alone");
    tf.dispose([y, got, want]);
  });
  A.dispose();
});

Deno.test("task 1.2 fixedGridSolve returns y0 and then one state per grid time", () => {
  const y0 = tf.tensor([[1, 2], [3, 4]]);
  const t = [0, 0.1, 0.3, 0.6];
  const ys = fixedGridSolve(decay, y0, t);
  const ctx = {
    call: "fixedGridSolve(f, y0, t = [0, 0.1, 0.3, 0.6]) with f(t, y) = −y",
    input: { y0 },
    likelyCause: "stack y0 and the state after each step: [T, ...y0.shape]",
  };
  expectTrue(
    ys instanceof tf.Tensor && ys.shape.join() === "4,2,2",
    ctx,
    `expected a tensor of shape [4, 2, 2], got ${
      ys instanceof tf.Tensor ? `[${ys.shape.join(", ")}]` : ys
    }`,
  );
  const rows = tf.unstack(ys);
  expectClose(rows[0], y0, { ...ctx, call: `${ctx.call}: the first row` });
  // Exact Euler on this grid: y0·(1 − 0.1)(1 − 0.2)(1 − 0.3) at the end. Two mistakes give other
  // numbers: every step taken from y0 (last row y0·(1 − 0.3)), or one step size for all (0.9³).
  const last = Array.from(rows[3].dataSync());
  const near = (factor: number) => last.every((v, i) => Math.abs(v - factor * (i + 1)) < 1e-4);
  expectClose(rows[3], [[0.504, 1.008], [1.512, 2.016]], {
    ...ctx,
    call: `${ctx.call}: the last row`,
    likelyCause: near(0.7)
      ? "every step starts from y0: step i must start from the state step i − 1 returned"
      : near(0.9 ** 3)
      ? "each step must use its own h = t[i] − t[i−1] (the grid is not uniform)"
      : "step i goes from the previous state y_{i−1} with h = t[i] − t[i−1] (the grid is " +
        "not uniform)",
  });
  tf.dispose([y0, ys, ...rows]);
});

Deno.test("task 1.2 fixedGridSolve with Euler converges at order 1 to exp(−t)", () => {
  const y0 = tf.tensor([1]);
  const hs = [0.1, 0.05, 0.025];
  const errors = hs.map((h) => {
    const t = Array.from({ length: Math.round(1 / h) + 1 }, (_, i) => i * h);
    const ys = take(fixedGridSolve(decay, y0, t));
    return Math.abs(ys[ys.length - 1] - Math.exp(-1));
  });
  const order = observedOrder(hs, errors);
  expectTrue(
    order > 0.85 && order < 1.15,
    {
      call: "fixedGridSolve(f, [1], grid on [0, 1]) with f(t, y) = −y, h = 0.1, 0.05, 0.025",
      likelyCause: "a step missing, or the wrong state carried from one step to the next",
    },
    `errors at t = 1 against exp(−1): ${errors.map((e) => e.toExponential(2)).join(", ")}`,
    `observed order ${order.toFixed(2)}, expected 1 (halving h should halve the error)`,
  );
  y0.dispose();
});

Deno.test("task 1.2 fixedGridSolve calls step with each grid interval, backward too", () => {
  const y0 = tf.tensor([1, -1]);
  expectEvery([[0, 0.5, 0.75, 2], [1, 0.6, -0.4]], (t) => {
    const seen: [number, number][] = [];
    const step = (f: typeof decay, time: number, y: tf.Tensor, h: number) => {
      seen.push([time, h]);
      return rungeKuttaStep(f, RK4, time, y, h);
    };
    const ys = fixedGridSolve(decay, y0, t, step);
    const ctx = {
      call: `fixedGridSolve(f, y0, t = [${t}], rk4 step) with f(t, y) = −y`,
      likelyCause: "step(f, t[i − 1], y_{i−1}, t[i] − t[i − 1]) for i = 1 … T − 1, in order, " +
        "where y_{i−1} is what the previous step returned (y0 for the first)",
    };
    const want = t.slice(1).map((ti, i) => [t[i], ti - t[i]]);
    expectTrue(
      seen.length === want.length &&
        seen.every(([a, h], i) =>
          Math.abs(a - want[i][0]) < 1e-12 && Math.abs(h - want[i][1]) < 1e-12
        ),
      ctx,
      `expected step calls (t, h) = ${JSON.stringify(want)}`,
      `got                        ${JSON.stringify(seen)}`,
    );
    const expected = reference.fixedGridSolve(decay, y0, t, step);
    expectClose(ys, expected, ctx);
    tf.dispose([ys, expected]);
  });
  y0.dispose();
});

Deno.test("task 1.2 fixedGridSolve matches the library on a seeded random field", () => {
  const W = seededTensor([2, 2], 5, -2, 2);
  const field = (t: number, y: tf.Tensor) => tf.tidy(() => tf.tanh(tf.add(tf.matMul(y, W), t)));
  const y0 = seededTensor([3, 2], 6);
  const t = [0, 0.2, 0.3, 0.7, 1.0, 1.1];
  const ctx = {
    call: `fixedGridSolve(f, y0, t = [${t}]) with f(t, y) = tanh(y·W + t)`,
    input: { y0 },
    likelyCause: "stack y0 and, for i = 1 … T − 1, the state of eulerStep(f, t[i − 1], " +
      "y_{i−1}, t[i] − t[i − 1]) from the previous state",
  };
  const got = expectNoLeak(() => fixedGridSolve(field, y0, t), () => 1, ctx);
  const want = reference.fixedGridSolve(field, y0, t);
  expectClose(got, want, ctx);
  tf.dispose([W, y0, got, want]);
});
