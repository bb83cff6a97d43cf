/**
 * The MLP vector field: its fused op (hand-written backward) must give exactly the gradients of
 * the plain op-by-op network, on cpu and on wasm (where it takes the transpose-free path).
 */
import assert from "node:assert/strict";
import { MLP } from "../../lib/mod.ts";
import type { Activation } from "../../lib/nn/fused_mlp.ts";
import { backend, expectNoLeak, tf } from "../_setup.ts";
import { initBackend } from "../../lib/backend.ts";

const ACTS: Activation[] = ["elu", "tanh", "relu", "softplus", "sigmoid", "linear"];

function gradsOf(mlp: MLP, x: tf.Tensor, w: tf.Tensor, path: "fused" | "plain") {
  const params = mlp.parameters();
  return tf.tidy(() => {
    const [gx, ...gp] = tf.grads((xi: tf.Tensor, ...ps: tf.Tensor[]) => {
      void ps;
      const out = path === "fused" ? mlp.apply(xi) : mlp.applyOpByOp(xi);
      return tf.sum(tf.mul(out, w));
    })([x, ...params]);
    return [gx, ...gp].map((g) => g.arraySync());
  });
}

function maxRel(a: unknown, b: unknown): number {
  const fa = (a as number[]).flat(3) as number[];
  const fb = (b as number[]).flat(3) as number[];
  const scale = Math.max(1e-6, ...fb.map(Math.abs));
  return Math.max(...fa.map((v, i) => Math.abs(v - fb[i]))) / scale;
}

for (const name of ["cpu", "wasm"] as const) {
  Deno.test(`MLP (${name}): fused backward equals op-by-op autodiff for every activation`, async () => {
    await initBackend({ order: [name] });
    try {
      for (const activation of ACTS) {
        const mlp = new MLP([3, 17, 11, 2], { activation, seed: 4 });
        const x = tf.randomNormal([5, 3], 0, 1, "float32", 1);
        const w = tf.randomNormal([5, 2], 0, 1, "float32", 2);
        const fused = gradsOf(mlp, x, w, "fused");
        const plain = gradsOf(mlp, x, w, "plain");
        fused.forEach((g, i) => {
          assert.ok(
            maxRel(g, plain[i]) < 1e-5,
            `${activation}: gradient ${i} differs by ${maxRel(g, plain[i])}`,
          );
        });
        const yFused = mlp.apply(x);
        const yPlain = mlp.applyOpByOp(x);
        assert.ok(maxRel(yFused.arraySync(), yPlain.arraySync()) < 1e-6);
        tf.dispose([x, w, yFused, yPlain]);
        mlp.dispose();
      }
    } finally {
      await initBackend({ order: [backend.name] });
    }
  });
}

Deno.test("MLP: gradient w.r.t. a weight matches central finite differences", () => {
  const mlp = new MLP([2, 8, 2], { seed: 9 });
  const x = tf.randomNormal([4, 2], 0, 1, "float32", 3);
  const W = mlp.parameters()[0];
  const loss = () => tf.tidy(() => tf.sum(tf.square(mlp.apply(x))).dataSync()[0]);
  const g = tf.tidy(() =>
    tf.variableGrads(() => tf.sum(tf.square(mlp.apply(x))) as tf.Scalar, [W]).grads[W.name]
      .dataSync()
  );
  const values = W.dataSync().slice();
  for (const i of [0, 5, 11]) {
    const shifted = (d: number) => {
      const v = values.slice();
      v[i] += d;
      W.assign(tf.tensor(v, W.shape));
      return loss();
    };
    const fd = (shifted(1e-2) - shifted(-1e-2)) / 2e-2;
    W.assign(tf.tensor(values, W.shape));
    assert.ok(
      Math.abs(fd - g[i]) < 1e-2 * Math.max(1, Math.abs(fd)),
      `W[${i}]: ${g[i]} vs FD ${fd}`,
    );
  }
  x.dispose();
  mlp.dispose();
});

Deno.test("MLP: gradients of gradients (as a CNF trace needs) match finite differences in every layer", async (t) => {
  for (const activation of ["tanh", "elu", "sigmoid", "softplus"] as const) {
    await t.step(activation, () => {
      const mlp = new MLP([2, 6, 5, 2], { activation, seed: 2 });
      const x = tf.randomNormal([3, 2], 0, 1, "float32", 5);
      const v = tf.randomNormal([3, 2], 0, 1, "float32", 6);
      // h(θ) = Σ (vᵀ ∂f/∂x)² — a vector-Jacobian product, itself differentiated w.r.t. θ.
      const h = () =>
        tf.tidy(() => {
          const [gx] = tf.grads((xi: tf.Tensor) => tf.sum(tf.mul(mlp.apply(xi), v)))([x]);
          return tf.sum(tf.square(gx)) as tf.Scalar;
        });
      // The last bias does not enter ∂f/∂x, so h does not depend on it: skip it.
      for (const [name, W] of Object.entries(mlp.namedParameters()).filter(([n]) => n !== "b2")) {
        const g = tf.tidy(() => tf.variableGrads(h, [W]).grads[W.name].dataSync());
        const values = W.dataSync().slice();
        const i = values.length > 3 ? 3 : 0;
        const shifted = (d: number) => {
          const vals = values.slice();
          vals[i] += d;
          tf.tidy(() => W.assign(tf.tensor(vals, W.shape)));
          return tf.tidy(() => h().dataSync()[0]);
        };
        const fd = (shifted(1e-2) - shifted(-1e-2)) / 2e-2;
        tf.tidy(() => W.assign(tf.tensor(values, W.shape)));
        assert.ok(
          Math.abs(fd - g[i]) < 1e-3 + 1e-2 * Math.abs(fd),
          `${activation} ${name}[${i}]: ${g[i]} vs FD ${fd}`,
        );
      }
      tf.dispose([x, v]);
      mlp.dispose();
    });
  }
});

Deno.test("MLP: 20 Adam steps leak nothing; dispose frees every tensor it made", async () => {
  const before = tf.memory().numTensors;
  const mlp = new MLP([2, 32, 32, 2], { seed: 1 });
  const x = tf.randomNormal([10, 2], 0, 1, "float32", 7);
  const opt = tf.train.adam(1e-3);
  const step = () =>
    tf.dispose(opt.minimize(() => tf.mean(tf.square(mlp.apply(x))) as tf.Scalar, true)!);
  step(); // Adam creates its moment slots on the first step
  await expectNoLeak(() => {
    for (let i = 0; i < 20; i++) step();
  }, "20 training steps");
  opt.dispose();
  x.dispose();
  mlp.dispose();
  assert.equal(tf.memory().numTensors, before);
});
