/**
 * Exercise 12: the trace in a continuous normalising flow. The exact trace is checked on fields
 * whose Jacobians are known (linear: Tr A; [z1², z1·z2]: 3·z1) and against finite differences;
 * Hutchinson's estimate by εᵀAε for given probes and by its average over many probes (unbiased:
 * → Tr A); the change of variables by the log-density of a linear flow, known in closed form
 * (log p(x) = log N(e^{−AT}x) − T·Tr A), and against a CNF's own logProb.
 */
import { exactTrace } from "./exact_trace.ts";
import { hutchinsonTrace } from "./hutchinson_trace.ts";
import { changeOfVariables } from "./change_of_variables.ts";
import * as cnf from "../../lib/models/cnf.ts";
import { LinearField, MlpField } from "../../lib/nn/time_fields.ts";
import { probeNoise } from "../../lib/prob/probe_noise.ts";
import { odeint } from "../../lib/ode/solve.ts";
import {
  expectClose,
  expectNoLeak,
  expectTrue,
  finiteDifference,
  seededTensor,
  take,
  tf,
} from "../_kit/testing.ts";

const A = [[0.5, -1, 0.2], [2, -0.3, 0], [0.1, 0.4, 1.1]];
const linear = (z: tf.Tensor) => tf.matMul(z, tf.tensor2d(A), false, true); // row i: A·z_i

Deno.test("task 12.1 exactTrace: Tr A for a linear field, 3·z1 for f = (z1², z1·z2)", () => {
  const z = seededTensor([4, 3], 81) as tf.Tensor2D;
  const ctx = {
    call: "exactTrace(f(z) = A·z, z [4, 3])",
    likelyCause: "copy k of the batch must get the cotangent e_k, and only entry k of its " +
      "vector–Jacobian product counts; dz is the field on the first copy",
  };
  // Called inside tf.tidy, as its contract says: nothing may escape the tidy (tf.keep, variables).
  const out = expectNoLeak(
    () =>
      tf.tidy(() => {
        const r = exactTrace(linear, z);
        return { dz: r.dz, trace: r.trace };
      }),
    () => 2,
    { ...ctx, input: { z } },
  );
  expectClose(out.trace, [1.3, 1.3, 1.3, 1.3], { ...ctx, call: `${ctx.call}: trace (Tr A = 1.3)` });
  expectClose(out.dz, tf.tidy(() => linear(z)), { ...ctx, call: `${ctx.call}: dz` });
  const square = (x: tf.Tensor) => {
    const [z1, z2] = tf.unstack(x, 1);
    return tf.stack([tf.square(z1), tf.mul(z1, z2)], 1);
  };
  const z2 = tf.tensor2d([[1, 2], [-0.5, 3], [2, 0]]);
  const tr = tf.tidy(() => exactTrace(square, z2).trace);
  expectClose(tr, [3, -1.5, 6], {
    call: "exactTrace(f(z) = (z1², z1·z2), z = [[1, 2], [−0.5, 3], [2, 0]])",
    likelyCause: "∂f1/∂z1 + ∂f2/∂z2 = 2·z1 + z1 for every row",
  });
  tf.dispose([z, out.dz, out.trace, z2, tr]);
});

Deno.test("task 12.1 exactTrace matches finite differences and the library for an MLP field", () => {
  const field = new MlpField({ dim: 2, hidden: [8], seed: 5 });
  const f = field.at(0.4);
  const z = tf.tensor2d([[0.3, -0.8], [1.2, 0.5]]);
  const got = tf.tidy(() => exactTrace(f, z).trace);
  const want = tf.tidy(() => cnf.exactTrace(f, z).trace);
  const ctx = { call: "exactTrace(time-conditioned tanh MLP field at t = 0.4, z [2, 2])" };
  expectClose(got, want, ctx);
  const rows = z.arraySync();
  const fd = rows.map((row) => {
    const fAt = (p: number[], k: number) => take(tf.tidy(() => f(tf.tensor2d([p]))))[k];
    return [0, 1].reduce((s, k) => s + finiteDifference((p) => fAt(p, k), row, 1e-2)[k], 0);
  });
  expectClose(got, fd, { ...ctx, call: `${ctx.call} vs central finite differences` }, {
    atol: 2e-3,
  });
  tf.dispose([z, got, want]);
  field.dispose();
});

Deno.test("task 12.2 hutchinsonTrace is εᵀAε for given probes and averages to Tr A", () => {
  const eps = tf.tensor2d([[1, -1, 1], [1, 1, -1]]);
  const z = tf.zeros([2, 3]) as tf.Tensor2D;
  const ctx = {
    call: "hutchinsonTrace(f(z) = A·z, z, ε = [[1, −1, 1], [1, 1, −1]])",
    likelyCause: "one vector–Jacobian product with ε as the cotangent, then its dot product " +
      "with ε per row",
  };
  const quad = (e: number[]) =>
    e.reduce((s, ei, i) => s + ei * A[i].reduce((t, aij, j) => t + aij * e[j], 0), 0);
  const out = expectNoLeak(
    () => tf.tidy(() => hutchinsonTrace(linear, z, eps).trace),
    () => 1,
    { ...ctx, input: { z, eps } },
  );
  expectClose(out, [quad([1, -1, 1]), quad([1, 1, -1])], ctx);
  // Averaged over many Rademacher probes the estimate is Tr A = 1.3.
  const n = 4000;
  const probes = probeNoise([n, 3], "rademacher", 3);
  const mean = tf.tidy(() =>
    tf.mean(hutchinsonTrace(linear, tf.zeros([n, 3]) as tf.Tensor2D, probes).trace)
  );
  expectClose(mean, 1.3, {
    call: "mean of hutchinsonTrace(A·z) over 4000 Rademacher probes (unbiased: → Tr A = 1.3)",
  }, { atol: 0.1 });
  tf.dispose([eps, z, out, probes, mean]);
});

Deno.test("task 12.2 hutchinsonTrace matches the library for an MLP field", () => {
  const field = new MlpField({ dim: 2, hidden: [8], seed: 6 });
  const f = field.at(0.1);
  const z = seededTensor([5, 2], 82) as tf.Tensor2D;
  const eps = probeNoise([5, 2], "gaussian", 9);
  const got = tf.tidy(() => {
    const r = hutchinsonTrace(f, z, eps);
    return [r.dz, r.trace];
  });
  const want = tf.tidy(() => {
    const r = cnf.hutchinsonTrace(f, z, eps);
    return [r.dz, r.trace];
  });
  expectClose(got[0], want[0], { call: "hutchinsonTrace(MLP field, z [5, 2], Gaussian ε): dz" });
  expectClose(got[1], want[1], { call: "hutchinsonTrace(MLP field, z [5, 2], Gaussian ε): trace" });
  tf.dispose([z, eps, ...got, ...want]);
  field.dispose();
});

Deno.test("task 12.3 changeOfVariables gives the log-density of a linear flow in closed form", () => {
  // dz/dt = D·z with D = diag(0.5, −0.3) on [0, 1]: x = e^{D}z0, log p(x) = log N(e^{−D}x) − Tr D.
  const field = new LinearField([[0.5, 0], [0, -0.3]]);
  const x = tf.tensor2d([[0.2, -1], [1.5, 0.4], [0, 0]]);
  const [n, d] = [3, 2];
  const units = cnf.unitCotangents(n, d);
  const ctx = {
    call: "changeOfVariables(exact trace of dz/dt = diag(0.5, −0.3)·z) integrated from t = 1 to 0",
    likelyCause: "the augmented field is [f(t, z), −Tr] on [z, Δ]: z = the first d columns",
  };
  const aug = changeOfVariables((t, z) => cnf.exactTrace(field.at(t), z, units), n, d);
  const logp = tf.tidy(() => {
    const ys = odeint(aug, tf.concat([x, tf.zeros([n, 1])], 1), [1, 0], {
      method: "rk4",
      stepSize: 0.125,
    });
    const end = tf.reshape(tf.slice(ys, [1, 0, 0], [1, n, d + 1]), [n, d + 1]);
    const z0 = tf.slice(end, [0, 0], [n, d]) as tf.Tensor2D;
    return tf.sub(cnf.standardNormalLogProb(z0), tf.reshape(tf.slice(end, [0, d], [n, 1]), [n]));
  });
  const want = x.arraySync().map(([x1, x2]) => {
    const [z1, z2] = [x1 * Math.exp(-0.5), x2 * Math.exp(0.3)];
    return -Math.log(2 * Math.PI) - 0.5 * (z1 * z1 + z2 * z2) - 0.2;
  });
  expectClose(logp, want, ctx, { atol: 1e-4 });
  // The field is called at every stage of a solve: each call must free what it makes.
  const y = tf.ones([n, d + 1]);
  const out = expectNoLeak(() => aug(0.5, y), () => 1, {
    call: "changeOfVariables(…)(t = 0.5, y = ones [3, 3]): one call of the augmented field",
    input: { y },
  });
  expectTrue(
    out.shape.join() === "3,3",
    ctx,
    `the field returned shape [${out.shape}], expected [3, 3]`,
  );
  tf.dispose([x, units, logp, y, out]);
  field.dispose();
});

Deno.test("task 12.3 changeOfVariables reproduces a CNF's logProb", () => {
  const model = new cnf.CNF({ hyper: { width: 4, hidden: 8, seed: 2 } });
  const x = seededTensor([6, 2], 83) as tf.Tensor2D;
  const [n, d] = [6, 2];
  const want = model.logProb(x, { trace: "exact" });
  const units = cnf.unitCotangents(n, d);
  const got = tf.tidy(() => {
    const aug = changeOfVariables((t, z) => cnf.exactTrace(model.field.at(t), z, units), n, d);
    const ys = odeint(aug, tf.concat([x, tf.zeros([n, 1])], 1), [model.t1, model.t0], model.solver);
    const end = tf.reshape(tf.slice(ys, [1, 0, 0], [1, n, d + 1]), [n, d + 1]);
    const z0 = tf.slice(end, [0, 0], [n, d]) as tf.Tensor2D;
    return tf.sub(cnf.standardNormalLogProb(z0), tf.reshape(tf.slice(end, [0, d], [n, 1]), [n]));
  });
  expectClose(
    got,
    want,
    { call: "log p(x) through changeOfVariables vs CNF.logProb (HyperField)" },
    {
      atol: 1e-4,
    },
  );
  tf.dispose([x, want, units, got]);
  model.dispose();
});
