/**
 * The MLP's deferred weight gradients (lib/nn/deferred_weight_grads.ts): one product per layer
 * for all evaluations of a backward pass must give the gradients of the op-by-op network, for
 * fields evaluated many times (chained, branched, on independent inputs, inside a solve), cost
 * the same weight-gradient kernels however many evaluations there are, and leak nothing.
 */
import assert from "node:assert/strict";
import { MLP, solve } from "../../lib/mod.ts";
import { backend, tf } from "../_setup.ts";
import { initBackend } from "../../lib/backend.ts";

type Path = "deferred" | "plain";

const apply = (mlp: MLP, x: tf.Tensor, path: Path) =>
  path === "deferred" ? mlp.apply(x) : mlp.applyOpByOp(x);

/** A loss that evaluates the MLP 4 times: a chain of two, a branch, an independent input. */
function fourUses(mlp: MLP, x: tf.Tensor, other: tf.Tensor, path: Path): tf.Scalar {
  const a = apply(mlp, x, path);
  const b = apply(mlp, tf.tanh(a), path);
  const c = apply(mlp, tf.mul(a, 0.5), path);
  const d = apply(mlp, other, path);
  return tf.addN([tf.sum(tf.square(b)), tf.mul(tf.sum(c), 3), tf.sum(tf.sin(d))]) as tf.Scalar;
}

function gradients(mlp: MLP, loss: (path: Path) => tf.Scalar, path: Path): number[][] {
  return tf.tidy(() => {
    const { grads } = tf.variableGrads(() => loss(path), mlp.parameters());
    return Object.values(grads).map((g) => Array.from(g.dataSync()));
  });
}

function maxRelativeDifference(a: number[][], b: number[][]): number {
  let worst = 0;
  a.forEach((ga, i) => {
    const scale = Math.max(1e-6, ...b[i].map(Math.abs));
    ga.forEach((v, j) => (worst = Math.max(worst, Math.abs(v - b[i][j]) / scale)));
  });
  return worst;
}

for (const name of ["cpu", "wasm"] as const) {
  Deno.test(`deferred weight gradients (${name}): equal op-by-op autodiff`, async (t) => {
    await initBackend({ order: [name] });
    try {
      await t.step("four evaluations: chained, branched and on an independent input", () => {
        for (const activation of ["elu", "tanh"] as const) {
          const mlp = new MLP([3, 16, 16, 3], { activation, seed: 2 });
          const x = tf.randomNormal([5, 3], 0, 1, "float32", 1);
          const other = tf.randomNormal([7, 3], 0, 1, "float32", 2);
          const loss = (path: Path) => fourUses(mlp, x, other, path);
          const deferred = gradients(mlp, loss, "deferred");
          const plain = gradients(mlp, loss, "plain");
          const diff = maxRelativeDifference(deferred, plain);
          assert.ok(diff < 1e-5, `${activation}: weight gradients differ by ${diff}`);
          tf.dispose([x, other]);
          mlp.dispose();
        }
      });
      await t.step("rk4 solve of an MLP field (40 evaluations)", () => {
        const mlp = new MLP([2, 32, 32, 2], { seed: 5 });
        const y0 = tf.tensor2d([[1, 0], [-0.5, 2], [0.3, -1]]);
        const ts = [0, 0.25, 0.5, 0.75, 1];
        const loss = (path: Path) => {
          const f = (_t: number, y: tf.Tensor) => apply(mlp, y, path);
          const { ys } = solve(f, y0, ts, { method: "rk4", stepSize: 0.1 });
          return tf.sum(tf.square(ys)) as tf.Scalar;
        };
        const diff = maxRelativeDifference(
          gradients(mlp, loss, "deferred"),
          gradients(mlp, loss, "plain"),
        );
        assert.ok(diff < 1e-5, `weight gradients differ by ${diff}`);
        y0.dispose();
        mlp.dispose();
      });
    } finally {
      await initBackend({ order: [backend.name] });
    }
  });
}

/** Kernels launched by one gradient of a loss that evaluates the MLP `uses` times in a chain. */
async function kernelsOfGradient(mlp: MLP, uses: number): Promise<Map<string, number>> {
  const x = tf.randomNormal([4, 3], 0, 1, "float32", 3);
  const profile = await tf.profile(() => {
    tf.tidy(() => {
      tf.variableGrads(() => {
        let h = x;
        for (let i = 0; i < uses; i++) h = mlp.apply(h);
        return tf.sum(h) as tf.Scalar;
      }, mlp.parameters());
    });
  });
  x.dispose();
  const counts = new Map<string, number>();
  for (const k of profile.kernels) counts.set(k.name, (counts.get(k.name) ?? 0) + 1);
  return counts;
}

Deno.test("deferred weight gradients: one product per layer, however many evaluations", async () => {
  const mlp = new MLP([3, 8, 8, 3], { seed: 1 });
  const few = await kernelsOfGradient(mlp, 2);
  const many = await kernelsOfGradient(mlp, 12);
  // dW = Hᵀ·DZ and db = Σ DZ: the same 3 products and 3 sums for 2 evaluations as for 12.
  const weightSums = (counts: Map<string, number>) => counts.get("Sum") ?? 0;
  assert.equal(weightSums(many), weightSums(few), "db: one Sum per layer");
  // Per extra evaluation: 3 forward products and the 3 dx = dz·Wᵀ products of the backward.
  const products = (counts: Map<string, number>) =>
    (counts.get("BatchMatMul") ?? 0) + (counts.get("_FusedMatMul") ?? 0);
  assert.equal(products(many) - products(few), 10 * (3 + 3), "products per extra evaluation");
  mlp.dispose();
});

Deno.test("deferred weight gradients: training steps, and gradients that skip the weights, leak nothing", () => {
  const mlp = new MLP([2, 16, 2], { seed: 3 });
  const optimizer = tf.train.adam(1e-2);
  const x = tf.randomNormal([6, 2], 0, 1, "float32", 4);
  const step = () =>
    optimizer.minimize(() => tf.sum(tf.square(mlp.apply(mlp.apply(x)))) as tf.Scalar, false);
  step(); // Adam makes its moment slots on the first step
  const before = tf.memory().numTensors;
  for (let i = 0; i < 5; i++) step();
  assert.equal(tf.memory().numTensors, before, "training steps");
  // A gradient with respect to the input only: the weight node is never reached.
  const gx = tf.grad((xi: tf.Tensor) => tf.sum(mlp.apply(xi)))(x);
  gx.dispose();
  step(); // the next recorded use frees what that pass left behind
  assert.equal(tf.memory().numTensors, before, "after an input-only gradient");
  optimizer.dispose();
  x.dispose();
  const beforeDispose = tf.memory().numTensors;
  const probe = tf.ones([1, 2]);
  tf.grad((xi: tf.Tensor) => tf.sum(mlp.apply(xi)))(probe).dispose();
  probe.dispose();
  const weights = mlp.parameters().length;
  mlp.dispose();
  assert.ok(
    tf.memory().numTensors <= beforeDispose - weights,
    "dispose frees the weights and what the last pass left",
  );
});
