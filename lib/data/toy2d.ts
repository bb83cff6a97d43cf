/**
 * Seeded 2-D toy densities for the continuous-normalising-flow lecture: two circles, two moons
 * and a checkerboard. Each generator returns plain arrays (row-major points and class labels);
 * the `*Tensor` helpers wrap them as a tf.Tensor2D [n, 2]. The same seed gives the same points
 * in Deno and in the browser (noise comes from the seeded Rng, not from tfjs).
 */
import * as tf from "@tensorflow/tfjs";
import { Rng } from "../prob/random.ts";

export interface Toy2dData {
  /** Number of points. */
  n: number;
  /** Row-major [n, 2]: x0, y0, x1, y1, … */
  points: Float32Array;
  /** Which component each point came from (circles: 0 outer, 1 inner; moons: 0 upper, 1 lower;
   * checkerboard: the index of its filled cell, 0…7). */
  labels: Int32Array;
}

export interface CirclesOptions {
  /** Std of the Gaussian noise added to both coordinates (default 0.06, the lecture's value). */
  noise?: number;
  /** Inner radius / outer radius (default 0.5); the outer radius is 1. */
  factor?: number;
}

export interface MoonsOptions {
  /** Std of the Gaussian noise added to both coordinates (default 0.1). */
  noise?: number;
}

export interface CheckerboardOptions {
  /**
   * Side of one cell (default 2: the board covers [−4, 4]², as in FFJORD's toy data; 1 gives
   * [−2, 2]²). The board has 4×4 cells, the 8 with even floor(x/s) + floor(y/s) are filled.
   */
  cellSize?: number;
}

function checkCount(n: number): void {
  if (!Number.isInteger(n) || n < 1) {
    throw new Error(`toy2d: n must be a positive integer, got ${n}`);
  }
}

/** Shuffles rows (and labels) together, then adds N(0, noise²) to every coordinate. */
function finish(rng: Rng, xs: number[], ys: number[], labels: number[], noise: number): Toy2dData {
  const n = xs.length;
  const order = rng.shuffle(Array.from({ length: n }, (_, i) => i));
  const points = new Float32Array(2 * n);
  const out = new Int32Array(n);
  order.forEach((src, i) => {
    points[2 * i] = xs[src] + (noise > 0 ? rng.normal(0, noise) : 0);
    points[2 * i + 1] = ys[src] + (noise > 0 ? rng.normal(0, noise) : 0);
    out[i] = labels[src];
  });
  return { n, points, labels: out };
}

/**
 * scikit-learn's make_circles: floor(n/2) points on the outer circle (radius 1) and the rest on
 * the inner one (radius `factor`), at evenly spaced angles 2πk/m (endpoint excluded), shuffled,
 * plus Gaussian noise of std `noise` on each coordinate.
 */
export function makeCircles(n: number, seed: number, options: CirclesOptions = {}): Toy2dData {
  checkCount(n);
  const noise = options.noise ?? 0.06;
  const factor = options.factor ?? 0.5;
  const rng = new Rng(seed);
  const nOut = Math.floor(n / 2);
  const nIn = n - nOut;
  const xs: number[] = [];
  const ys: number[] = [];
  const labels: number[] = [];
  for (let k = 0; k < nOut; k++) {
    const a = 2 * Math.PI * k / nOut;
    xs.push(Math.cos(a));
    ys.push(Math.sin(a));
    labels.push(0);
  }
  for (let k = 0; k < nIn; k++) {
    const a = 2 * Math.PI * k / nIn;
    xs.push(factor * Math.cos(a));
    ys.push(factor * Math.sin(a));
    labels.push(1);
  }
  return finish(rng, xs, ys, labels, noise);
}

/**
 * scikit-learn's make_moons: floor(n/2) points on the upper half circle (cos θ, sin θ) and the rest
 * on the lower one (1 − cos θ, 0.5 − sin θ), θ evenly spaced on [0, π] (both ends included),
 * shuffled, plus Gaussian noise. The data sit in about [−1, 2] × [−0.5, 1].
 */
export function makeMoons(n: number, seed: number, options: MoonsOptions = {}): Toy2dData {
  checkCount(n);
  const noise = options.noise ?? 0.1;
  const rng = new Rng(seed);
  const nOut = Math.floor(n / 2);
  const nIn = n - nOut;
  const theta = (k: number, m: number) => (m === 1 ? 0 : Math.PI * k / (m - 1));
  const xs: number[] = [];
  const ys: number[] = [];
  const labels: number[] = [];
  for (let k = 0; k < nOut; k++) {
    xs.push(Math.cos(theta(k, nOut)));
    ys.push(Math.sin(theta(k, nOut)));
    labels.push(0);
  }
  for (let k = 0; k < nIn; k++) {
    xs.push(1 - Math.cos(theta(k, nIn)));
    ys.push(0.5 - Math.sin(theta(k, nIn)));
    labels.push(1);
  }
  return finish(rng, xs, ys, labels, noise);
}

/**
 * A 4×4 checkerboard (FFJORD's "checkerboard"): points uniform on the 8 filled cells, i.e. where
 * floor(x/s) + floor(y/s) is even, on [−2s, 2s]² (s = cellSize, default 2 → [−4, 4]²).
 * No noise: the density is exactly uniform on the filled cells (1/(8 s²) there, 0 elsewhere).
 */
export function makeCheckerboard(
  n: number,
  seed: number,
  options: CheckerboardOptions = {},
): Toy2dData {
  checkCount(n);
  const s = options.cellSize ?? 2;
  const rng = new Rng(seed);
  const points = new Float32Array(2 * n);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const cell = rng.int(8); // 8 filled cells: column c in 0..3, two rows per column
    const col = cell >> 1;
    // Rows r with (col + r) even: col even → rows 0, 2; col odd → rows 1, 3.
    const row = (col % 2) + 2 * (cell & 1);
    points[2 * i] = s * (col - 2 + rng.next());
    points[2 * i + 1] = s * (row - 2 + rng.next());
    labels[i] = cell;
  }
  return { n, points, labels };
}

/** The points of a Toy2dData as a tf.Tensor2D [n, 2]. */
export function toTensor(data: Toy2dData): tf.Tensor2D {
  return tf.tensor2d(data.points, [data.n, 2], "float32");
}

export function twoCircles(n: number, seed: number, options: CirclesOptions = {}): tf.Tensor2D {
  return toTensor(makeCircles(n, seed, options));
}

export function twoMoons(n: number, seed: number, options: MoonsOptions = {}): tf.Tensor2D {
  return toTensor(makeMoons(n, seed, options));
}

export function checkerboard(
  n: number,
  seed: number,
  options: CheckerboardOptions = {},
): tf.Tensor2D {
  return toTensor(makeCheckerboard(n, seed, options));
}

export type Toy2dName = "circles" | "moons" | "checkerboard";

/** One of the toy densities by name (for a demo's dataset picker), with its default options. */
export function toy2d(name: Toy2dName, n: number, seed: number): tf.Tensor2D {
  switch (name) {
    case "circles":
      return twoCircles(n, seed);
    case "moons":
      return twoMoons(n, seed);
    case "checkerboard":
      return checkerboard(n, seed);
    default:
      throw new Error(`toy2d: unknown dataset "${name}" (circles, moons or checkerboard)`);
  }
}
