/** GroupNorm: the group count, per-group standardisation, and the fused op against op by op. */
import assert from "node:assert/strict";
import { groupCount, GroupNorm, groupNormFused, groupNormOps } from "../../lib/nn/group_norm.ts";
import { maxAbsDiff, tf } from "../_setup.ts";

Deno.test("GroupNorm: each example's group standardised over space and its channels", () => {
  assert.equal(groupCount(16, 4), 4);
  assert.equal(groupCount(6, 4), 3);
  assert.equal(groupCount(2, 4), 2);
  assert.equal(groupCount(7, 4), 1);
  const norm = new GroupNorm(6, 4);
  assert.equal(norm.groups, 3);
  const x = tf.tidy(() => tf.add(tf.mul(tf.randomNormal([2, 5, 5, 6], 0, 1, "float32", 7), 3), 2));
  const y = norm.apply(x as tf.Tensor4D);
  const v = y.dataSync();
  for (let b = 0; b < 2; b++) {
    for (let g = 0; g < 3; g++) {
      const group: number[] = [];
      for (let p = 0; p < 25; p++) {
        for (let c = 2 * g; c < 2 * g + 2; c++) group.push(v[(b * 25 + p) * 6 + c]);
      }
      const mean = group.reduce((a, z) => a + z, 0) / group.length;
      const variance = group.reduce((a, z) => a + (z - mean) ** 2, 0) / group.length;
      assert.ok(
        Math.abs(mean) < 1e-4 && Math.abs(variance - 1) < 1e-3,
        `${b}/${g}: ${mean}, ${variance}`,
      );
    }
  }
  tf.dispose([x, y]);
  norm.dispose();
});

Deno.test("GroupNorm: the fused op (cpu, wasm) equals the op-by-op one, values and gradients", () => {
  const x = tf.variable(
    tf.tidy(() => tf.add(tf.mul(tf.randomNormal([5, 7, 7, 8], 0, 1, "float32", 11), 2), 1)),
  );
  const gamma = tf.variable(tf.randomNormal([8], 1, 0.3, "float32", 12));
  const beta = tf.variable(tf.randomNormal([8], 0, 0.3, "float32", 13));
  const w = tf.randomNormal([5, 7, 7, 8], 0, 1, "float32", 14);
  const run = (op: typeof groupNormOps) =>
    tf.tidy(() => {
      const { value, grads } = tf.variableGrads(
        () =>
          tf.sum(
            tf.mul(tf.square(op(x as unknown as tf.Tensor4D, gamma, beta, 2, 1e-5)), w),
          ) as tf.Scalar,
        [x, gamma, beta],
      );
      return [value.dataSync(), ...[x, gamma, beta].map((v) => grads[v.name].dataSync())];
    });
  const a = run(groupNormOps);
  const b = run(groupNormFused);
  a.forEach((want, i) => {
    const scale = Math.max(...Array.from(want, Math.abs));
    assert.ok(
      maxAbsDiff(want, b[i]) / scale < 1e-5,
      `output ${i}: ${maxAbsDiff(want, b[i]) / scale}`,
    );
  });
  tf.dispose([x, gamma, beta, w]);
});
