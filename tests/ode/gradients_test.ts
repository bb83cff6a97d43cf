/**
 * Gradients of a loss through the solver: autodiff through the steps ("direct") and the
 * continuous adjoint must agree with each other and with central finite differences.
 */
import assert from "node:assert/strict";
import { odeint, odeintAdjoint, solve, solveAdjoint, type VectorField } from "../../lib/mod.ts";
import { expectNoLeak, tf } from "../_setup.ts";

/** A 2→16→2 ELU field with a time input, small enough for finite differences in float32. */
function smallField(seed: number) {
  const W1 = tf.variable(tf.randomNormal([3, 16], 0, 0.6, "float32", seed));
  const b1 = tf.variable(tf.randomNormal([16], 0, 0.1, "float32", seed + 1));
  const W2 = tf.variable(tf.randomNormal([16, 2], 0, 0.4, "float32", seed + 2));
  const params = [W1, b1, W2];
  const f: VectorField = (t, y) =>
    tf.tidy(() => {
      const input = tf.concat([y, tf.fill([y.shape[0], 1], t)], 1);
      return tf.matMul(tf.elu(tf.add(tf.matMul(input, W1), b1)), W2);
    });
  return { f, params, dispose: () => tf.dispose(params) };
}

const TIMES = [0, 0.3, 0.7, 1.2];
const TIGHT = { rtol: 1e-6, atol: 1e-8 };

function relDiff(a: tf.Tensor, b: tf.Tensor): number {
  return tf.tidy(() =>
    tf.max(tf.abs(tf.sub(a, b))).dataSync()[0] / tf.max(tf.abs(b)).dataSync()[0]
  );
}

Deno.test("gradients: direct backprop and adjoint agree, and both match finite differences", async (t) => {
  const { f, params, dispose } = smallField(7);
  const y0 = tf.tensor([[0.4, -0.2], [-0.6, 0.9], [1.1, 0.3]]);
  const target = tf.randomNormal([TIMES.length, 3, 2], 0, 1, "float32", 11);
  const lossOf = (ys: tf.Tensor) => tf.sum(tf.square(tf.sub(ys, target))) as tf.Scalar;
  const direct = tf.grads((y: tf.Tensor) => lossOf(odeint(f, y, TIMES, TIGHT)));
  const gDirect = tf.variableGrads(() => lossOf(odeint(f, y0, TIMES, TIGHT)), params).grads;
  const gAdjoint = tf.variableGrads(
    () => lossOf(odeintAdjoint(f, y0, TIMES, params, TIGHT)),
    params,
  ).grads;
  const [gy0Direct] = direct([y0]);
  const [gy0Adjoint] = tf.grads((y: tf.Tensor) =>
    lossOf(odeintAdjoint(f, y, TIMES, params, TIGHT))
  )([
    y0,
  ]);

  await t.step("direct vs adjoint: max relative difference < 1e-3", () => {
    assert.ok(
      relDiff(gy0Adjoint, gy0Direct) < 1e-3,
      `dL/dy0 differs by ${relDiff(gy0Adjoint, gy0Direct)}`,
    );
    for (const p of params) {
      const d = relDiff(gAdjoint[p.name], gDirect[p.name]);
      assert.ok(d < 1e-3, `dL/d${p.name} differs by ${d}`);
    }
  });

  await t.step("both vs central finite differences on sampled coordinates", () => {
    // Finite differences in float32 need a loss evaluated accurately: tight tolerances and
    // h ≈ 1e-2 balance truncation (O(h²)) against rounding (O(ε/h)).
    const h = 1e-2;
    const loss = () =>
      tf.tidy(() => lossOf(odeint(f, y0, TIMES, { rtol: 1e-7, atol: 1e-9 })).dataSync()[0]);
    const checks: [tf.Variable, number][] = [[params[0], 5], [params[0], 40], [params[1], 3], [
      params[2],
      17,
    ]];
    for (const [p, index] of checks) {
      const values = p.dataSync().slice();
      const at = (delta: number) => {
        const v = values.slice();
        v[index] += delta;
        p.assign(tf.tensor(v, p.shape));
        return loss();
      };
      const fd = (at(h) - at(-h)) / (2 * h);
      p.assign(tf.tensor(values, p.shape));
      const direct = gDirect[p.name].dataSync()[index];
      const adjoint = gAdjoint[p.name].dataSync()[index];
      const scale = Math.max(Math.abs(fd), 1e-2);
      assert.ok(
        Math.abs(direct - fd) / scale < 2e-2,
        `${p.name}[${index}] direct ${direct} vs FD ${fd}`,
      );
      assert.ok(
        Math.abs(adjoint - fd) / scale < 2e-2,
        `${p.name}[${index}] adjoint ${adjoint} vs FD ${fd}`,
      );
    }
  });

  tf.dispose([
    y0,
    target,
    gy0Direct,
    gy0Adjoint,
    ...Object.values(gDirect),
    ...Object.values(gAdjoint),
  ]);
  dispose();
});

Deno.test("adjoint: a fixed-step method (rk4, stepSize 0.05) agrees with direct backprop", () => {
  const { f, params, dispose } = smallField(21);
  const y0 = tf.tensor([[0.2, 0.5]]);
  const opts = { method: "rk4" as const, stepSize: 0.05 };
  const lossOf = (ys: tf.Tensor) => tf.sum(tf.sin(ys)) as tf.Scalar;
  const a = tf.variableGrads(() => lossOf(odeintAdjoint(f, y0, TIMES, params, opts)), params).grads;
  const d = tf.variableGrads(() => lossOf(odeint(f, y0, TIMES, opts)), params).grads;
  for (const p of params) {
    // Both discretise the same ODE at 4th order; they differ by O(h⁴), not by float noise only.
    assert.ok(relDiff(a[p.name], d[p.name]) < 1e-3, `${p.name}: ${relDiff(a[p.name], d[p.name])}`);
  }
  tf.dispose([y0, ...Object.values(a), ...Object.values(d)]);
  dispose();
});

Deno.test("adjoint: a parameter the field does not use gets a zero gradient, not an error", () => {
  const { f, params, dispose } = smallField(3);
  const unused = tf.variable(tf.ones([4]), true, "unused");
  const y0 = tf.tensor([[0.1, 0.2]]);
  const { grads } = tf.variableGrads(
    () => tf.sum(odeintAdjoint(f, y0, [0, 1], [...params, unused])) as tf.Scalar,
    [...params, unused],
  );
  assert.deepEqual(Array.from(grads.unused.dataSync()), [0, 0, 0, 0]);
  assert.ok(tf.max(tf.abs(grads[params[0].name])).dataSync()[0] > 0);
  tf.dispose([y0, unused, ...Object.values(grads)]);
  dispose();
});

Deno.test("adjoint nested in a larger graph: encoder → ODE → decoder gradients match direct", () => {
  const { f, params, dispose } = smallField(5);
  const enc = tf.variable(tf.randomNormal([3, 2], 0, 1, "float32", 8), true, "encoder");
  const dec = tf.variable(tf.randomNormal([2, 3], 0, 1, "float32", 9), true, "decoder");
  const x = tf.randomNormal([4, 3], 0, 1, "float32", 10);
  const model = (ode: (z0: tf.Tensor) => tf.Tensor) => () =>
    tf.sum(
      tf.square(tf.matMul(tf.reshape(ode(tf.tanh(tf.matMul(x, enc))), [-1, 2]), dec)),
    ) as tf.Scalar;
  const all = [enc, dec, ...params];
  const a = tf.variableGrads(model((z) => odeintAdjoint(f, z, TIMES, params, TIGHT)), all).grads;
  const d = tf.variableGrads(model((z) => odeint(f, z, TIMES, TIGHT)), all).grads;
  for (const v of all) {
    assert.ok(relDiff(a[v.name], d[v.name]) < 1e-3, `${v.name}: ${relDiff(a[v.name], d[v.name])}`);
  }
  tf.dispose([enc, dec, x, ...Object.values(a), ...Object.values(d)]);
  dispose();
});

Deno.test("adjoint memory does not grow with the number of steps; direct backprop's does", () => {
  const { f, params, dispose } = smallField(13);
  const y0 = tf.tensor([[0.3, -0.4]]);
  // Peak live tensors seen by the field during a gradient computation.
  const peak = (run: (g: VectorField) => tf.Tensor) => {
    let max = 0;
    const watched: VectorField = (t, y) => {
      max = Math.max(max, tf.memory().numTensors);
      return f(t, y);
    };
    const { grads } = tf.variableGrads(() => tf.sum(run(watched)) as tf.Scalar, params);
    tf.dispose(Object.values(grads));
    return max;
  };
  const adjoint = (n: number) =>
    peak((g) => odeintAdjoint(g, y0, [0, 1], params, { method: "rk4", stepSize: 1 / n }));
  const direct = (n: number) =>
    peak((g) => odeint(g, y0, [0, 1], { method: "rk4", stepSize: 1 / n }));
  const [a10, a200, d10, d200] = [adjoint(10), adjoint(200), direct(10), direct(200)];
  assert.ok(a200 - a10 <= 5, `adjoint peak tensors grew from ${a10} to ${a200}`);
  assert.ok(d200 - d10 > 1000, `direct peak tensors should grow with steps: ${d10} → ${d200}`);
  tf.dispose(y0);
  dispose();
});

Deno.test("no leaks: 50 solves and 50 adjoint gradient computations", async () => {
  const { f, params, dispose } = smallField(17);
  const y0 = tf.tensor([[0.3, -0.4], [0.1, 0.1]]);
  await expectNoLeak(() => {
    for (let i = 0; i < 50; i++) tf.dispose(odeint(f, y0, TIMES, { rtol: 1e-4, atol: 1e-6 }));
  }, "50 dopri5 solves");
  await expectNoLeak(() => {
    for (let i = 0; i < 50; i++) {
      const { value, grads } = tf.variableGrads(
        () => tf.sum(odeintAdjoint(f, y0, TIMES, params, { rtol: 1e-4, atol: 1e-6 })) as tf.Scalar,
        params,
      );
      tf.dispose([value, ...Object.values(grads)]);
    }
  }, "50 adjoint gradients");
  await expectNoLeak(() => {
    for (let i = 0; i < 50; i++) {
      const { value, grads } = tf.variableGrads(
        () => tf.sum(odeint(f, y0, TIMES, { method: "rk4", stepSize: 0.1 })) as tf.Scalar,
        params,
      );
      tf.dispose([value, ...Object.values(grads)]);
    }
  }, "50 direct rk4 gradients");
  tf.dispose(y0);
  dispose();
});

Deno.test("solveAdjoint reports forward and backward evaluation counts", () => {
  const { f, params, dispose } = smallField(19);
  const y0 = tf.tensor([[0.5, 0.5]]);
  let solution: ReturnType<typeof solveAdjoint> | undefined;
  const { value, grads } = tf.variableGrads(() => {
    solution = solveAdjoint(f, y0, TIMES, params, { rtol: 1e-5, atol: 1e-7 });
    return tf.sum(solution.ys) as tf.Scalar;
  }, params);
  const s = solution!;
  assert.equal(s.stats.nfe, 2 + 6 * (s.stats.accepted + s.stats.rejected));
  // One backward solve per output interval, each 2 + 6·(attempts) evaluations.
  const intervals = TIMES.length - 1;
  assert.equal(
    s.backwardStats.nfe,
    2 * intervals + 6 * (s.backwardStats.accepted + s.backwardStats.rejected),
  );
  tf.dispose([y0, value, ...Object.values(grads)]);
  dispose();
});

Deno.test("adjoint: a parameter listed twice (or y0 among params) is refused, not double-counted", () => {
  const { f, params, dispose } = smallField(23);
  const y0 = tf.tensor([[0.1, 0.2]]);
  for (const bad of [[...params, params[0]], [...params, y0]]) {
    assert.throws(
      () => odeintAdjoint(f, y0, [0, 1], bad),
      (e: Error) => e.name === "OdeArgumentError" && e.message.startsWith("params:"),
    );
  }
  y0.dispose();
  dispose();
});

Deno.test("solve's gradient option: adjoint is solveAdjoint, backprop ignores params, bad input named", () => {
  const { f, params, dispose } = smallField(29);
  const y0 = tf.tensor([[0.3, -0.4], [0.8, 0.1]]);
  const grads = (loss: () => tf.Scalar) =>
    tf.tidy(() => {
      const { value, grads } = tf.variableGrads(loss, params);
      value.dispose();
      return params.map((p) => Array.from(grads[p.name].dataSync()));
    });
  const viaOption = grads(() => {
    const sol = odeint(f, y0, TIMES, { ...TIGHT, gradient: "adjoint", params });
    return tf.sum(tf.square(sol)) as tf.Scalar;
  });
  const viaSolveAdjoint = grads(() => {
    const sol = solveAdjoint(f, y0, TIMES, params, TIGHT);
    return tf.sum(tf.square(sol.ys)) as tf.Scalar;
  });
  assert.deepEqual(viaOption, viaSolveAdjoint, "the same computation, bit for bit");
  const direct = grads(() => tf.sum(tf.square(odeint(f, y0, TIMES, TIGHT))) as tf.Scalar);
  const withParams = grads(() => {
    const sol = solve(f, y0, TIMES, { ...TIGHT, gradient: "backprop", params });
    assert.equal(sol.backwardStats, undefined);
    return tf.sum(tf.square(sol.ys)) as tf.Scalar;
  });
  assert.deepEqual(withParams, direct, "backprop with params listed is plain backprop");
  let adjoint: ReturnType<typeof solve> | undefined;
  grads(() => {
    adjoint = solve(f, y0, TIMES, { ...TIGHT, gradient: "adjoint", params });
    return tf.sum(adjoint.ys) as tf.Scalar;
  });
  assert.ok(adjoint!.backwardStats!.nfe > 0, "the backward solve is reported once it has run");
  const refused = (options: Record<string, unknown>, field: string) =>
    assert.throws(
      () => solve(f, y0, [0, 1], options),
      (e: Error) => e.name === "OdeArgumentError" && e.message.startsWith(`${field}:`),
    );
  refused({ gradient: "adjoint" }, "options.params");
  refused({ gradient: "direct" }, "options.gradient");
  y0.dispose();
  dispose();
});
