/**
 * Forward sensitivities (lib/ode/sensitivity.ts) against an analytic sensitivity, against the two
 * other gradients (backprop through odeint, odeintAdjoint) and against finite differences.
 */
import assert from "node:assert/strict";
import {
  OdeArgumentError,
  odeint,
  odeintAdjoint,
  sensitivityGradients,
  solveSensitivity,
  type VectorField,
} from "../../lib/mod.ts";
import { expectNoLeak, tf } from "../_setup.ts";

const TIGHT = { rtol: 1e-7, atol: 1e-9 };

function relDiff(a: tf.Tensor, b: tf.Tensor): number {
  return tf.tidy(() =>
    tf.max(tf.abs(tf.sub(a, b))).dataSync()[0] / tf.max(tf.abs(b)).dataSync()[0]
  );
}

/** A 2→8→2 tanh field with a time input: 24 + 8 + 16 + 2 = 50 parameters in four tensors. */
function smallMlp(seed: number) {
  const W1 = tf.variable(tf.randomNormal([3, 8], 0, 0.6, "float32", seed));
  const b1 = tf.variable(tf.randomNormal([8], 0, 0.1, "float32", seed + 1));
  const W2 = tf.variable(tf.randomNormal([8, 2], 0, 0.5, "float32", seed + 2));
  const b2 = tf.variable(tf.randomNormal([2], 0, 0.1, "float32", seed + 3));
  const params = [W1, b1, W2, b2];
  const f: VectorField = (t, y) =>
    tf.tidy(() => {
      const input = tf.concat([y, tf.fill([y.shape[0], 1], t)], 1);
      return tf.add(tf.matMul(tf.tanh(tf.add(tf.matMul(input, W1), b1)), W2), b2);
    });
  return { f, params, dispose: () => tf.dispose(params) };
}

Deno.test("sensitivity: dx/dt = −k·x matches ∂x/∂k = −t·x0·e^{−kt}", async () => {
  const k = tf.scalar(0.7);
  const x0 = [1.5, -0.4];
  const y0 = tf.tensor1d(x0);
  const f: VectorField = (_t, y) => tf.mul(tf.neg(k), y);
  const times = [0, 0.5, 1, 2, 3.5];
  for (const method of ["dopri5", "rk4"] as const) {
    const options = method === "rk4" ? { method, stepSize: 0.01 } : { method, ...TIGHT };
    const { ys, sens } = await expectNoLeak(() => {
      const sol = solveSensitivity(f, y0, times, [k], options);
      const out = { ys: sol.ys.arraySync() as number[][], sens: sol.sensitivities[0].arraySync() };
      tf.dispose([sol.ys, ...sol.sensitivities]);
      return out;
    }, `solveSensitivity (${method})`);
    times.forEach((t, n) => {
      x0.forEach((a, i) => {
        const exact = -t * a * Math.exp(-0.7 * t);
        const got = (sens as number[][])[n][i];
        assert.ok(
          Math.abs(got - exact) <= 1e-5 * Math.max(1, Math.abs(exact)),
          `${method}: ∂x_${i}/∂k at t=${t}: ${got}, exact ${exact}`,
        );
        assert.ok(Math.abs(ys[n][i] - a * Math.exp(-0.7 * t)) < 1e-5, `${method}: x_${i}(${t})`);
      });
    });
  }
  tf.dispose([k, y0]);
});

Deno.test("sensitivity: on an MLP field it agrees with odeint backprop, odeintAdjoint and finite differences", async (t) => {
  const { f, params, dispose } = smallMlp(3);
  const y0 = tf.tensor2d([[0.5, -0.3], [-0.8, 0.6]]);
  const times = [0, 0.4, 1.0, 1.5];
  const target = tf.randomNormal([times.length, 2, 2], 0, 1, "float32", 17);
  const lossOf = (ys: tf.Tensor) => tf.mul(0.5, tf.sum(tf.square(tf.sub(ys, target)))) as tf.Scalar;

  const before = tf.memory().numTensors;
  const sol = solveSensitivity(f, y0, times, params, TIGHT);
  const gForward = tf.tidy(() => sensitivityGradients(tf.sub(sol.ys, target), sol.sensitivities));
  tf.dispose([sol.ys, ...sol.sensitivities]);
  assert.equal(tf.memory().numTensors, before + params.length, "only the gradients remain");
  const gDirect = tf.variableGrads(() => lossOf(odeint(f, y0, times, TIGHT)), params);
  const gAdjoint = tf.variableGrads(
    () => lossOf(odeintAdjoint(f, y0, times, params, TIGHT)),
    params,
  );

  await t.step("forward sensitivity vs backprop through odeint: < 1e-4 relative", () => {
    params.forEach((p, i) => {
      const d = relDiff(gForward[i], gDirect.grads[p.name]);
      assert.ok(d < 1e-4, `dL/d${p.name} differs by ${d}`);
    });
  });

  await t.step("forward sensitivity vs odeintAdjoint: < 1e-4 relative", () => {
    params.forEach((p, i) => {
      const d = relDiff(gForward[i], gAdjoint.grads[p.name]);
      assert.ok(d < 1e-4, `dL/d${p.name} differs by ${d}`);
    });
  });

  await t.step("forward sensitivity vs central finite differences (float32: 2e-2)", () => {
    const eps = 1e-2;
    const lossAt = () => tf.tidy(() => lossOf(odeint(f, y0, times, TIGHT)).dataSync()[0]);
    // A few entries of every parameter tensor.
    params.forEach((p, i) => {
      const g = gForward[i].dataSync();
      const base = p.dataSync().slice();
      for (const j of [0, Math.floor(p.size / 2), p.size - 1]) {
        const shifted = (h: number) => {
          const v = base.slice();
          v[j] += h;
          tf.tidy(() => (p as tf.Variable).assign(tf.tensor(v, p.shape)));
          return lossAt();
        };
        const fd = (shifted(eps) - shifted(-eps)) / (2 * eps);
        tf.tidy(() => (p as tf.Variable).assign(tf.tensor(base, p.shape)));
        assert.ok(
          Math.abs(g[j] - fd) <= 2e-2 * Math.max(1, Math.abs(fd)),
          `dL/d${p.name}[${j}]: sensitivity ${g[j]}, finite difference ${fd}`,
        );
      }
    });
  });

  tf.dispose([...gForward, ...Object.values(gDirect.grads), ...Object.values(gAdjoint.grads)]);
  tf.dispose([gDirect.value, gAdjoint.value, y0, target]);
  dispose();
});

Deno.test("sensitivity: with rk4 on a fixed grid it is the derivative of the discrete solution", () => {
  const { f, params, dispose } = smallMlp(5);
  const y0 = tf.tensor2d([[0.2, 0.9]]);
  const times = [0, 0.6, 1.2];
  const options = { method: "rk4" as const, stepSize: 0.2 };
  const w = tf.randomNormal([times.length, 1, 2], 0, 1, "float32", 23);
  const sol = solveSensitivity(f, y0, times, params, options);
  const gForward = sensitivityGradients(w, sol.sensitivities);
  const { grads, value } = tf.variableGrads(
    () => tf.sum(tf.mul(odeint(f, y0, times, options), w)) as tf.Scalar,
    params,
  );
  params.forEach((p, i) => {
    const d = relDiff(gForward[i], grads[p.name]);
    assert.ok(d < 1e-5, `dL/d${p.name} differs by ${d} (float32 round-off only expected)`);
  });
  assert.equal(sol.stats.nfe, 4 * 6, "rk4: four evaluations per step, six steps");
  tf.dispose([sol.ys, ...sol.sensitivities, ...gForward, ...Object.values(grads), value, w, y0]);
  dispose();
});

Deno.test("sensitivity: an initial sensitivity gives ∂x/∂x0, and the solve leaks nothing", async () => {
  // dx/dt = A·x: ∂x(t)/∂x0 = e^{At}. With A = [[0, 1], [−1, 0]], a rotation by t.
  const A = tf.tensor2d([[0, 1], [-1, 0]]);
  const f: VectorField = (_t, y) => tf.matMul(y, A, false, true);
  const y0 = tf.tensor2d([[1, 0.5]]);
  const x0 = tf.zeros([1, 2]); // a stand-in parameter that f does not use: its ∂f/∂θ is zero
  const eye = tf.eye(2).reshape([1, 2, 1, 2]);
  const times = [0, 1, 2];
  const S = await expectNoLeak(() => {
    const sol = solveSensitivity(f, y0, times, [x0], { ...TIGHT, initial: [eye] });
    const out = sol.sensitivities[0].arraySync() as number[][][][][];
    tf.dispose([sol.ys, ...sol.sensitivities]);
    return out;
  }, "solveSensitivity with initial");
  times.forEach((t, n) => {
    const c = Math.cos(t), s = Math.sin(t);
    const exact = [[c, s], [-s, c]];
    for (let i = 0; i < 2; i++) {
      for (let j = 0; j < 2; j++) {
        assert.ok(Math.abs(S[n][0][i][0][j] - exact[i][j]) < 1e-5, `∂x_${i}/∂x0_${j} at t=${t}`);
      }
    }
  });
  tf.dispose([A, y0, x0, eye]);
});

Deno.test("sensitivity: wrong arguments say what to fix", () => {
  const k = tf.scalar(1);
  const y0 = tf.tensor1d([1, 2]);
  const f: VectorField = (_t, y) => tf.mul(k, y);
  const wrong = tf.zeros([3]);
  const before = tf.memory().numTensors;
  assert.throws(
    () => solveSensitivity(f, y0, [0, 1], [k], { initial: [wrong] }),
    (e: unknown) => e instanceof OdeArgumentError && e.argument === "initial[0]",
  );
  assert.throws(
    () => solveSensitivity(f, y0, [0, 1], [k], { initial: [] }),
    (e: unknown) => e instanceof OdeArgumentError && e.argument === "initial",
  );
  assert.throws(
    () => solveSensitivity(f, y0, [0, 1], k as unknown as tf.Tensor[]),
    (e: unknown) => e instanceof OdeArgumentError && e.argument === "params",
  );
  assert.equal(tf.memory().numTensors, before, "a rejected call leaks nothing");
  tf.dispose([k, y0, wrong]);
});
