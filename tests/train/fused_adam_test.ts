/**
 * FusedAdam (lib/train/fused_adam.ts) off the GPU: it is tfjs's AdamOptimizer step for step
 * (values and saved weights), and the float32 β^t it keeps in JavaScript for the GPU kernels
 * equals the accumulators tfjs keeps on the device. Its kernels are checked against tfjs's Adam
 * on webgl and webgpu in tests/site/fused_rk_test.ts (bit for bit there).
 */
import assert from "node:assert/strict";
import { adam, FusedAdam } from "../../lib/train/fused_adam.ts";
import { tf } from "../_setup.ts";

/** Ten Adam steps of a small least-squares problem; the values after each step. */
async function train(optimizer: tf.Optimizer): Promise<number[][]> {
  const w = tf.variable(tf.tensor1d([0.5, -1, 2]), true, `w${Math.random()}`);
  const x = tf.tensor2d([[1, 2, 3], [0.5, -1, 0], [2, 0, 1]]);
  const y = tf.tensor1d([1, 0, -1]);
  const values: number[][] = [];
  for (let i = 0; i < 10; i++) {
    optimizer.minimize(
      () => {
        const r = tf.sub(tf.squeeze(tf.matMul(x, tf.expandDims(w, 1))), y);
        return tf.mean(tf.square(r)) as tf.Scalar;
      },
      false,
      [w],
    );
    values.push(Array.from(await w.data()));
  }
  tf.dispose([w, x, y]);
  return values;
}

Deno.test("FusedAdam off the GPU: tfjs's Adam, step for step", async () => {
  const fused = adam(0.05);
  const reference = tf.train.adam(0.05);
  assert.ok(fused instanceof FusedAdam);
  assert.deepEqual(await train(fused), await train(reference));
  const names = (ws: { name: string }[]) => ws.map((w) => w.name.replace(/w[\d.]+/, "w"));
  assert.deepEqual(names(await fused.getWeights()), names(await reference.getWeights()));
  fused.dispose();
  reference.dispose();
});

Deno.test("FusedAdam keeps β^t as tfjs accumulates it, in float32", async () => {
  const optimizer = new FusedAdam(0.01, 0.9, 0.999);
  await train(optimizer);
  const state = optimizer as unknown as {
    powers: [number, number];
    accBeta1: tf.Variable;
    accBeta2: tf.Variable;
  };
  assert.equal(state.powers[0], (await state.accBeta1.data())[0]);
  assert.equal(state.powers[1], (await state.accBeta2.data())[0]);
  assert.notEqual(state.powers[0], 0.9 ** 11, "a float64 power would differ: the test can tell");
  optimizer.dispose();
});

Deno.test("FusedAdam restored from saved weights mirrors the restored β^t", async () => {
  const trained = adam(0.05);
  await train(trained);
  const restored = adam(0.05);
  await restored.setWeights(await trained.getWeights());
  const powers = (o: tf.Optimizer) => (o as unknown as { powers: [number, number] }).powers;
  assert.deepEqual(powers(restored), powers(trained));
  trained.dispose();
  restored.dispose();
});
