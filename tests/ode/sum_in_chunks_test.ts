/**
 * sumInChunks: the solver's sums of many terms (dopri5's dense output adds 8) stay within
 * WebGPU's 8 storage buffers per shader stage, and are bit for bit tf.addN's on cpu and wasm.
 */
import assert from "node:assert/strict";
import { tf } from "../_setup.ts";
import { lincomb, MAX_ADDN_INPUTS, sumInChunks } from "../../lib/ode/state.ts";

Deno.test("sumInChunks: bit for bit tf.addN for 1 to 20 terms, and no leak", () => {
  for (let n = 1; n <= 20; n++) {
    const xs = Array.from(
      { length: n },
      (_, j) => tf.randomNormal([3, 5], 0, 10 ** (j % 4), "float32", 7 + j),
    );
    const want = tf.addN(xs);
    const before = tf.memory().numTensors;
    const got = sumInChunks(xs);
    assert.equal(tf.memory().numTensors, before + 1, `${n} terms: only the sum is left`);
    assert.deepEqual(Array.from(got.dataSync()), Array.from(want.dataSync()), `${n} terms`);
    tf.dispose([...xs, want, got]);
  }
});

Deno.test("lincomb: dopri5's 8-term combination agrees with a plain weighted sum", () => {
  assert.equal(MAX_ADDN_INPUTS, 7);
  const weights = [1, 0.1, -0.2, 0.3, 0.05, -0.4, 0.25, 0.125];
  const xs = weights.map((_, j) => tf.tensor1d([j + 1, -(j + 1) / 2]));
  const [got] = lincomb(weights.map((w, j) => [[xs[j]], w] as const));
  const want = [0, 1].map((i) => weights.reduce((s, w, j) => s + w * xs[j].dataSync()[i], 0));
  const values = Array.from(got.dataSync());
  values.forEach((v, i) => assert.ok(Math.abs(v - want[i]) < 1e-5, `${v} vs ${want[i]}`));
  tf.dispose([...xs, got]);
});
