/**
 * Exercise 2: the Butcher-tableau stepper. Checked against stages worked out by hand for
 * dy/dt = −y and dy/dt = t, one RK4 step against the Taylor polynomial of exp(−h), the orders of
 * convergence of midpoint (2) and RK4 (4) on the harmonic oscillator, evaluation counts, and the
 * library's stepper on seeded random inputs.
 */
import { rkStages } from "./rk_stages.ts";
import { rungeKuttaStep } from "./runge_kutta_step.ts";
import * as reference from "../../lib/ode/plain/runge_kutta.ts";
import { fixedGridSolve } from "../../lib/ode/plain/fixed_grid.ts";
import {
  type ButcherTableau,
  DOPRI5,
  EULER,
  HEUN,
  MIDPOINT,
  RK4,
  RK4_38,
} from "../../lib/ode/tableaux.ts";
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
/** Harmonic oscillator x'' = −x as a first-order system: exact solution (cos t, −sin t). */
const oscillator = (_t: number, y: tf.Tensor) =>
  tf.tidy(() => {
    const [x, v] = tf.unstack(y, -1);
    return tf.stack([v, tf.neg(x)], -1);
  });

Deno.test("task 2.1 rkStages of RK4 on dy/dt = −y equal the stages worked out by hand", () => {
  const y = tf.tensor([2]);
  const h = 0.2;
  // k1 = −y, k2 = −(y + h/2·k1), k3 = −(y + h/2·k2), k4 = −(y + h·k3)
  const k1 = -2;
  const k2 = -(2 + h / 2 * k1);
  const k3 = -(2 + h / 2 * k2);
  const k4 = -(2 + h * k3);
  const ctx = {
    call: "rkStages(f, RK4, t = 0, y = [2], h = 0.2) with f(t, y) = −y",
    likelyCause: "stage i's input is y + h·Σ_j a[i][j]·k_j over the EARLIER stages j < i",
  };
  const k = rkStages(decay, RK4, 0, y, h);
  expectTrue(Array.isArray(k) && k.length === 4, ctx, `expected 4 stages, got ${k?.length}`);
  expectClose(tf.concat(k), [k1, k2, k3, k4], ctx);
  tf.dispose([y, ...k]);
});

Deno.test("task 2.1 rkStages of Kutta's 3/8 rule (negative entries in a) equal the stages by hand", () => {
  const y = tf.tensor([2]);
  const h = 0.3;
  // a = [[], [1/3], [−1/3, 1], [1, −1, 1]]: the negative coefficients count like any other.
  const k1 = -2;
  const k2 = -(2 + h * (k1 / 3));
  const k3 = -(2 + h * (-k1 / 3 + k2));
  const k4 = -(2 + h * (k1 - k2 + k3));
  const ctx = {
    call: "rkStages(f, RK4_38, t = 0, y = [2], h = 0.3) with f(t, y) = −y",
    likelyCause: "every coefficient a[i][j] ≠ 0 enters stage i, negative ones too (skip only " +
      "zeros, never a ≤ 0)",
  };
  const k = rkStages(decay, RK4_38, 0, y, h);
  expectTrue(Array.isArray(k) && k.length === 4, ctx, `expected 4 stages, got ${k?.length}`);
  expectClose(tf.concat(k), [k1, k2, k3, k4], ctx);
  tf.dispose([y, ...k]);
});

Deno.test("task 2.1 rkStages evaluates f at t + c_i·h", () => {
  const { f, calls } = countingField((t, y) => tf.fill(y.shape, t));
  const y = tf.tensor([0, 0]);
  const k = rkStages(f, RK4, 1, y, 0.5);
  const ctx = {
    call: "rkStages(f, RK4, t = 1, y, h = 0.5) with f(t, y) = t",
    likelyCause: "stage i is evaluated at time t + c[i]·h",
  };
  expectTrue(
    calls.length === 4 && [1, 1.25, 1.25, 1.5].every((c, i) => Math.abs(calls[i] - c) < 1e-12),
    ctx,
    `f was called at times [${calls}], expected [1, 1.25, 1.25, 1.5]`,
  );
  expectClose(
    tf.concat(k.map((ki) => ki.reshape([-1]))),
    [1, 1, 1.25, 1.25, 1.25, 1.25, 1.5, 1.5],
    ctx,
  );
  tf.dispose([y, ...k]);
});

Deno.test("task 2.1 rkStages reuses a given k1: s − 1 evaluations", () => {
  const { f, calls } = countingField(decay);
  const y = tf.tensor([1, 3]);
  const k1 = tf.tensor([-1, -3]);
  const k = rkStages(f, DOPRI5, 0, y, 0.1, k1);
  const ctx = {
    call: "rkStages(f, DOPRI5, 0, y, 0.1, k1) with k1 = f(0, y) given",
    likelyCause: "when k1 is passed in, use it as the first stage instead of calling f again",
  };
  expectTrue(
    calls.length === 6,
    ctx,
    `f was called ${calls.length} times, expected 6 (7 stages − 1)`,
  );
  expectTrue(k[0] === k1, ctx, "the first stage returned is not the k1 passed in");
  tf.dispose([y, ...k]);
});

Deno.test("task 2.1 rkStages matches the library for every tableau on seeded random inputs", () => {
  const W = seededTensor([3, 3], 21);
  const field = (t: number, y: tf.Tensor) => tf.tidy(() => tf.sin(tf.add(tf.matMul(y, W), t)));
  const tableaux: ButcherTableau[] = [EULER, MIDPOINT, HEUN, RK4, RK4_38, DOPRI5];
  expectEvery(tableaux, (tableau, n) => {
    const y = seededTensor([2, 3], 30 + n);
    const ctx = {
      call: `rkStages(f, ${tableau.name}, t = 0.3, y, h = 0.25) with f(t, y) = sin(y·W + t)`,
      input: { y },
    };
    const k = expectNoLeak(() => rkStages(field, tableau, 0.3, y, 0.25), (r) => r.length, ctx);
    const want = reference.rkStages(field, tableau, 0.3, y, 0.25);
    expectTrue(k.length === want.length, ctx, `expected ${want.length} stages, got ${k.length}`);
    expectEvery(
      k,
      (ki, i) => expectClose(ki, want[i], { ...ctx, call: `${ctx.call}: stage k_${i + 1}` }),
    );
    tf.dispose([y, ...k, ...want]);
  });
  W.dispose();
});

/**
 * A second-order method with a negative weight, for tests: b·1 = −1 + 2 = 1 and b·c = 2·¼ = ½.
 * On dy/dt = −y its step is y·(1 − h + h²/2), like any second-order method's.
 */
const NEGATIVE_WEIGHT: ButcherTableau = {
  name: "negative-weight (b = [−1, 2], c = [0, 1/4])",
  order: 2,
  c: [0, 1 / 4],
  a: [[], [1 / 4]],
  b: [-1, 2],
  fsal: false,
  dense: { kind: "hermite" },
};

Deno.test("task 2.2 one step of dy/dt = −y is exp(−h)'s Taylor polynomial, negative weights too", () => {
  const y = tf.tensor([1, -3]);
  const cases = [
    [RK4, 4, "y1 = y + h·Σ b_i·k_i with RK4's weights b = [1/6, 1/3, 1/3, 1/6]"],
    [RK4_38, 4, "every a[i][j] ≠ 0 enters a stage: Kutta's 3/8 rule has −1/3 and −1 in a"],
    [NEGATIVE_WEIGHT, 2, "every weight b_i ≠ 0 enters y1 = y + h·Σ b_i·k_i, negative ones too"],
  ] as const;
  const steps = cases.flatMap(([tableau, order, why]) =>
    [0.1, 0.5].map((h) => ({ tableau, order, why, h }))
  );
  expectEvery(steps, ({ tableau, order, why, h }) => {
    let p = 0;
    for (let n = 0; n <= order; n++) p += (-h) ** n / [1, 1, 2, 6, 24][n];
    const got = rungeKuttaStep(decay, tableau, 0, y, h);
    expectClose(got, [p, -3 * p], {
      call: `rungeKuttaStep(f, ${tableau.name}, 0, y, h = ${h}) with f(t, y) = −y`,
      input: { y },
      likelyCause: why,
    });
    got.dispose();
  }, "steps");
  y.dispose();
});

Deno.test("task 2.2 rungeKuttaStep converges at order 2 (midpoint) and 4 (RK4)", () => {
  const y0 = tf.tensor([1, 0]);
  expectEvery(
    [[MIDPOINT, 2, [0.2, 0.1, 0.05]], [RK4, 4, [0.4, 0.2, 0.1]]] as const,
    ([tableau, order, hs]) => {
      const step = (f: typeof decay, t: number, y: tf.Tensor, h: number) =>
        rungeKuttaStep(f, tableau, t, y, h);
      const errors = hs.map((h) => {
        const t = Array.from({ length: Math.round(4 / h) + 1 }, (_, i) => i * h);
        const ys = take(fixedGridSolve(oscillator, y0, t, step));
        const [x, v] = ys.slice(-2);
        return Math.hypot(x - Math.cos(4), v + Math.sin(4));
      });
      const observed = observedOrder([...hs], errors);
      expectTrue(
        Math.abs(observed - order) < 0.3,
        {
          call: `${tableau.name} steps of the harmonic oscillator on [0, 4], h = ${hs.join(", ")}`,
          likelyCause: "wrong solution weights b, or the step size missing from the update",
        },
        `errors against (cos 4, −sin 4): ${errors.map((e) => e.toExponential(2)).join(", ")}`,
        `observed order ${observed.toFixed(2)}, expected ${order}`,
      );
    },
  );
  y0.dispose();
});

Deno.test("task 2.2 rungeKuttaStep matches the library for every tableau, negative weights too", () => {
  const W = seededTensor([2, 2], 41);
  const field = (t: number, y: tf.Tensor) => tf.tidy(() => tf.tanh(tf.add(tf.matMul(y, W), t)));
  expectEvery([EULER, MIDPOINT, HEUN, RK4, RK4_38, DOPRI5, NEGATIVE_WEIGHT], (tableau, n) => {
    const y = seededTensor([5, 2], 50 + n);
    const ctx = {
      call: `rungeKuttaStep(f, ${tableau.name}, t = −1, y, h = 0.3) with f(t, y) = tanh(y·W + t)`,
      input: { y },
    };
    const got = expectNoLeak(() => rungeKuttaStep(field, tableau, -1, y, 0.3), () => 1, ctx);
    const want = reference.rungeKuttaStep(field, tableau, -1, y, 0.3);
    expectClose(got, want, ctx);
    tf.dispose([y, got, want]);
  });
  W.dispose();
});
