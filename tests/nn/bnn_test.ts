/**
 * The mean-field Bayesian MLP: closed-form KL, reparameterised function samples (seeded, with
 * the posterior's spread), gradients that reach the std parameters, and its fused op.
 */
import assert from "node:assert/strict";
import { BayesianMLP, inverseSoftplus } from "../../lib/nn/bnn.ts";
import type { Activation } from "../../lib/nn/fused_mlp.ts";
import { assertGradientsMatchFiniteDifferences } from "../_model_checks.ts";
import { expectNoLeak, maxAbsDiff, tf } from "../_setup.ts";

/** Sets every mean and every std of `bnn` by a function of (parameter index, element index). */
function setPosterior(
  bnn: BayesianMLP,
  mean: (p: number, i: number) => number,
  std: (p: number, i: number) => number,
) {
  bnn.layers.forEach((layer, l) => {
    [[layer.Wmean, layer.Wrho], [layer.bmean, layer.brho]].forEach(([m, r], j) => {
      const p = 2 * l + j;
      const idx = Array.from({ length: m.size }, (_, i) => i);
      tf.tidy(() => {
        m.assign(tf.tensor(idx.map((i) => mean(p, i)), m.shape));
        r.assign(tf.tensor(idx.map((i) => inverseSoftplus(std(p, i))), r.shape));
      });
    });
  });
}

Deno.test("BNN: KL(q ‖ N(0, priorStd²)) equals the closed form for hand-set means and stds", () => {
  for (const priorStd of [1, 2]) {
    const bnn = new BayesianMLP([2, 3, 1], { priorStd });
    const mean = (p: number, i: number) => 0.3 * Math.sin(p + 1.7 * i);
    const std = (p: number, i: number) => 0.05 + 0.1 * ((p + i) % 4);
    setPosterior(bnn, mean, std);
    let expected = 0;
    const counts = [6, 3, 3, 1];
    counts.forEach((n, p) => {
      for (let i = 0; i < n; i++) {
        const r = (std(p, i) / priorStd) ** 2;
        expected += 0.5 * (r + (mean(p, i) / priorStd) ** 2 - 1 - Math.log(r));
      }
    });
    const kl = bnn.kl();
    const got = kl.dataSync()[0];
    kl.dispose();
    assert.ok(
      Math.abs(got - expected) < 1e-4 * Math.abs(expected),
      `priorStd ${priorStd}: KL ${got} vs closed form ${expected}`,
    );
    bnn.dispose();
  }
});

Deno.test("BNN: initial std, shapes, parameter names", () => {
  const bnn = new BayesianMLP([2, 16, 2], { initStd: 0.01, seed: 3 });
  assert.deepEqual(Object.keys(bnn.namedParameters()), [
    "W0_mean",
    "W0_rho",
    "b0_mean",
    "b0_rho",
    "W1_mean",
    "W1_rho",
    "b1_mean",
    "b1_rho",
  ]);
  const stds = bnn.stds();
  for (const s of stds) assert.ok(maxAbsDiff(s.dataSync(), new Array(s.size).fill(0.01)) < 1e-6);
  tf.dispose(stds);
  const f = bnn.drawF(1);
  const x = tf.ones([5, 2]);
  const y = f(0, x);
  assert.deepEqual(y.shape, [5, 2]);
  assert.equal(f.weights.length, 4);
  tf.dispose([x, y]);
  f.dispose();
  f.dispose(); // twice is harmless
  bnn.dispose();
});

Deno.test("BNN: drawF is a fixed function; seeds give different samples with the posterior's spread", () => {
  const bnn = new BayesianMLP([4, 50, 3], { initStd: 0.05, seed: 1 });
  const x = tf.randomNormal([7, 4], 0, 1, "float32", 2);
  const means = bnn.means().map((m) => m.dataSync());
  const draw = (seed: number) => {
    const f = bnn.drawF(seed);
    const w = f.weights.map((t) => t.dataSync().slice());
    const y1 = f(0, x);
    const y2 = f(3.5, x);
    assert.equal(maxAbsDiff(y1.dataSync(), y2.dataSync()), 0, "one sample, one function");
    const out = y1.dataSync().slice();
    tf.dispose([y1, y2]);
    f.dispose();
    return { w, out };
  };
  const a = draw(10);
  const a2 = draw(10);
  const b = draw(11);
  assert.equal(maxAbsDiff(a.out, a2.out), 0, "same seed, same function");
  assert.ok(maxAbsDiff(a.out, b.out) > 1e-3, "another seed, another function");
  // (w − µ)/σ over 20 samples × 353 weights: mean ≈ 0, std ≈ 1.
  const z: number[] = [];
  for (let s = 0; s < 20; s++) {
    const { w } = draw(100 + 7 * s);
    w.forEach((arr, p) => arr.forEach((v, i) => z.push((v - means[p][i]) / 0.05)));
  }
  const m = z.reduce((s, v) => s + v, 0) / z.length;
  const sd = Math.sqrt(z.reduce((s, v) => s + (v - m) ** 2, 0) / (z.length - 1));
  assert.ok(Math.abs(m) < 0.05, `standardised mean ${m}`);
  assert.ok(Math.abs(sd - 1) < 0.05, `standardised std ${sd} (n = ${z.length})`);
  x.dispose();
  bnn.dispose();
});

Deno.test("BNN: gradients reach means and std parameters and match finite differences", () => {
  const bnn = new BayesianMLP([2, 6, 2], { initStd: 0.3, seed: 5 });
  const x = tf.randomNormal([4, 2], 0, 1, "float32", 9);
  const target = tf.randomNormal([4, 2], 0, 1, "float32", 10);
  const lossFn = () => {
    const f = bnn.drawF(42);
    try {
      return {
        loss: tf.tidy(() =>
          tf.add(tf.mean(tf.square(tf.sub(f(0, x), target))), tf.mul(1e-2, bnn.kl()))
        ) as tf.Scalar,
      };
    } finally {
      f.dispose();
    }
  };
  const grads = tf.tidy(() => {
    const { value, grads } = tf.variableGrads(() => lossFn().loss, bnn.parameters());
    value.dispose();
    return grads;
  });
  for (const [name, p] of Object.entries(bnn.namedParameters())) {
    const norm = tf.tidy(() => tf.norm(grads[p.name]).dataSync()[0]);
    assert.ok(norm > 1e-5, `gradient of ${name} is ${norm}`);
  }
  tf.dispose(Object.values(grads));
  assertGradientsMatchFiniteDifferences(bnn, lossFn, { samples: 2 });
  tf.dispose([x, target]);
  bnn.dispose();
});

Deno.test("BNN: the fused sampled op equals op-by-op autodiff (seededF) for every activation", () => {
  const acts: Activation[] = ["elu", "tanh", "relu", "softplus", "sigmoid", "linear"];
  for (const activation of acts) {
    const bnn = new BayesianMLP([3, 9, 7, 2], { activation, initStd: 0.2, seed: 2 });
    const x = tf.randomNormal([5, 3], 0, 1, "float32", 3);
    const w = tf.randomNormal([5, 2], 0, 1, "float32", 4);
    const gradsOf = (which: "fused" | "seeded") =>
      tf.tidy(() => {
        const { value, grads } = tf.variableGrads(() => {
          // Sampled inside the taped function, so that the gradient reaches µ and ρ.
          if (which === "seeded") return tf.sum(tf.mul(bnn.seededF(17)(0, x), w)) as tf.Scalar;
          const f = bnn.drawF(17);
          const out = tf.sum(tf.mul(f(0, x), w)) as tf.Scalar;
          f.dispose(); // before the backward pass: the op saved what it needs
          return out;
        }, bnn.parameters());
        return [value.dataSync()[0], ...bnn.parameters().map((p) => grads[p.name].dataSync())];
      });
    const [vf, ...gf] = gradsOf("fused");
    const [vs, ...gs] = gradsOf("seeded");
    assert.ok(Math.abs((vf as number) - (vs as number)) < 1e-5, `${activation}: values differ`);
    gf.forEach((g, i) => {
      const d = maxAbsDiff(g as Float32Array, gs[i] as Float32Array);
      assert.ok(d < 1e-5, `${activation}: gradient ${i} differs by ${d}`);
    });
    tf.dispose([x, w]);
    bnn.dispose();
  }
});

Deno.test("BNN: drawing, using and disposing samples leaks nothing", async () => {
  const bnn = new BayesianMLP([2, 8, 2]);
  const x = tf.ones([3, 2]);
  await expectNoLeak(() => {
    for (let i = 0; i < 5; i++) {
      const f = bnn.drawF();
      tf.dispose(f(0, x));
      f.dispose();
      const m = bnn.meanF();
      tf.dispose(m(0, x));
      m.dispose();
      tf.dispose(bnn.kl());
    }
  }, "BNN sampling");
  x.dispose();
  bnn.dispose();
});

Deno.test("BNN: drawBatchF gives each row its own fixed function, with gradients to µ and ρ", async () => {
  const bnn = new BayesianMLP([3, 8, 3], { seed: 4, initStd: 0.3 });
  const y = tf.tensor2d([[0.1, -0.2, 0.3], [0.1, -0.2, 0.3], [1, 0, -1]]);
  await expectNoLeak(() => {
    const f = bnn.drawBatchF(11, 3);
    const out = f(0, y);
    // Row i is the MLP with the i-th slice of every sampled tensor.
    for (let i = 0; i < 3; i++) {
      const w = tf.tidy(() => f.weights.map((t) => tf.squeeze(tf.slice(t, [i], [1]))));
      const row = tf.tidy(() => {
        const h = tf.elu(tf.add(tf.matMul(tf.slice(y, [i, 0], [1, 3]), w[0]), w[1]));
        return tf.add(tf.matMul(h, w[2]), w[3]);
      });
      const got = tf.slice(out, [i, 0], [1, 3]);
      assert.ok(maxAbsDiff(row.dataSync(), got.dataSync()) < 1e-5);
      got.dispose();
      tf.dispose([...w, row]);
    }
    // The same input in rows 0 and 1 moves differently: two draws, not one.
    const d = out.arraySync() as number[][];
    assert.ok(maxAbsDiff(d[0], d[1]) > 1e-3, "rows 0 and 1 shared a draw");
    // A fixed function: calling it again gives the same values.
    const again = f(0.5, y);
    assert.equal(maxAbsDiff(again.dataSync(), out.dataSync()), 0);
    tf.dispose([out, again]);
    f.dispose();
    const wrong = bnn.drawBatchF(1, 2);
    assert.throws(() => wrong(0, y), /3 rows, the draw 2/);
    wrong.dispose();
    const { value, grads } = tf.variableGrads(() => {
      const g = bnn.drawBatchF(5, 3);
      const s = tf.sum(tf.square(g(0, y))) as tf.Scalar;
      g.dispose();
      return s;
    }, bnn.parameters());
    for (const [name, g] of Object.entries(grads)) {
      const size = tf.tidy(() => tf.sum(tf.abs(g)).dataSync()[0]);
      assert.ok(size > 0, `no gradient reaches ${name}`);
    }
    tf.dispose([value, ...Object.values(grads)]);
  });
  y.dispose();
  bnn.dispose();
});
