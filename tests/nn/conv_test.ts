/** Conv layer, encoder and decoder: shapes, names, and every conv path equals tf.conv2d. */
import assert from "node:assert/strict";
import { Conv2d, conv2d, ConvDecoder, ConvEncoder } from "../../lib/nn/conv.ts";
import { initBackend } from "../../lib/backend.ts";
import { backend, expectNoLeak, maxAbsDiff, tf } from "../_setup.ts";

const CASES: [number, number, number, number][] = [
  // [size, kernel, stride, channels in]
  [28, 3, 2, 1],
  [14, 3, 2, 4],
  [7, 3, 1, 5],
  [9, 3, 2, 2],
  [8, 1, 1, 3],
  [6, 4, 2, 2],
];

Deno.test("conv2d: equals tf.conv2d 'same' for every size, kernel and stride", () => {
  tf.tidy(() => {
    for (const [size, k, stride, cin] of CASES) {
      const x = tf.randomNormal([2, size, size, cin], 0, 1, "float32", size) as tf.Tensor4D;
      const f = tf.randomNormal([k, k, cin, 3], 0, 1, "float32", k) as tf.Tensor4D;
      const ref = tf.conv2d(x, f, stride, "same").dataSync();
      const y = conv2d(x, f, stride);
      assert.ok(maxAbsDiff(y.dataSync(), ref) < 1e-4, `${size}/${k}/${stride}`);
    }
  });
});

for (const name of ["cpu", "wasm"] as const) {
  Deno.test(`conv2d (${name}): filter and input gradients equal tf.conv2d's on cpu`, async () => {
    for (const [size, k, stride, cin] of CASES) {
      const gradients = (conv: (a: tf.Tensor4D, b: tf.Tensor4D) => tf.Tensor4D) =>
        tf.tidy(() => {
          const x = tf.randomNormal([2, size, size, cin], 0, 1, "float32", 3) as tf.Tensor4D;
          const f = tf.randomNormal([k, k, cin, 3], 0, 1, "float32", 4) as tf.Tensor4D;
          const out = Math.ceil(size / stride);
          const w = tf.randomNormal([2, out, out, 3], 0, 1, "float32", 5);
          return tf.grads((a: tf.Tensor, b: tf.Tensor) =>
            tf.sum(tf.mul(conv(a as tf.Tensor4D, b as tf.Tensor4D), w))
          )([x, f]).map((g) => g.dataSync());
        });
      // The reference: tfjs's own conv gradients, on cpu (wasm has no filter gradient).
      await initBackend({ order: ["cpu"] });
      const want = gradients((a, b) => tf.conv2d(a, b, stride, "same"));
      await initBackend({ order: [name] });
      try {
        const got = gradients((a, b) => conv2d(a, b, stride));
        got.forEach((g, i) => {
          assert.ok(maxAbsDiff(g, want[i]) < 1e-3, `${size}/${k}/${stride}: gradient ${i}`);
        });
      } finally {
        await initBackend({ order: [backend.name] });
      }
    }
  });
}

Deno.test("Conv2d layer: shapes, local names, seeded init", async () => {
  await expectNoLeak(() => {
    const a = new Conv2d(3, 8, { stride: 2, seed: 1 });
    const b = new Conv2d(3, 8, { stride: 2, seed: 1 });
    assert.deepEqual(Object.keys(a.namedParameters()), ["W", "b"]);
    assert.deepEqual(a.W.shape, [3, 3, 3, 8]);
    assert.deepEqual(a.W.dataSync(), b.W.dataSync());
    const x = tf.zeros([2, 28, 28, 3]) as tf.Tensor4D;
    const y = a.apply(x);
    assert.deepEqual(y.shape, [2, 14, 14, 8]);
    tf.dispose([x, y]);
    a.dispose();
    b.dispose();
  });
});

Deno.test("ConvEncoder: [b, 28, 28, c] → mean, logVar [b, latent]; configurable channels", async () => {
  await expectNoLeak(() => {
    const enc = new ConvEncoder({ latentSize: 6, inputChannels: 3, channels: [8, 16], hidden: 32 });
    assert.equal(enc.featureSize, 7);
    assert.deepEqual(Object.keys(enc.namedParameters()), [
      "conv0/W",
      "conv0/b",
      "conv1/W",
      "conv1/b",
      "dense/W0",
      "dense/b0",
      "dense/W1",
      "dense/b1",
    ]);
    const x = tf.randomUniform([5, 28, 28, 3], 0, 1, "float32", 1);
    const out = enc.apply(x);
    const { mean, logVar } = enc.encode(x);
    assert.deepEqual(out.shape, [5, 12]);
    assert.deepEqual(mean.shape, [5, 6]);
    assert.deepEqual(logVar.shape, [5, 6]);
    assert.deepEqual(mean.dataSync(), tf.tidy(() => out.slice([0, 0], [5, 6]).dataSync()));
    tf.dispose([x, out, mean, logVar]);
    enc.dispose();
    const def = new ConvEncoder({ latentSize: 16 });
    assert.equal(def.parameterCount(), 55_008);
    def.dispose();
  });
});

Deno.test("ConvDecoder: [b, latent] → logits [b, 28, 28, c]; rejects sizes it cannot reach", async () => {
  await expectNoLeak(() => {
    const dec = new ConvDecoder({ latentSize: 6, outputChannels: 2, channels: [8, 4] });
    assert.deepEqual(Object.keys(dec.namedParameters()), [
      "dense/W0",
      "dense/b0",
      "conv0/W",
      "conv0/b",
      "conv1/W",
      "conv1/b",
    ]);
    const z = tf.randomNormal([3, 6], 0, 1, "float32", 2);
    const y = dec.apply(z);
    assert.deepEqual(y.shape, [3, 28, 28, 2]);
    tf.dispose([z, y]);
    dec.dispose();
    const def = new ConvDecoder({ latentSize: 16 });
    assert.equal(def.parameterCount(), 31_425);
    def.dispose();
  });
  assert.throws(() => new ConvDecoder({ latentSize: 2, imageSize: 30 }), /divisible/);
});
