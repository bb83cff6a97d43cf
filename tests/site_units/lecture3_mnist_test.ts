/**
 * MNIST in the browser (site/src/core/mnist.ts): the digits the site ships decode to exactly
 * the numbers of MNIST's original files, and their split is the course's (so pages compute the
 * recipes' metrics): every 5th official test digit in test-file order (containing the recipes'
 * fast subsets), training digits in splitMnist's seed-0 order, and rotating MNIST's sequences as
 * buildRotatingMnist builds them. Checks the build-time assets and, when the site is built, the
 * files in site/dist/data/mnist/.
 */
import assert from "node:assert/strict";
import {
  MNIST_PIXELS,
  MNIST_TEST_COUNT,
  MNIST_TRAIN_COUNT,
  mnistImage,
  splitMnist,
} from "../../lib/data/mnist.ts";
import { loadMnist } from "../../lib/data/mnist_source.ts";
import { buildRotatingMnist } from "../../lib/data/rotating_mnist.ts";
import { mnistAssets, ROTATING_SEED } from "../../site/src/build/mnist_assets.ts";
import {
  type BrowserMnist,
  decodeMnistAssets,
  MNIST_TEST_SHIPPED,
  MNIST_TEST_STRIDE,
  MNIST_TRAIN_SHIPPED,
  type MnistAssetIndex,
  officialTestSubset,
  rotatingMnistForBrowser,
  shippedSequenceSet,
} from "../../site/src/core/mnist_format.ts";

const DIST = new URL("../../site/dist/data/mnist/", import.meta.url).pathname;
const full = loadMnist();
const split = splitMnist(full, { seed: 0 });
/** What a page may download for its digits. */
const BUDGET_BYTES = 4 * 1024 * 1024;

function checkAgainstFiles(mnist: BrowserMnist) {
  const { data } = mnist;
  assert.equal(data.count, mnist.sources.length);
  assert.deepEqual(mnist.sources, [...mnist.sources].sort((a, b) => a - b), "sources ascend");
  assert.equal(data.trainCount, mnist.sources.filter((s) => s < MNIST_TRAIN_COUNT).length);
  mnist.sources.forEach((src, i) => {
    assert.equal(data.labels[i], full.labels[src]);
    assert.deepEqual(mnistImage(data, i), mnistImage(full, src), `digit ${i} (full ${src})`);
  });
  // The test digits: every 5th of the official test set, in file order; no training digit.
  assert.equal(mnist.test.length, MNIST_TEST_SHIPPED);
  assert.deepEqual(
    mnist.test.map((i) => mnist.sources[i]),
    split.test.filter((_, i) => i % MNIST_TEST_STRIDE === 0),
  );
  assert.ok(mnist.test.every((i) => i >= data.trainCount));
  assert.deepEqual(mnist.testPositions, mnist.test.map((_, i) => i * MNIST_TEST_STRIDE));
  // A recipe's fast subset (every 10th test digit) is shipped whole, in its order.
  assert.deepEqual(
    officialTestSubset(mnist, 10).map((i) => mnist.sources[i]),
    split.test.filter((_, i) => i % 10 === 0),
  );
  assert.throws(() => officialTestSubset(mnist, 4), /multiple of 5/);
  // All classes among the shipped test digits.
  assert.equal(new Set(mnist.test.map((i) => data.labels[i])).size, 10);
  assert.equal(mnist.train.length, MNIST_TRAIN_SHIPPED);
  assert.deepEqual(
    mnist.train.map((i) => mnist.sources[i]),
    split.train.slice(0, MNIST_TRAIN_SHIPPED),
  );
  assert.equal(MNIST_TEST_SHIPPED * MNIST_TEST_STRIDE, MNIST_TEST_COUNT);
}

Deno.test("mnist assets: shipped digits are MNIST's, bit for bit, with the course's split", async () => {
  const { index, bytes } = await mnistAssets();
  console.log(`  digits.bin: ${index.count} digits, ${bytes.length} bytes`);
  assert.ok(bytes.length <= BUDGET_BYTES, `digits.bin is ${bytes.length} bytes`);
  assert.equal(new Set(index.sources).size, index.count);
  checkAgainstFiles(decodeMnistAssets(index, bytes));
});

Deno.test("mnist assets: rotating MNIST from the shipped digits equals buildRotatingMnist", async () => {
  const { index, bytes } = await mnistAssets();
  const mnist = decodeMnistAssets(index, bytes);
  assert.equal(mnist.rotating.seed, ROTATING_SEED);
  const reference = buildRotatingMnist(full, { seed: ROTATING_SEED });
  assert.equal(mnist.rotating.train.length, reference.train.count);
  assert.equal(mnist.rotating.test.length, reference.test.count);
  assert.deepEqual(mnist.rotating.train.map((i) => mnist.sources[i]), reference.train.sources);
  assert.deepEqual(mnist.rotating.test.map((i) => mnist.sources[i]), reference.test.sources);
  const browser = rotatingMnistForBrowser(mnist, { train: 20 });
  assert.deepEqual(browser.times, reference.times);
  assert.deepEqual(browser.test.motions, reference.test.motions);
  assert.deepEqual(browser.test.frames, reference.test.frames, "all test sequences");
  const per = reference.train.frameCount * MNIST_PIXELS;
  assert.deepEqual(browser.train.motions, reference.train.motions.slice(0, 20));
  assert.deepEqual(browser.train.frames, reference.train.frames.subarray(0, 20 * per));
  // One sequence on its own (the demo's slider) is the same sequence.
  const one = shippedSequenceSet(mnist, [mnist.rotating.test[7]]);
  assert.deepEqual(one.frames, reference.test.frames.subarray(7 * per, 8 * per));
});

Deno.test("mnist assets: bad files give clear errors", async () => {
  const { index, bytes } = await mnistAssets();
  assert.throws(() => decodeMnistAssets(index, bytes.subarray(1)), /digits\.bin has .* Fix/);
  assert.throws(
    () => decodeMnistAssets({ ...index, format: "x" } as unknown as MnistAssetIndex, bytes),
    /format "x".*Fix: rebuild/,
  );
});

Deno.test("mnist assets: the built site serves the same files", async () => {
  const built = await Deno.stat(`${DIST}index.json`).catch(() => undefined);
  if (!built) {
    console.log("site/dist has no data/mnist/ yet (run deno task build); skipped");
    return;
  }
  const index = JSON.parse(await Deno.readTextFile(`${DIST}index.json`)) as MnistAssetIndex;
  const bytes = await Deno.readFile(`${DIST}digits.bin`);
  const expected = await mnistAssets();
  assert.equal(index.sha256, expected.index.sha256);
  checkAgainstFiles(decodeMnistAssets(index, bytes));
});
