/**
 * Rotating MNIST after Yildiz et al. 2019 (ODE²VAE): sequences of one handwritten "3" turning by
 * 360°/16 = 22.5° per frame over 16 frames at times 0, 0.1, …, 1.5, about the image centre
 * (13.5, 13.5), sampled bilinearly with zeros outside the image.
 *
 * Unlike the original (every sequence starts upright and turns the same way), each sequence
 * here has its own START ANGLE, uniform in [0°, 360°), and DIRECTION, counter-clockwise or
 * clockwise with equal odds, both drawn from the data seed and the digit's index
 * (`sequenceMotion`). So one frame shows where the digit is but not which way it turns: the
 * encoder has to read the motion from several frames, and a model that saw too little has
 * something real to be uncertain about.
 *
 * Built from MNIST's official split (mnist.ts): TRAIN sequences from the training file's threes
 * (6,131; `trainSize` of them, 1,000 by default, chosen by the seed), TEST sequences from the
 * test file's threes (1,010; `testSize`, 300 by default), so no model trains on a test digit.
 */
import * as tf from "@tensorflow/tfjs";
import { Rng } from "../prob/random.ts";
import {
  MNIST_IMAGE_SIZE,
  MNIST_PIXELS,
  type MnistData,
  mnistImage,
  mnistIndicesOfClass,
} from "./mnist.ts";

export const ROTATING_FRAMES = 16;
export const ROTATING_DT = 0.1;
/** Training sequences by default (threes of MNIST's training file, chosen by the seed). */
export const ROTATING_TRAIN_SIZE = 1000;
/** Test sequences by default (threes of MNIST's test file, chosen by the seed). */
export const ROTATING_TEST_SIZE = 300;

/**
 * Rotates a size×size image (row-major) counter-clockwise by `angle` radians about its centre,
 * with bilinear interpolation and zeros outside; writes into `out` (a new array by default).
 */
export function rotateImage(
  image: ArrayLike<number>,
  angle: number,
  size = MNIST_IMAGE_SIZE,
  out = new Float32Array(size * size),
): Float32Array {
  const c = (size - 1) / 2;
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  const at = (r: number, col: number) =>
    r < 0 || r >= size || col < 0 || col >= size ? 0 : image[r * size + col];
  for (let r = 0; r < size; r++) {
    const y = r - c;
    for (let col = 0; col < size; col++) {
      const x = col - c;
      // Inverse map: the source point that lands on (x, y) after the rotation.
      const sx = x * cos - y * sin + c;
      const sy = x * sin + y * cos + c;
      // Snap values within float noise of a grid point, so 90° turns are exact permutations.
      const fx = Math.abs(sx - Math.round(sx)) < 1e-9 ? Math.round(sx) : sx;
      const fy = Math.abs(sy - Math.round(sy)) < 1e-9 ? Math.round(sy) : sy;
      const x0 = Math.floor(fx);
      const y0 = Math.floor(fy);
      const ax = fx - x0;
      const ay = fy - y0;
      out[r * size + col] = (1 - ay) * ((1 - ax) * at(y0, x0) + ax * at(y0, x0 + 1)) +
        ay * ((1 - ax) * at(y0 + 1, x0) + ax * at(y0 + 1, x0 + 1));
    }
  }
  return out;
}

/** Sequences stored as one array: [n, frames, 28·28] row-major. */
export interface SequenceSet {
  /** Pixels: n·frames·784 values in [0, 1]. */
  frames: Float32Array;
  /** Number of sequences. */
  count: number;
  /** Frames per sequence. */
  frameCount: number;
  /** Index into MnistData of each sequence's digit. */
  sources: number[];
  /** Each sequence's start angle (radians) and direction (+1 counter-clockwise, −1 clockwise). */
  motions: SequenceMotion[];
}

export interface SequenceMotion {
  startAngle: number;
  direction: 1 | -1;
}

export interface RotatingMnist {
  train: SequenceSet;
  test: SequenceSet;
  /** Times of the frames: 0, 0.1, …, 1.5. */
  times: number[];
  frameCount: number;
}

export interface RotatingMnistOptions {
  /** Chooses the digits, orders the training sequences, draws every motion (default 0). */
  seed?: number;
  /** Digit to rotate (default 3). */
  digit?: number;
  /** Frames per sequence (default 16); the angle step is 360°/frames. */
  frames?: number;
  /** Training sequences (default 1,000; at most the training file's digits of that class). */
  trainSize?: number;
  /** Test sequences (default 300; at most the test file's digits of that class). */
  testSize?: number;
}

/**
 * The start angle and direction of the sequence of digit `source` under data seed `seed`: a pure
 * function of the two, so a page holding only some digits rebuilds the same sequences.
 */
export function sequenceMotion(source: number, seed: number): SequenceMotion {
  const rng = new Rng(seed * 1_000_003 + source + 1);
  const startAngle = rng.uniform(0, 2 * Math.PI);
  return { startAngle, direction: rng.next() < 0.5 ? 1 : -1 };
}

/**
 * The sequences of `sources` (indices into `data`): frame k of each is its digit rotated by
 * startAngle + direction·k·360°/frames, with the motion `sequenceMotion(key, seed)` where `key`
 * is the digit's index in the FULL data set — `motionKeys` (default: `sources` themselves, right
 * when `data` is the full set). A page holding only some digits passes their full-set indices as
 * `motionKeys`, and gets the same sequences as buildRotatingMnist.
 */
export function buildSequenceSet(
  data: MnistData,
  sources: readonly number[],
  seed: number,
  frames = ROTATING_FRAMES,
  motionKeys: readonly number[] = sources,
): SequenceSet {
  if (motionKeys.length !== sources.length) {
    throw new RangeError(
      `buildSequenceSet: ${motionKeys.length} motion keys for ${sources.length} sources; give one per source`,
    );
  }
  const out = new Float32Array(sources.length * frames * MNIST_PIXELS);
  const motions = motionKeys.map((key) => sequenceMotion(key, seed));
  sources.forEach((src, s) => {
    const image = mnistImage(data, src);
    const { startAngle, direction } = motions[s];
    for (let k = 0; k < frames; k++) {
      const offset = (s * frames + k) * MNIST_PIXELS;
      const view = out.subarray(offset, offset + MNIST_PIXELS);
      rotateImage(
        image,
        startAngle + (direction * 2 * Math.PI * k) / frames,
        MNIST_IMAGE_SIZE,
        view,
      );
    }
  });
  return { frames: out, count: sources.length, frameCount: frames, sources: [...sources], motions };
}

/** Frame times 0, 0.1, …, 0.1·(frames − 1). */
export function rotatingTimes(frames = ROTATING_FRAMES): number[] {
  return Array.from({ length: frames }, (_, k) => Number((ROTATING_DT * k).toFixed(10)));
}

/**
 * Which digits become training and test sequences (indices into `data`, which must hold MNIST's
 * official split: training file first): what buildRotatingMnist rotates, without the pixels.
 */
export function rotatingMnistSources(
  data: MnistData,
  options: Pick<RotatingMnistOptions, "seed" | "digit" | "trainSize" | "testSize"> = {},
): { train: number[]; test: number[] } {
  const { seed = 0, digit = 3, trainSize = ROTATING_TRAIN_SIZE, testSize = ROTATING_TEST_SIZE } =
    options;
  const all = mnistIndicesOfClass(data, digit);
  const rng = new Rng(seed);
  const train = rng.shuffle(all.filter((i) => i < data.trainCount));
  const test = rng.shuffle(all.filter((i) => i >= data.trainCount));
  if (trainSize > train.length || testSize > test.length) {
    throw new RangeError(
      `rotating MNIST: asked for ${trainSize} training and ${testSize} test sequences of ` +
        `${digit}s, the data hold ${train.length} and ${test.length}; ask for fewer`,
    );
  }
  return { train: train.slice(0, trainSize), test: test.slice(0, testSize).sort((a, b) => a - b) };
}

/** Builds the train and test sequences (≈ 65 MB of float32 for 1,000 + 300 sequences). */
export function buildRotatingMnist(
  data: MnistData,
  options: RotatingMnistOptions = {},
): RotatingMnist {
  const frames = options.frames ?? ROTATING_FRAMES;
  const seed = options.seed ?? 0;
  const sources = rotatingMnistSources(data, options);
  return {
    train: buildSequenceSet(data, sources.train, seed, frames),
    test: buildSequenceSet(data, sources.test, seed, frames),
    times: rotatingTimes(frames),
    frameCount: frames,
  };
}

/**
 * Sequences `indices` (default: all) of a set as a tensor [b, frames, 28, 28, 1]; the caller
 * disposes it. Use with batchIndices for minibatches.
 */
export function sequenceBatch(set: SequenceSet, indices?: readonly number[]): tf.Tensor5D {
  const idx = indices ?? Array.from({ length: set.count }, (_, i) => i);
  const frames = set.frameCount;
  const per = frames * MNIST_PIXELS;
  const out = new Float32Array(idx.length * per);
  idx.forEach((i, k) => out.set(set.frames.subarray(i * per, (i + 1) * per), k * per));
  return tf.tensor5d(out, [idx.length, frames, MNIST_IMAGE_SIZE, MNIST_IMAGE_SIZE, 1]);
}
