/**
 * lib/ode against problems with known solutions: exponential decay, the harmonic oscillator (one
 * state and a batch of states), the logistic equation and a non-autonomous linear equation.
 *
 * Every number this file expects (orders, stage counts, error constants) is written here from
 * theory or from a measurement noted beside it; none is read back from lib/ode's tableaux.
 *
 * Float32 matters: tfjs computes in float32 (ε ≈ 1.2e-7), so no error below ~1e-6 relative is
 * meaningful. Problems and step sequences were chosen so that the finest step's error stays well
 * above that floor, and every bound carries an explicit float32 allowance.
 */
import assert from "node:assert/strict";
import { expectNoLeak, linspace, tf, vanDerPol } from "../_setup.ts";
import {
  isAdaptive,
  METHOD_NAMES,
  type MethodName,
  solve,
  type SolveOptions,
  type SolveStats,
  TABLEAUX,
  type VectorField,
} from "../../lib/mod.ts";

// ---------------------------------------------------------------------------------------------
// Methods and what theory says about them.

const FIXED = ["euler", "midpoint", "heun", "rk4", "rk4_38"] as const;
const ADAPTIVE = ["bosh3", "dopri5", "tsit5"] as const;
type FixedMethod = typeof FIXED[number];
type AdaptiveMethod = typeof ADAPTIVE[number];

/** Global order of accuracy of each fixed-step method. */
const ORDER: Record<FixedMethod, number> = { euler: 1, midpoint: 2, heun: 2, rk4: 4, rk4_38: 4 };
/** Evaluations of f per step of each fixed-step method (no FSAL). */
const STAGES: Record<FixedMethod, number> = { euler: 1, midpoint: 2, heun: 2, rk4: 4, rk4_38: 4 };
/** New evaluations of f per trial step of each adaptive (FSAL) pair: its stages minus one. */
const NEW_STAGES_PER_TRIAL: Record<AdaptiveMethod, number> = { bosh3: 3, dopri5: 6, tsit5: 6 };

/**
 * Every adaptive solve here needs < 2000 steps; the cap makes a broken controller fail in
 * seconds instead of grinding through the default 100 000 steps.
 */
const STEP_CAP = 5000;
/** Step of the fixed-method accuracy tests. */
const H = 0.1;
/** Adaptive tolerances of the accuracy tests, and the error they must reach (× solution scale). */
const ADAPTIVE_TOL: SolveOptions = { rtol: 1e-6, atol: 1e-8, maxSteps: STEP_CAP };
const ADAPTIVE_BOUND = 1e-5;
/** Allowance for float32 rounding added to every fixed-step bound (solutions here are O(1)). */
const FLOAT32_FLOOR = 2e-6;

function options(method: MethodName, stepSize = H): SolveOptions {
  return isFixed(method) ? { method, stepSize } : { method, ...ADAPTIVE_TOL };
}

function isFixed(method: MethodName): method is FixedMethod {
  return (FIXED as readonly string[]).includes(method);
}

// ---------------------------------------------------------------------------------------------
// Problems with exact solutions.

interface Problem {
  name: string;
  f: VectorField;
  /** Initial state at ts[0], as nested arrays (its shape is the state's shape). */
  y0: number[] | number[][];
  /** Exact solution at time t, flattened in row-major order. */
  exact: (t: number) => number[];
  /** Output times. */
  ts: number[];
  /** max |y(t)| over the outputs: the scale of the adaptive bound. */
  scale: number;
  /** err ≤ C[method]·h^order + FLOAT32_FLOOR at h = H (C ≈ 2× the constant measured on cpu). */
  C: Record<FixedMethod, number>;
}

const LAMBDA = 1.5;
const DECAY_Y0 = [1, -2, 0.5];
const decay: Problem = {
  name: "exponential decay y' = -1.5y",
  f: (_t, y) => tf.mul(y, -LAMBDA),
  y0: DECAY_Y0,
  exact: (t) => DECAY_Y0.map((a) => a * Math.exp(-LAMBDA * t)),
  ts: linspace(0, 2, 5),
  scale: 2,
  // measured: euler 0.57, midpoint 0.30, heun 0.30, rk4 0.034, rk4_38 0.033
  C: { euler: 1.2, midpoint: 0.6, heun: 0.6, rk4: 0.07, rk4_38: 0.07 },
};

/** y1' = ω·y2, y2' = −ω·y1 on states of shape [..., 2]. */
function oscillatorField(omega: number): VectorField {
  return (_t, y) =>
    tf.tidy(() => {
      const [a, b] = tf.unstack(y, -1);
      return tf.stack([tf.mul(b, omega), tf.mul(a, -omega)], -1);
    });
}

/** Exact oscillator solution from (a, b) at time t0: a rotation by ω(t − t0). */
function rotate([a, b]: number[], omega: number, dt: number): number[] {
  const c = Math.cos(omega * dt);
  const s = Math.sin(omega * dt);
  return [a * c + b * s, -a * s + b * c];
}

const OMEGA = 2;
const oscillator: Problem = {
  name: "harmonic oscillator, state [2]",
  f: oscillatorField(OMEGA),
  y0: [1, 0],
  exact: (t) => rotate([1, 0], OMEGA, t),
  ts: linspace(0, 3, 7),
  scale: 1,
  // measured: euler 7.2, midpoint 3.7, heun 3.7, rk4 0.72, rk4_38 0.72
  C: { euler: 15, midpoint: 8, heun: 8, rk4: 1.5, rk4_38: 1.5 },
};

const BATCH_Y0 = [[1, 0], [0, 1], [2, -1], [-0.5, 0.3]];
const oscillatorBatch: Problem = {
  name: "harmonic oscillator, batched state [4, 2]",
  f: oscillatorField(OMEGA),
  y0: BATCH_Y0,
  exact: (t) => BATCH_Y0.flatMap((row) => rotate(row, OMEGA, t)),
  ts: linspace(0, 3, 7),
  scale: Math.sqrt(5),
  // measured: euler 18, midpoint 9.0, heun 9.0, rk4 1.8, rk4_38 1.8
  C: { euler: 40, midpoint: 20, heun: 20, rk4: 4, rk4_38: 4 },
};

const R = 2;
const K = 2;
const LOGISTIC_Y0 = [0.1, 0.2, 1, 3];
function logisticExact(r: number, k: number, y0: number, t: number): number {
  return k / (1 + (k / y0 - 1) * Math.exp(-r * t));
}
function logisticField(r: number, k: number): VectorField {
  return (_t, y) => tf.tidy(() => tf.mul(tf.mul(y, r), tf.sub(1, tf.div(y, k))));
}
const logistic: Problem = {
  name: "logistic y' = 2y(1 − y/2)",
  f: logisticField(R, K),
  y0: LOGISTIC_Y0,
  exact: (t) => LOGISTIC_Y0.map((a) => logisticExact(R, K, a, t)),
  ts: linspace(0, 4, 9),
  scale: 3,
  // measured: euler 0.82, midpoint 0.73, heun 0.54, rk4 0.18, rk4_38 0.12
  C: { euler: 1.6, midpoint: 1.5, heun: 1.1, rk4: 0.4, rk4_38: 0.3 },
};

/** Backward in time: from y(3) to t = 0; the same constants as forward. */
const oscillatorBackward: Problem = {
  name: "harmonic oscillator backward from t = 3 to 0",
  f: oscillatorField(OMEGA),
  y0: rotate([1, 0], OMEGA, 3),
  exact: (t) => rotate([1, 0], OMEGA, t),
  ts: linspace(3, 0, 7),
  scale: 1,
  // measured: euler 7.9, midpoint 4.0, heun 4.0, rk4 0.79, rk4_38 0.79
  C: { euler: 15, midpoint: 8, heun: 8, rk4: 1.5, rk4_38: 1.5 },
};

/**
 * Non-autonomous: y' = cos(t + 1)·y, y(t) = y(0)·exp(sin(t + 1) − sin 1). Neither even nor odd
 * in t, so a backward solve that evaluates f at the wrong sign of t fails.
 */
const shifted = (t: number) => Math.exp(Math.sin(t + 1) - Math.sin(1));
const cosineBackward: Problem = {
  name: "y' = cos(t + 1)·y backward from t = 3 to 0",
  f: (t, y) => tf.mul(y, Math.cos(t + 1)),
  y0: [shifted(3), -2 * shifted(3)],
  exact: (t) => [shifted(t), -2 * shifted(t)],
  ts: linspace(3, 0, 7),
  scale: 2 * Math.exp(1 - Math.sin(1)),
  // measured: euler 1.2, midpoint 0.25, heun 0.83, rk4 0.019, rk4_38 0.012
  C: { euler: 2.5, midpoint: 0.5, heun: 1.6, rk4: 0.04, rk4_38: 0.03 },
};

// ---------------------------------------------------------------------------------------------
// Helpers.

interface Run {
  /** Max abs error over all outputs and components. */
  err: number;
  stats: SolveStats;
  shape: number[];
}

/** Solves, compares with the exact solution at every output time, and frees every tensor. */
function run(
  f: VectorField,
  y0: number[] | number[][],
  ts: number[],
  exact: (t: number) => number[],
  opts: SolveOptions,
): Run {
  const y0t = tf.tensor(y0);
  try {
    const { ys, stats } = solve(f, y0t, ts, opts);
    const shape = ys.shape;
    const values = ys.dataSync();
    ys.dispose();
    const per = values.length / ts.length;
    let err = 0;
    ts.forEach((t, i) => {
      exact(t).forEach((v, j) => {
        err = Math.max(err, Math.abs(values[i * per + j] - v));
      });
    });
    return { err, stats, shape };
  } finally {
    y0t.dispose();
  }
}

function runProblem(p: Problem, opts: SolveOptions): Run {
  return run(p.f, p.y0, p.ts, p.exact, opts);
}

function assertWithinBound(p: Problem, method: MethodName): void {
  const { err, shape } = runProblem(p, options(method));
  const y0Shape = Array.isArray(p.y0[0])
    ? [p.y0.length, (p.y0[0] as number[]).length]
    : [p.y0.length];
  assert.deepEqual(shape, [p.ts.length, ...y0Shape], `${method}: ys shape`);
  assert.ok(Number.isFinite(err), `${method}: error is ${err}`);
  if (isFixed(method)) {
    const bound = p.C[method] * H ** ORDER[method] + FLOAT32_FLOOR;
    assert.ok(
      err <= bound,
      `${method} on ${p.name}, h=${H}: error ${err.toExponential(2)} > ` +
        `${p.C[method]}·h^${ORDER[method]} + ${FLOAT32_FLOOR} = ${bound.toExponential(2)}`,
    );
  } else {
    const bound = ADAPTIVE_BOUND * Math.max(1, p.scale);
    assert.ok(
      err <= bound,
      `${method} on ${p.name}, rtol=1e-6 atol=1e-8: error ${err.toExponential(2)} > ${
        bound.toExponential(2)
      }`,
    );
  }
}

async function everyMethodWithinBound(t: Deno.TestContext, p: Problem): Promise<void> {
  for (const method of METHOD_NAMES) {
    await t.step(method, () => assertWithinBound(p, method));
  }
}

/** log2(err(h)/err(h/2)) for each consecutive pair of a step-halving sequence. */
function observedOrders(errors: number[]): number[] {
  return errors.slice(1).map((e, i) => Math.log2(errors[i] / e));
}

function assertOrders(label: string, errors: number[], expected: number, tolerance = 0.3): void {
  const orders = observedOrders(errors);
  const text = `${label}: errors ${errors.map((e) => e.toExponential(2)).join(", ")}; ` +
    `observed orders ${
      orders.map((o) => o.toFixed(2)).join(", ")
    }; expected ${expected} ± ${tolerance}`;
  for (const o of orders) assert.ok(Math.abs(o - expected) <= tolerance, text);
}

const HALVING = [0.2, 0.1, 0.05, 0.025];

// ---------------------------------------------------------------------------------------------
// Tests.

Deno.test("analytic: METHOD_NAMES lists exactly the eight methods this file knows", () => {
  assert.deepEqual([...METHOD_NAMES].sort(), [...FIXED, ...ADAPTIVE].sort());
  for (const m of FIXED) assert.equal(isAdaptive(TABLEAUX[m]), false, `${m} is fixed-step`);
  for (const m of ADAPTIVE) assert.equal(isAdaptive(TABLEAUX[m]), true, `${m} is adaptive`);
});

Deno.test("analytic: exponential decay, every method within its bound", async (t) => {
  await everyMethodWithinBound(t, decay);
});

Deno.test("analytic: harmonic oscillator (state [2]), every method within its bound", async (t) => {
  await everyMethodWithinBound(t, oscillator);
});

Deno.test("analytic: harmonic oscillator (batched state [4, 2]), every method within its bound", async (t) => {
  await everyMethodWithinBound(t, oscillatorBatch);
});

Deno.test("analytic: batched oscillator rows equal the same rows solved alone (fixed methods)", () => {
  // Fixed-step methods treat a batch row by row; adaptive ones share one controller (by design).
  for (const method of FIXED) {
    const batch = tf.tensor2d(BATCH_Y0);
    const together = solve(oscillator.f, batch, oscillator.ts, options(method)).ys;
    BATCH_Y0.forEach((row, i) => {
      const single = tf.tensor1d(row);
      const alone = solve(oscillator.f, single, oscillator.ts, options(method)).ys;
      const mine = tf.tidy(() => tf.squeeze(tf.slice(together, [0, i, 0], [-1, 1, -1]), [1]));
      const diff = tf.tidy(() => tf.max(tf.abs(tf.sub(mine, alone))).dataSync()[0]);
      assert.ok(diff <= 1e-6, `${method}, row ${i}: batch and single differ by ${diff}`);
      tf.dispose([single, alone, mine]);
    });
    tf.dispose([batch, together]);
  }
});

Deno.test("analytic: logistic equation, every method within its bound", async (t) => {
  await everyMethodWithinBound(t, logistic);
});

Deno.test("analytic: observed convergence order of every fixed-step method", async (t) => {
  // Outputs on a 0.2 grid, which every h of the halving sequence hits exactly; the error is the
  // max over all of them. Problems are chosen per order so that the finest step's error
  // (≥ 1e-5) stays far above float32 rounding, and the coarsest step is already asymptotic.
  const grid = (T: number) => linspace(0, T, Math.round(T / 0.2) + 1);
  // Low orders: logistic r = 1 from 0.1 over [0, 4] (nonlinear, so midpoint ≠ heun),
  // exponential decay λ = 1 over [0, 2], and y' = cos(t)·y over [0, 4] (non-autonomous, so a
  // wrong stage time c_i drops the order to 1).
  const logisticSlow = {
    f: logisticField(1, 1),
    y0: [0.1],
    ts: grid(4),
    exact: (t: number) => [logisticExact(1, 1, 0.1, t)],
  };
  const decaySlow = {
    f: (_t: number, y: tf.Tensor) => tf.neg(y),
    y0: [1],
    ts: grid(2),
    exact: (t: number) => [Math.exp(-t)],
  };
  const cosine = {
    f: (s: number, y: tf.Tensor) => tf.mul(y, Math.cos(s)),
    y0: [1],
    ts: grid(4),
    exact: (t: number) => [Math.exp(Math.sin(t))],
  };
  // Fourth order: the oscillator with ω = 5 over [0, 2] (ωh from 1 down to 0.125). With slower
  // problems rk4's error at h = 0.025 sinks into float32 noise (~1e-7) and the order is garbage.
  const oscillatorFast = {
    f: oscillatorField(5),
    y0: [1, 0],
    ts: grid(2),
    exact: (t: number) => rotate([1, 0], 5, t),
  };
  const cases: [FixedMethod, typeof decaySlow[]][] = [
    ["euler", [logisticSlow, decaySlow, cosine]],
    ["midpoint", [logisticSlow, decaySlow, cosine]],
    ["heun", [logisticSlow, decaySlow, cosine]],
    ["rk4", [oscillatorFast]],
    ["rk4_38", [oscillatorFast]],
  ];
  for (const [method, problems] of cases) {
    await t.step(`${method}: order ${ORDER[method]} ± 0.3`, () => {
      problems.forEach((p, i) => {
        const errors = HALVING.map((h) =>
          run(p.f, p.y0, p.ts, p.exact, { method, stepSize: h }).err
        );
        assertOrders(`${method}, problem ${i}`, errors, ORDER[method]);
      });
    });
  }
});

Deno.test("analytic: off-grid outputs use cubic Hermite interpolation", async (t) => {
  const omega = 5;
  const f = oscillatorField(omega);

  await t.step(
    "an off-grid output equals the cubic Hermite through its two grid neighbours",
    () => {
      // stepSize 0.25: grid 0, 0.25, 0.5, 0.75, 1; output 0.6 lies at x = 0.4 of [0.5, 0.75].
      const y0 = tf.tensor1d([1, 0]);
      const { ys } = solve(f, y0, [0, 0.5, 0.6, 0.75, 1], { method: "rk4", stepSize: 0.25 });
      const v = ys.arraySync() as number[][];
      tf.dispose([y0, ys]);
      const [ya, yOff, yb] = [v[1], v[2], v[3]];
      const fa = [omega * ya[1], -omega * ya[0]];
      const fb = [omega * yb[1], -omega * yb[0]];
      const h = 0.25;
      const x = 0.4;
      const h00 = 2 * x ** 3 - 3 * x ** 2 + 1;
      const h10 = x ** 3 - 2 * x ** 2 + x;
      const h01 = -2 * x ** 3 + 3 * x ** 2;
      const h11 = x ** 3 - x ** 2;
      const expected = [0, 1].map((c) =>
        h00 * ya[c] + h * h10 * fa[c] + h01 * yb[c] + h * h11 * fb[c]
      );
      for (const c of [0, 1]) {
        assert.ok(
          Math.abs(yOff[c] - expected[c]) <= 1e-5,
          `component ${c}: got ${yOff[c]}, cubic Hermite gives ${expected[c]}`,
        );
      }
      // Not linear interpolation (which would differ by O(h²) here).
      const linear = [0, 1].map((c) => (1 - x) * ya[c] + x * yb[c]);
      assert.ok(Math.max(...[0, 1].map((c) => Math.abs(yOff[c] - linear[c]))) > 1e-2);
    },
  );

  // Output times (k + 1/3)·0.2 sit at x = 1/3 or 2/3 inside a step for every h in HALVING.
  const offGrid = [0, ...Array.from({ length: 10 }, (_, k) => (k + 1 / 3) * 0.2)];
  const exact = (t: number) => rotate([1, 0], omega, t);

  await t.step("rk4 and rk4_38: error at off-grid outputs shrinks at rate ≥ 2.7", () => {
    // Hermite is third order locally (O(h⁴) interpolation error) on top of 4th-order grid values.
    for (const method of ["rk4", "rk4_38"] as const) {
      const errors = HALVING.map((h) =>
        run(f, [1, 0], offGrid, exact, { method, stepSize: h }).err
      );
      const orders = observedOrders(errors);
      for (const o of orders) {
        assert.ok(
          o >= 2.7,
          `${method}: off-grid errors ${errors.map((e) => e.toExponential(2))}, orders ${
            orders.map((x) => x.toFixed(2))
          }`,
        );
      }
      assert.ok(errors[errors.length - 1] <= 1e-4, `${method}: finest off-grid error ${errors[3]}`);
    }
  });

  await t.step("lower orders keep their order at off-grid outputs", () => {
    const exactL = (t: number) => [logisticExact(1, 1, 0.1, t)];
    for (const method of ["euler", "midpoint", "heun"] as const) {
      const errors = HALVING.map((h) =>
        run(logisticField(1, 1), [0.1], offGrid, exactL, { method, stepSize: h }).err
      );
      assertOrders(`${method} off-grid`, errors, ORDER[method]);
    }
  });

  await t.step("off-grid outputs cost at most one evaluation beyond stages × steps", () => {
    // f(t1, y1) that Hermite needs is reused as the next step's first stage; only an output
    // inside the last step costs one evaluation more.
    for (const method of FIXED) {
      const inner = run(f, [1, 0], [0, 0.13, 0.55, 1], exact, { method, stepSize: 0.1 }).stats;
      assert.deepEqual(inner, { nfe: STAGES[method] * 10, accepted: 10, rejected: 0 }, method);
      const last = run(f, [1, 0], [0, 0.13, 0.55, 0.97, 1], exact, { method, stepSize: 0.1 }).stats;
      assert.deepEqual(last, { nfe: STAGES[method] * 10 + 1, accepted: 10, rejected: 0 }, method);
    }
  });
});

Deno.test("analytic: dense output of dopri5 and tsit5 at many times on the oscillator", async (t) => {
  const ts = linspace(0, 10, 401);
  const exact = (s: number) => rotate([1, 0], 1, s);
  for (const method of ["dopri5", "tsit5"] as const) {
    await t.step(method, () => {
      const opts: SolveOptions = { method, rtol: 1e-8, atol: 1e-10, maxSteps: STEP_CAP };
      const dense = run(oscillatorField(1), [1, 0], ts, exact, opts);
      assert.ok(
        dense.err <= 1e-5,
        `${method}: max error over 401 outputs ${dense.err.toExponential(2)}`,
      );
      // Steps are not clipped to output times: asking for 401 outputs takes the same steps.
      const ends = run(oscillatorField(1), [1, 0], [0, 10], exact, opts);
      assert.deepEqual(dense.stats, ends.stats, `${method}: outputs changed the step sequence`);
      assert.ok(
        dense.stats.accepted < 400,
        `${method}: ${dense.stats.accepted} steps for 400 intervals`,
      );
    });
  }
});

Deno.test("analytic: backward integration (decreasing t), every method within its bound", async (t) => {
  for (const p of [oscillatorBackward, cosineBackward]) {
    await t.step(p.name, async (t2) => {
      await everyMethodWithinBound(t2, p);
    });
  }
  await t.step("backward with a stepSize that does not divide the span", () => {
    // Grid from 3 down by 0.07 (last step shorter), outputs off-grid: still accurate.
    const p = cosineBackward;
    const { err } = runProblem(p, { method: "rk4", stepSize: 0.07 });
    assert.ok(err <= 1e-5, `rk4 backward, stepSize 0.07: error ${err}`);
  });
  await t.step("backward then forward returns to the start", () => {
    const y0 = tf.tensor1d([0.3, -0.7]);
    const back = solve(oscillator.f, y0, [2, 0], {
      method: "dopri5",
      rtol: 1e-8,
      atol: 1e-10,
      maxSteps: STEP_CAP,
    }).ys;
    const mid = tf.tidy(() => back.gather(1));
    const fwd = solve(oscillator.f, mid, [0, 2], {
      method: "dopri5",
      rtol: 1e-8,
      atol: 1e-10,
      maxSteps: STEP_CAP,
    }).ys;
    const again = tf.tidy(() => fwd.gather(1));
    const diff = tf.tidy(() => tf.max(tf.abs(tf.sub(again, y0))).dataSync()[0]);
    assert.ok(diff <= 1e-5, `round trip error ${diff}`);
    tf.dispose([y0, back, mid, fwd, again]);
  });
});

Deno.test("analytic: t of length 1 returns y0 with shape [1, ...y0.shape]", () => {
  for (const method of METHOD_NAMES) {
    for (const t0 of [0, -2.5]) {
      const y0 = tf.tensor2d(BATCH_Y0);
      const { ys } = solve(oscillator.f, y0, [t0], { method });
      assert.deepEqual(ys.shape, [1, 4, 2], method);
      assert.deepEqual(Array.from(ys.dataSync()), Array.from(y0.dataSync()), method);
      assert.notEqual(ys, y0);
      tf.dispose([y0, ys]);
    }
  }
});

Deno.test("analytic: solve().stats counts evaluations", async (t) => {
  await t.step("fixed methods: nfe = stages × steps (rk4, 10 steps: 40)", () => {
    for (const method of FIXED) {
      // 10 steps three ways: on the output grid, by stepSize, and by stepSize with off-grid outputs.
      const ways: [number[], SolveOptions][] = [
        [linspace(0, 1, 11), { method }],
        [[0, 1], { method, stepSize: 0.1 }],
        [[0, 0.25, 0.5, 1], { method, stepSize: 0.1 }],
        [[1, 0], { method, stepSize: 0.1 }],
      ];
      for (const [ts, opts] of ways) {
        const y0 = tf.tensor1d([1]);
        const { ys, stats } = solve((_t, y) => tf.neg(y), y0, ts, opts);
        tf.dispose([y0, ys]);
        assert.deepEqual(
          stats,
          { nfe: STAGES[method] * 10, accepted: 10, rejected: 0 },
          `${method} ${ts}`,
        );
      }
    }
    const y0 = tf.tensor1d([1]);
    const { ys, stats } = solve((_t, y) => tf.neg(y), y0, [0, 1], { method: "rk4", stepSize: 0.1 });
    tf.dispose([y0, ys]);
    assert.equal(stats.nfe, 40);
  });

  await t.step("adaptive methods: nfe = 2 + new stages × (accepted + rejected)", () => {
    // Van der Pol at loose tolerances rejects some steps, so both counts enter the formula.
    let sawRejection = false;
    for (const method of ADAPTIVE) {
      for (
        const [ts, tol] of [[[0, 10], 1e-3], [linspace(0, 10, 21), 1e-3], [[10, 0], 1e-5]] as const
      ) {
        const y0 = tf.tensor1d([2, 0]);
        const { ys, stats } = solve(vanDerPol(1), y0, ts as readonly number[] as number[], {
          method,
          rtol: tol,
          atol: tol / 10,
          maxSteps: STEP_CAP,
        });
        tf.dispose([y0, ys]);
        const trials = stats.accepted + stats.rejected;
        assert.equal(
          stats.nfe,
          2 + NEW_STAGES_PER_TRIAL[method] * trials,
          `${method}: ${JSON.stringify(stats)}`,
        );
        assert.ok(stats.accepted > 0);
        sawRejection ||= stats.rejected > 0;
      }
    }
    assert.ok(sawRejection, "no solve rejected a step: the formula was not tested with rejections");
  });

  await t.step(
    "dopri5 with firstStep: no initial-step probe, nfe = 1 + 6·(accepted + rejected)",
    () => {
      const y0 = tf.tensor1d([2, 0]);
      const { ys, stats } = solve(vanDerPol(1), y0, [0, 10], {
        method: "dopri5",
        rtol: 1e-3,
        atol: 1e-4,
        firstStep: 0.01,
        maxSteps: STEP_CAP,
      });
      tf.dispose([y0, ys]);
      assert.equal(stats.nfe, 1 + 6 * (stats.accepted + stats.rejected));
    },
  );
});

Deno.test("analytic: 50 solves leak no tensors (rk4 and dopri5)", async (t) => {
  const y0 = tf.tensor2d(BATCH_Y0);
  const cases: [string, SolveOptions, number[]][] = [
    ["rk4 with off-grid outputs", { method: "rk4", stepSize: 0.1 }, [0, 0.25, 0.5, 1]],
    ["dopri5", { method: "dopri5", rtol: 1e-6, atol: 1e-8, maxSteps: STEP_CAP }, [0, 0.25, 0.5, 1]],
    ["dopri5 backward", { method: "dopri5", rtol: 1e-6, atol: 1e-8, maxSteps: STEP_CAP }, [
      1,
      0.5,
      0,
    ]],
  ];
  for (const [label, opts, ts] of cases) {
    await t.step(label, async () => {
      await expectNoLeak(() => {
        for (let i = 0; i < 50; i++) solve(oscillator.f, y0, ts, opts).ys.dispose();
      }, `50 solves with ${label}`);
    });
  }
  y0.dispose();
});
