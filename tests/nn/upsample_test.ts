/** Nearest-neighbour upsampling: values and a gradient that matches its forward pass. */
import assert from "node:assert/strict";
import { upsample } from "../../lib/nn/conv.ts";
import { tf } from "../_setup.ts";

Deno.test("upsample: copies each pixel into a 2×2 block; its gradient sums the block back", () => {
  const x = tf.tensor4d([1, 2, 3, 4, 5, 6, 7, 8], [1, 2, 2, 2]);
  const y = upsample(x);
  assert.deepEqual(y.shape, [1, 4, 4, 2]);
  const v = y.arraySync()[0];
  assert.deepEqual([v[0][0], v[0][1], v[1][0], v[1][1]], [[1, 2], [1, 2], [1, 2], [1, 2]]);
  assert.deepEqual(v[3][3], [7, 8]);
  // d/dx Σ w ⊙ upsample(x) = the sum of w over each block (what tf.image's gradient got wrong).
  const w = tf.randomNormal([1, 4, 4, 2], 0, 1, "float32", 1);
  const [g] = tf.grads((a: tf.Tensor) => tf.sum(tf.mul(upsample(a as tf.Tensor4D), w)))([x]);
  const wv = (w.arraySync() as number[][][][])[0];
  const gv = (g.arraySync() as number[][][][])[0];
  for (let r = 0; r < 2; r++) {
    for (let c = 0; c < 2; c++) {
      for (let k = 0; k < 2; k++) {
        const want = wv[2 * r][2 * c][k] + wv[2 * r + 1][2 * c][k] + wv[2 * r][2 * c + 1][k] +
          wv[2 * r + 1][2 * c + 1][k];
        assert.ok(
          Math.abs(gv[r][c][k] - want) < 1e-5,
          `(${r},${c},${k}): ${gv[r][c][k]} vs ${want}`,
        );
      }
    }
  }
  tf.dispose([x, y, w, g]);
});
