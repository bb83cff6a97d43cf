/**
 * Exercise 5: the adjoint method. The augmented dynamics are checked on a linear field, whose
 * vector–Jacobian products are known in closed form (f = y·A: aᵀ∂f/∂y = a·Aᵀ, aᵀ∂f/∂A = yᵀa);
 * the backward solve against the analytic gradient of a linear ODE (y(t) = y0·e^{At}), against
 * backpropagation through the solver's steps, and against the library.
 */
import { augmentedDynamics } from "./augmented_dynamics.ts";
import { adjointBackward } from "./adjoint_backward.ts";
import * as reference from "../../lib/ode/adjoint.ts";
import { integrate } from "../../lib/ode/integrate.ts";
import { odeint, type VectorField } from "../../lib/ode/solve.ts";
import { resolveOptions } from "../../lib/ode/options.ts";
import { emptyStats } from "../../lib/ode/stats.ts";
import type { State } from "../../lib/ode/state.ts";
import {
  expectAlive,
  expectClose,
  expectEvery,
  expectNoLeak,
  expectTrue,
  formatNumbers,
  seededTensor,
  tf,
} from "../_kit/testing.ts";

/** A = −0.5·I + [[0, 1], [−1, 0]]: e^{At} = e^{−t/2}·[[cos t, sin t], [−sin t, cos t]]. */
const A_SPIRAL = [[-0.5, 1], [-1, -0.5]];

function expA(t: number): number[][] {
  const s = Math.exp(-t / 2);
  return [[s * Math.cos(t), s * Math.sin(t)], [-s * Math.sin(t), s * Math.cos(t)]];
}

/** Tolerances of every solve here: tight enough for the 1e-4 checks, loose enough to be quick. */
const TOL = { rtol: 1e-6, atol: 1e-8 };

/** solveBack with the library's augmented dynamics and solver (dopri5, tight tolerances). */
function librarySolveBack(f: VectorField, params: tf.Tensor[]): reference.IntervalSolver {
  const field = reference.augmentedDynamics(f, params);
  const options = resolveOptions(TOL);
  return (state, from, to) => {
    const [start, end] = integrate(field, state, [from, to], options, emptyStats());
    tf.dispose(start);
    return end;
  };
}

Deno.test("task 5.1 augmentedDynamics of f = y·A is [y·A, −a·Aᵀ, −yᵀ·a]", () => {
  const A = tf.tensor2d([[0.5, -1, 2], [0, 1.5, -0.5], [1, 0, -2]]);
  const f: VectorField = (_t, y) => tf.matMul(y, A);
  const y = tf.tensor2d([[1, 2, -1], [0.5, 0, 3]]);
  const a = tf.tensor2d([[0.1, -0.2, 0.3], [1, 0, -1]]);
  const g = tf.zerosLike(A);
  const ctx = {
    call: "augmentedDynamics(f, [A])(t = 0.3, [y, a, g]) with f(t, y) = y·A",
    input: { y, a },
    likelyCause: "the state's derivative is [f, −aᵀ∂f/∂y, −aᵀ∂f/∂A]: both products negated",
  };
  const out = expectNoLeak(() => augmentedDynamics(f, [A])(0.3, [y, a, g]), (r) => r.length, ctx);
  expectTrue(out.length === 3, ctx, `returned ${out.length} tensors, expected 3 ([dy, da, dA])`);
  const [dy, da, dA] = out;
  expectClose(dy, tf.matMul(y, A), { ...ctx, call: `${ctx.call}: dy/dt` });
  expectClose(da, tf.neg(tf.matMul(a, A, false, true)), { ...ctx, call: `${ctx.call}: da/dt` });
  expectClose(dA, tf.neg(tf.matMul(y, a, true, false)), { ...ctx, call: `${ctx.call}: dA/dt` });
  tf.dispose([A, y, a, g, ...out]);
});

Deno.test("task 5.1 augmentedDynamics with a time-dependent field and no parameters", () => {
  const f: VectorField = (t, y) => tf.mul(t, tf.sin(y));
  const y = tf.tensor([0.3, -1.2]);
  const a = tf.tensor([2, 0.5]);
  const t = 1.5;
  const out = augmentedDynamics(f, [])(t, [y, a]);
  const ctx = {
    call: "augmentedDynamics(f, [])(t = 1.5, [y, a]) with f(t, y) = t·sin(y)",
    input: { y, a },
    likelyCause: "da/dt = −a·∂f/∂y = −a·t·cos(y); f must be evaluated at the time t given",
  };
  expectTrue(out.length === 2, ctx, `returned ${out.length} tensors, expected 2 ([dy, da])`);
  expectClose(out[0], [t * Math.sin(0.3), t * Math.sin(-1.2)], ctx);
  expectClose(out[1], [-2 * t * Math.cos(0.3), -0.5 * t * Math.cos(-1.2)], ctx);
  tf.dispose([y, a, ...out]);
});

Deno.test("task 5.1 augmentedDynamics matches the library on a seeded random MLP field", () => {
  const W1 = seededTensor([3, 8], 1);
  const b1 = seededTensor([8], 2);
  const W2 = seededTensor([8, 3], 3);
  const params = [W1, b1, W2];
  const f: VectorField = (_t, y) =>
    tf.tidy(() => tf.matMul(tf.tanh(tf.add(tf.matMul(y, W1), b1)), W2));
  const state: State = [
    seededTensor([4, 3], 4),
    seededTensor([4, 3], 5),
    ...params.map((p) => tf.zerosLike(p)),
  ];
  const got = augmentedDynamics(f, params)(0, state);
  const want = reference.augmentedDynamics(f, params)(0, state);
  const names = ["dy/dt", "da/dt", "dW1/dt", "db1/dt", "dW2/dt"];
  expectTrue(
    got.length === want.length,
    { call: "augmentedDynamics(MLP field, [W1, b1, W2])" },
    `returned ${got.length} tensors, expected ${want.length}`,
  );
  expectEvery(
    got,
    (x, i) =>
      expectClose(x, want[i], { call: `augmentedDynamics(MLP field, [W1, b1, W2]): ${names[i]}` }),
  );
  tf.dispose([...params, ...state, ...got, ...want]);
});

Deno.test("task 5.2 adjointBackward gives the analytic gradient of a linear ODE", () => {
  // L = Σ_i w_i·y(t_i) with y(t) = y0·e^{At}: ∂L/∂y0 = Σ_i w_i·(e^{A t_i})ᵀ.
  const A = tf.tensor2d(A_SPIRAL);
  const f: VectorField = (_t, y) => tf.matMul(y, A);
  const ts = [0, 0.5, 1.2, 2];
  const w = [[0.5, -1], [1, 0], [0, 2], [-1, 1]];
  const y0 = tf.tensor2d([[1, -0.5]]);
  const ys = odeint(f, y0, ts, TOL);
  const states = tf.unstack(ys);
  const outputs = w.map((wi) => tf.tensor2d([wi]));
  const ctx = {
    call: `adjointBackward(ts = [${ts}], …) for dy/dt = y·A, L = Σ_i w_i·y(t_i)`,
    likelyCause: "the loss gradient of each output time must be added to a when the backward " +
      "solve reaches that time (the first output time's too)",
  };
  const grads = expectNoLeak(
    () => adjointBackward(ts, states, outputs, [A], librarySolveBack(f, [A])),
    (r) => r.length,
    ctx,
  );
  expectTrue(grads.length === 2, ctx, `returned ${grads.length} tensors, expected [∂L/∂y0, ∂L/∂A]`);
  const want = [0, 1].map((c) =>
    ts.reduce((s, t, i) => s + w[i][0] * expA(t)[c][0] + w[i][1] * expA(t)[c][1], 0)
  );
  expectClose(grads[0], [want], { ...ctx, call: `${ctx.call}: ∂L/∂y0` }, { atol: 1e-4 });
  tf.dispose([A, y0, ys, ...states, ...outputs, ...grads]);
});

Deno.test("task 5.2 adjointBackward agrees with backpropagation through the solver", () => {
  const W = seededTensor([2, 2], 7, -1, 1);
  const b = seededTensor([2], 8, -0.5, 0.5);
  const field = (W_: tf.Tensor, b_: tf.Tensor): VectorField => (_t, y) =>
    tf.tidy(() => tf.tanh(tf.add(tf.matMul(y, W_), b_)));
  const y0 = tf.tensor2d([[0.5, -1], [1, 0.2]]);
  const ts = [0, 0.4, 1, 1.5];
  const weights = tf.tensor([1, -0.5, 2, 0.3]).reshape([4, 1, 1]);
  const loss = (ys: tf.Tensor) => tf.sum(tf.mul(tf.square(ys), weights));
  // Reference gradients: autodiff through every dopri5 step.
  const direct = tf.grads((y0_: tf.Tensor, W_: tf.Tensor, b_: tf.Tensor) =>
    loss(odeint(field(W_, b_), y0_, ts, TOL))
  )([y0, W, b]);
  // The same loss's output gradients ∂L/∂y(t_i) = 2·w_i·y(t_i), for the adjoint.
  const f = field(W, b);
  const ys = odeint(f, y0, ts, TOL);
  const states = tf.unstack(ys);
  const outputs = tf.unstack(tf.mul(2, tf.mul(ys, weights)));
  const grads = adjointBackward(ts, states, outputs, [W, b], librarySolveBack(f, [W, b]));
  const names = ["∂L/∂y0", "∂L/∂W", "∂L/∂b"];
  expectEvery(names, (name, i) =>
    expectClose(grads[i], direct[i], {
      call: `adjointBackward for dy/dt = tanh(y·W + b), L = Σ_i w_i·|y(t_i)|²: ${name}`,
      likelyCause: i === 0
        ? "a missing output gradient: ∂L/∂y(t_i) is added to a at every output time, the " +
          "first one's too"
        : "the parameter gradients g accumulate over every interval: carry g from one interval " +
          "to the next (restarting it at zero, or adding the outputs to it, loses terms)",
    }, { atol: 1e-3, rtol: 1e-3 }));
  tf.dispose([W, b, y0, weights, ...direct, ys, ...states, ...outputs, ...grads]);
});

Deno.test("task 5.2 adjointBackward matches the library and frees what it no longer needs", () => {
  const A = tf.tensor2d([[0.2, -0.7], [0.4, -0.1]]);
  const f: VectorField = (_t, y) => tf.matMul(y, A);
  const ts = [1, 1.3, 2.2];
  const y0 = tf.tensor2d([[1, 2], [-1, 0.5], [0, 1]]);
  const ys = odeint(f, y0, ts, TOL);
  const states = tf.unstack(ys);
  const outputs = [9, 10, 11].map((seed) => seededTensor([3, 2], seed));
  const ctx = { call: `adjointBackward(ts = [${ts}], …) for dy/dt = y·A with random ∂L/∂y(t_i)` };
  const got = expectNoLeak(
    () => adjointBackward(ts, states, outputs, [A], librarySolveBack(f, [A])),
    (r) => r.length,
    ctx,
  );
  // Before anything else reads them: a disposed input would otherwise surface as tfjs's bare
  // "Tensor is disposed" from the reference call below.
  expectAlive({ states, outputs }, ctx);
  const want = reference.adjointBackward(ts, states, outputs, [A], librarySolveBack(f, [A]));
  expectEvery(
    got,
    (g, i) => expectClose(g, want[i], { ...ctx, call: `${ctx.call}: gradient ${i}` }),
  );
  tf.dispose([A, y0, ys, ...states, ...outputs, ...got, ...want]);
});

Deno.test("task 5.2 adjointBackward restarts y from the forward state at every output time", () => {
  // The backward solve of y drifts from the forward solution (here on purpose: the solver below
  // returns y off by 0.5); each interval must start from states[i], not from where the previous
  // one ended. The final gradient alone hides this at tight tolerances, so check the calls.
  const A = tf.tensor2d(A_SPIRAL);
  const f: VectorField = (_t, y) => tf.matMul(y, A);
  const ts = [0, 0.4, 1.1, 1.5];
  const y0 = tf.tensor2d([[1, -0.5]]);
  const ys = odeint(f, y0, ts, TOL);
  const states = tf.unstack(ys);
  const outputs = [1, 2, 3, 4].map((seed) => seededTensor([1, 2], 20 + seed));
  const exact = librarySolveBack(f, [A]);
  const calls: { from: number; to: number; y: number[] }[] = [];
  const drifting: reference.IntervalSolver = (state, from, to) => {
    calls.push({ from, to, y: Array.from(state[0].dataSync()) });
    const [yEnd, ...rest] = exact(state, from, to);
    const drifted = tf.add(yEnd, 0.5);
    yEnd.dispose();
    return [drifted, ...rest];
  };
  const grads = adjointBackward(ts, states, outputs, [A], drifting);
  const ctx = {
    call: `adjointBackward(ts = [${ts}], …) for dy/dt = y·A, with a solveBack whose y drifts`,
    likelyCause: "after each interval, restart y from the stored forward state states[i − 1] " +
      "(the y that solveBack returns has drifted; throw it away)",
  };
  expectAlive({ states, outputs }, ctx);
  const want = ts.slice(1).map((_, j) => ts.length - 1 - j);
  expectTrue(
    calls.length === want.length &&
      calls.every((c, j) => c.from === ts[want[j]] && c.to === ts[want[j] - 1]),
    { ...ctx, likelyCause: "one solveBack(state, ts[i], ts[i − 1]) per interval, from the end" },
    `solveBack was called for [from, to] = ${JSON.stringify(calls.map((c) => [c.from, c.to]))}`,
    `expected ${JSON.stringify(want.map((i) => [ts[i], ts[i - 1]]))}`,
  );
  const problems = calls.flatMap((c, j) => {
    const expected = Array.from(states[want[j]].dataSync());
    const off = c.y.some((v, k) => Math.abs(v - expected[k]) > 1e-6);
    return off
      ? [
        `interval from t = ${c.from}: y started at ${formatNumbers(c.y)}, expected ` +
        `states[${want[j]}] = ${formatNumbers(expected)}`,
      ]
      : [];
  });
  expectTrue(problems.length === 0, ctx, ...problems);
  tf.dispose([A, y0, ys, ...states, ...outputs, ...grads]);
});
