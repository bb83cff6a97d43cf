/** Rotating MNIST: 16 frames of a "3" turning by 22.5° each, split ≈72/28 without test digits. */
import assert from "node:assert/strict";
import { mnistImage, mnistTestIndices } from "../../lib/data/mnist.ts";
import { loadMnist } from "../../lib/data/mnist_source.ts";
import { buildRotatingMnist, rotateImage, sequenceBatch } from "../../lib/data/rotating_mnist.ts";
import { expectNoLeak, maxAbsDiff, tf } from "../_setup.ts";

const data = loadMnist();
const rot = buildRotatingMnist(data, { seed: 0 });
const frame = (set: typeof rot.train, s: number, k: number) =>
  set.frames.subarray((s * 16 + k) * 784, (s * 16 + k + 1) * 784);
const ink = (x: ArrayLike<number>) => Array.from(x).reduce((a, b) => a + b, 0);

Deno.test("rotating mnist: 743 train / 289 test sequences of 16 frames at t = 0.1·k", () => {
  assert.equal(rot.train.count + rot.test.count, 1032);
  assert.equal(rot.train.count, 743);
  assert.equal(rot.test.count, 289);
  assert.ok(Math.abs(rot.train.count / 1032 - 750 / 1042) < 0.01);
  assert.equal(rot.frameCount, 16);
  assert.deepEqual(rot.times, Array.from({ length: 16 }, (_, k) => k / 10));
  assert.equal(rot.train.frames.length, 743 * 16 * 784);
  for (const i of [...rot.train.sources, ...rot.test.sources]) assert.equal(data.labels[i], 3);
  assert.equal(new Set([...rot.train.sources, ...rot.test.sources]).size, 1032);
});

Deno.test("rotating mnist: no training sequence uses a held-out MNIST test digit", () => {
  const held = new Set(mnistTestIndices(data));
  for (const i of rot.train.sources) assert.ok(!held.has(i));
  const heldThrees = [...held].filter((i) => data.labels[i] === 3);
  for (const i of heldThrees) assert.ok(rot.test.sources.includes(i));
  const other = buildRotatingMnist(data, { seed: 5 });
  assert.notDeepEqual(other.test.sources, rot.test.sources, "seed draws the extra test digits");
  assert.deepEqual(buildRotatingMnist(data, { seed: 0 }).test.sources, rot.test.sources);
});

Deno.test("rotating mnist: frame 0 is the digit; frame 4 (90°) is its exact quarter turn", () => {
  for (const s of [0, 100, 742]) {
    const f0 = frame(rot.train, s, 0);
    assert.deepEqual(f0, mnistImage(data, rot.train.sources[s]));
    // 90° counter-clockwise: out[r][c] = in[c][27 − r].
    const quarter = new Float32Array(784);
    for (let r = 0; r < 28; r++) {
      for (let c = 0; c < 28; c++) quarter[r * 28 + c] = f0[c * 28 + 27 - r];
    }
    assert.ok(maxAbsDiff(frame(rot.train, s, 4), quarter) < 1e-6);
    // 180°: flip both axes; frame k + 4 is frame k turned by 90° (up to interpolation).
    const half = new Float32Array(784);
    for (let i = 0; i < 784; i++) half[i] = f0[783 - i];
    assert.ok(maxAbsDiff(frame(rot.train, s, 8), half) < 1e-6);
    const f1 = frame(rot.train, s, 1);
    const f5 = frame(rot.train, s, 5);
    const f1Turned = rotateImage(f1, Math.PI / 2);
    const rel = Math.sqrt(
      Array.from(f5).reduce((a, v, i) => a + (v - f1Turned[i]) ** 2, 0) / ink(f5.map((v) => v * v)),
    );
    assert.ok(rel < 1e-5, `frame 5 vs frame 1 turned by 90°: relative error ${rel}`);
  }
});

Deno.test("rotating mnist: every frame keeps the digit's ink (within bilinear blur)", () => {
  for (const s of [0, 17, 288]) {
    const total = ink(frame(rot.test, s, 0));
    for (let k = 1; k < 16; k++) {
      const r = ink(frame(rot.test, s, k)) / total;
      assert.ok(r > 0.9 && r < 1.1, `sequence ${s} frame ${k}: ink ratio ${r}`);
    }
  }
});

Deno.test("rotating mnist: a small rotation moves mass by the right angle (centroid check)", () => {
  // An off-centre dot at (row 13.5, col 23.5) turned by 22.5° counter-clockwise.
  const img = new Float32Array(784);
  img[13 * 28 + 23] =
    img[14 * 28 + 23] =
    img[13 * 28 + 24] =
    img[14 * 28 + 24] =
      1;
  const out = rotateImage(img, Math.PI / 8);
  let m = 0, cx = 0, cy = 0;
  out.forEach((v, i) => {
    m += v;
    cx += v * (i % 28);
    cy += v * Math.floor(i / 28);
  });
  const angle = Math.atan2(-(cy / m - 13.5), cx / m - 13.5);
  assert.ok(Math.abs(angle - Math.PI / 8) < 0.02, `centroid angle ${angle}`);
});

Deno.test("rotating mnist: sequenceBatch gives [b, 16, 28, 28, 1] tensors", async () => {
  await expectNoLeak(() => {
    const x = sequenceBatch(rot.train, [3, 1]);
    assert.deepEqual(x.shape, [2, 16, 28, 28, 1]);
    const f = tf.tidy(() => x.slice([1, 2], [1, 1]).dataSync());
    assert.equal(maxAbsDiff(f, frame(rot.train, 1, 2)), 0);
    tf.dispose(x);
  });
});
