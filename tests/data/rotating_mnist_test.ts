/**
 * Rotating MNIST: 16 frames of a "3" turning by 22.5° each from its own start angle and in its
 * own direction; training threes from MNIST's training file, test threes from its test file.
 */
import assert from "node:assert/strict";
import { mnistImage } from "../../lib/data/mnist.ts";
import { loadMnist } from "../../lib/data/mnist_source.ts";
import {
  buildRotatingMnist,
  rotateImage,
  sequenceBatch,
  sequenceMotion,
} from "../../lib/data/rotating_mnist.ts";
import { expectNoLeak, maxAbsDiff, tf } from "../_setup.ts";

const data = loadMnist();
const rot = buildRotatingMnist(data, { seed: 0 });
const frame = (set: typeof rot.train, s: number, k: number) =>
  set.frames.subarray((s * 16 + k) * 784, (s * 16 + k + 1) * 784);
const ink = (x: ArrayLike<number>) => Array.from(x).reduce((a, b) => a + b, 0);
const rms = (a: ArrayLike<number>, b: ArrayLike<number>) =>
  Math.sqrt(Array.from(a).reduce((s, v, i) => s + (v - b[i]) ** 2, 0) / a.length);

Deno.test("rotating mnist: 1,000 train / 300 test sequences of 16 frames at t = 0.1·k", () => {
  assert.equal(rot.train.count, 1000);
  assert.equal(rot.test.count, 300);
  assert.equal(rot.frameCount, 16);
  assert.deepEqual(rot.times, Array.from({ length: 16 }, (_, k) => k / 10));
  assert.equal(rot.train.frames.length, 1000 * 16 * 784);
  for (const i of [...rot.train.sources, ...rot.test.sources]) assert.equal(data.labels[i], 3);
  assert.equal(new Set([...rot.train.sources, ...rot.test.sources]).size, 1300);
  assert.throws(() => buildRotatingMnist(data, { testSize: 2000 }), /1010/);
});

Deno.test("rotating mnist: training sequences come from the training file, test ones from the test file", () => {
  for (const i of rot.train.sources) assert.ok(i < data.trainCount);
  for (const i of rot.test.sources) assert.ok(i >= data.trainCount);
  const other = buildRotatingMnist(data, { seed: 5, trainSize: 10, testSize: 10 });
  assert.notDeepEqual(other.train.sources, rot.train.sources.slice(0, 10), "seed picks digits");
  assert.deepEqual(buildRotatingMnist(data, { seed: 0 }).test.sources, rot.test.sources);
});

Deno.test("rotating mnist: start angles cover the circle and both directions occur about equally", () => {
  const motions = rot.train.motions;
  const ccw = motions.filter((m) => m.direction === 1).length;
  assert.ok(ccw > 450 && ccw < 550, `${ccw} of 1,000 turn counter-clockwise`);
  const quadrants = [0, 0, 0, 0];
  for (const m of motions) quadrants[Math.floor(m.startAngle / (Math.PI / 2))]++;
  for (const q of quadrants) assert.ok(q > 200 && q < 300, `quadrants ${quadrants}`);
  assert.deepEqual(sequenceMotion(rot.train.sources[7], 0), motions[7], "a pure function");
});

Deno.test("rotating mnist: frame k is the digit turned by start + direction·k·22.5°", () => {
  for (const s of [0, 100, 999]) {
    const { startAngle, direction } = rot.train.motions[s];
    const digit = mnistImage(data, rot.train.sources[s]);
    for (const k of [0, 5, 15]) {
      const expected = rotateImage(digit, startAngle + direction * k * Math.PI / 8);
      assert.ok(maxAbsDiff(frame(rot.train, s, k), expected) < 1e-6, `sequence ${s} frame ${k}`);
    }
  }
});

Deno.test("rotating mnist: the direction shows from two frames (frame 1 is frame 0 turned ahead), and both occur", () => {
  // Frame 1 of a sequence turning one way is closer to frame 0 turned that way than the other:
  // the motion is visible from two frames, while frame 0 alone is just a turned digit.
  let told = 0;
  for (let s = 0; s < 50; s++) {
    const { startAngle, direction } = rot.test.motions[s];
    const digit = mnistImage(data, rot.test.sources[s]);
    const ahead = rotateImage(digit, startAngle + direction * Math.PI / 8);
    const back = rotateImage(digit, startAngle - direction * Math.PI / 8);
    if (rms(frame(rot.test, s, 1), ahead) < rms(frame(rot.test, s, 1), back)) told++;
  }
  assert.equal(told, 50);
  const dirs = new Set(rot.test.motions.map((m) => m.direction));
  assert.deepEqual([...dirs].sort(), [-1, 1]);
});

Deno.test("rotating mnist: a quarter turn is exact (frame 4 is frame 0 turned by 90° the same way)", () => {
  for (const s of [0, 100, 999]) {
    const { direction } = rot.train.motions[s];
    const f0 = frame(rot.train, s, 0);
    const f4 = frame(rot.train, s, 4);
    const f0Turned = rotateImage(f0, direction * Math.PI / 2);
    // f0 is itself interpolated, so compare only away from the blur: a small RMS.
    assert.ok(rms(f4, f0Turned) < 0.08, `sequence ${s}: rms ${rms(f4, f0Turned)}`);
  }
});

Deno.test("rotating mnist: every frame keeps the digit's ink (within bilinear blur)", () => {
  for (const s of [0, 17, 299]) {
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
