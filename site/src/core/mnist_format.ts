/**
 * The format of the MNIST digits the site serves at /data/mnist/ (index.json + digits.bin) and
 * their decoding into lib/data's MnistData; pure functions, shared by the build (which writes the
 * files, src/build/mnist_assets.ts), the browser loader (mnist.ts) and the tests.
 *
 * The full data (lib/data/mnist_source.ts, MNIST's original files) has 70,000 digits; a page
 * gets a fixed subset of them:
 *   - TEST: every MNIST_TEST_STRIDE-th digit of the official test set (positions 0, 5, 10, … of
 *     the test file: 2,000 digits of all classes, in file order). It contains the recipes'
 *     "fast" subsets (every 10th test digit), so a page reproduces their fast metrics exactly;
 *   - TRAIN: the first MNIST_TRAIN_SHIPPED digits of the seed-0 training order
 *     (splitMnist(full, { seed: 0 }).train);
 *   - ROTATING: every digit the rotating-MNIST sequences of seed ROTATING_SEED use
 *     (rotatingMnistSources: its training threes from the training file, test threes from the
 *     test file).
 * The shipped digits are kept in the full data's order (`sources`, ascending), so those from the
 * training file come first, as in MnistData. Pixels travel as the files' bytes k and come back as
 * k/255: the full data's numbers, bit for bit.
 */
import {
  MNIST_PIXELS,
  MNIST_TEST_COUNT,
  MNIST_TRAIN_COUNT,
  type MnistData,
} from "../../../lib/data/mnist.ts";
import {
  buildSequenceSet,
  ROTATING_FRAMES,
  type RotatingMnist,
  rotatingTimes,
  type SequenceSet,
} from "../../../lib/data/rotating_mnist.ts";

/** Format tag of index.json; bump when the layout changes. */
export const MNIST_ASSET_FORMAT = "neural-ode-workshop/mnist@2";
/** Training digits shipped (the first of splitMnist(data, { seed: 0 }).train). */
export const MNIST_TRAIN_SHIPPED = 2000;
/** Every MNIST_TEST_STRIDE-th official test digit is shipped (positions 0, 5, 10, …). */
export const MNIST_TEST_STRIDE = 5;
/** Official test digits shipped: 2,000. */
export const MNIST_TEST_SHIPPED = Math.ceil(MNIST_TEST_COUNT / MNIST_TEST_STRIDE);

/** /data/mnist/index.json: what digits.bin holds and how the course splits them. */
export interface MnistAssetIndex {
  format: typeof MNIST_ASSET_FORMAT;
  /** Digits in digits.bin (784 bytes each, row-major). */
  count: number;
  /** sha256 (hex) of digits.bin. */
  sha256: string;
  /** Class of each shipped digit. */
  labels: number[];
  /**
   * Index of each shipped digit in the full data (loadMnist(): 60,000 training digits, then the
   * 10,000 test digits), ascending.
   */
  sources: number[];
  /** Shipped indices of the shipped official test digits, in test-file order. */
  test: number[];
  /** Shipped indices of training digits, in splitMnist(…, { seed: 0 }) order (a prefix of it). */
  train: number[];
  /**
   * Rotating MNIST (rotatingMnistSources with this seed and digit): shipped indices of the
   * sequences' digits, in the order of its `train` and `test` lists.
   */
  rotating: { seed: number; digit: number; train: number[]; test: number[] };
}

/** The shipped digits and the course's split of them (indices into `data`). */
export interface BrowserMnist {
  /** The shipped digits; `trainCount` of them (the first) come from MNIST's training file. */
  data: MnistData;
  /** Training digits (seed-0 order of the full training pool, first MNIST_TRAIN_SHIPPED). */
  train: number[];
  /** The shipped official test digits (every MNIST_TEST_STRIDE-th), in test-file order. */
  test: number[];
  /** Position of each of `test` in the official test set (0 … 9,999). */
  testPositions: number[];
  /** Index of each digit of `data` in the full data (see MnistAssetIndex.sources). */
  sources: number[];
  /** Rotating MNIST: the data seed, and the digits of all its training and test sequences. */
  rotating: { seed: number; digit: number; train: number[]; test: number[] };
}

export class MnistAssetError extends Error {
  override name = "MnistAssetError";
}

/** Byte k → the pixel value k/255 (as lib/data/mnist_idx.ts reads the files), as float32. */
const PIXEL_VALUES = Float32Array.from({ length: 256 }, (_, k) => k / 255);

/** Byte of a pixel value v = k/255 (inverse of PIXEL_VALUES). */
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
  if (
    bytes.length !== index.count * MNIST_PIXELS || index.labels.length !== index.count ||
    index.sources.length !== index.count
  ) {
    throw new MnistAssetError(
      `digits.bin has ${bytes.length} bytes and index.json ${index.labels.length} labels and ` +
        `${index.sources.length} sources for ${index.count} digits of ${MNIST_PIXELS} pixels. ` +
        "Fix: rebuild the site",
    );
  }
  const images = new Float32Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) images[i] = PIXEL_VALUES[bytes[i]];
  const data: MnistData = {
    images,
    labels: Int32Array.from(index.labels),
    count: index.count,
    // Sources ascend, so the digits of the training file come first, as in MnistData.
    trainCount: index.sources.filter((src) => src < MNIST_TRAIN_COUNT).length,
  };
  return {
    data,
    train: index.train,
    test: index.test,
    testPositions: index.test.map((i) => index.sources[i] - MNIST_TRAIN_COUNT),
    sources: index.sources,
    rotating: { ...index.rotating },
  };
}

/**
 * The shipped test digits at every `stride`-th position of the official test set (a recipe's
 * "fast" subset: stride 10 gives its 1,000 digits, in its order). `stride` must be a multiple of
 * MNIST_TEST_STRIDE, or some of those digits would not be shipped.
 */
export function officialTestSubset(mnist: BrowserMnist, stride: number): number[] {
  if (!Number.isInteger(stride) || stride % MNIST_TEST_STRIDE !== 0) {
    throw new MnistAssetError(
      `the site ships every ${MNIST_TEST_STRIDE}th official test digit, so a stride of ${stride} ` +
        `would need digits it does not have. Fix: use a multiple of ${MNIST_TEST_STRIDE}`,
    );
  }
  return mnist.test.filter((_, i) => mnist.testPositions[i] % stride === 0);
}

/**
 * The rotating-MNIST sequences of shipped digits `digits` (indices into mnist.data): the same
 * pixels as lib's buildSequenceSet(full data, their full indices, seed), since each motion is
 * keyed on the digit's full index (`sources`; tests/site_units/lecture3_mnist_test.ts checks the two
 * agree). `sources` of the result index into mnist.data.
 */
export function shippedSequenceSet(
  mnist: BrowserMnist,
  digits: readonly number[],
  frames = ROTATING_FRAMES,
): SequenceSet {
  const keys = digits.map((i) => mnist.sources[i]);
  return buildSequenceSet(mnist.data, digits, mnist.rotating.seed, frames, keys);
}

export interface BrowserRotatingOptions {
  /** Training sequences to build (the first n, default all). */
  train?: number;
  /** Test sequences to build (the first n, default all). */
  test?: number;
}

/**
 * Rotating MNIST from the shipped digits: the same sequences, in the same order, as
 * buildRotatingMnist(full data, { seed: mnist.rotating.seed }) (≈ 50 kB of float32 per
 * sequence).
 */
export function rotatingMnistForBrowser(
  mnist: BrowserMnist,
  options: BrowserRotatingOptions = {},
): RotatingMnist {
  const { train = mnist.rotating.train.length, test = mnist.rotating.test.length } = options;
  return {
    train: shippedSequenceSet(mnist, mnist.rotating.train.slice(0, train)),
    test: shippedSequenceSet(mnist, mnist.rotating.test.slice(0, test)),
    times: rotatingTimes(ROTATING_FRAMES),
    frameCount: ROTATING_FRAMES,
  };
}
