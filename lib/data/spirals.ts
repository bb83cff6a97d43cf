/**
 * Irregularly sampled noisy spirals: the data set of the latent-ODE lecture, as in the course's
 * source notebook (the ProbAI Neural-ODE tutorial). Not the spirals of Chen et al. (2018), whose
 * torchdiffeq example cuts regular windows from two fixed Archimedean spirals.
 *
 * Each spiral: radius r(t) = 0.4t + 0.5, angle φ(t) = dir·1.5t + θ, with the direction
 * dir ∈ {+1 (counter-clockwise), −1 (clockwise)} and the start phase θ ~ U[0, 2π) drawn per spiral;
 * the clean state is (r cos φ, r sin φ) on a dense grid of 100 times in [0, 5].
 * Observations: 30 DISTINCT POINTS OF THE DENSE GRID, drawn uniformly without replacement and
 * sorted (so the gaps between them are irregular), plus Gaussian noise of std 0.05 per coordinate.
 *
 * Observation times are points of the dense grid so that the clean state is known exactly there
 * (for errors and figures); the model itself accepts any times.
 *
 * Batches (spiralBatch): each row keeps ITS OWN 30 times — [B, 30, 2] values plus a [B][30] table
 * of times — rather than the union of the batch's times with a mask. The ODE-RNN encoder then takes
 * 30 steps per batch instead of ~100 (the union of 50 spirals' times is the whole grid), each
 * row advancing by its own time gap (a [B, 1] tensor of step sizes), and the latent trajectory
 * is read at each row's times by one batched interpolation. Rows of unequal length (observations
 * cut at t ≤ 2.5 for extrapolation) are padded at the end and masked.
 */
import * as tf from "@tensorflow/tfjs";
import { batchIndices } from "../data/batches.ts";
import { Rng } from "../prob/random.ts";
import { linspace } from "./linspace.ts";

export interface SpiralOptions {
  /** Number of spirals; the first `train` are the training set, the rest the held-out set. */
  count?: number;
  /** Training spirals (default 200 of 250). */
  train?: number;
  /** Dense grid size on [0, tMax] (default 100). */
  denseSize?: number;
  /** Observations per spiral (default 30), drawn from the dense grid. */
  observations?: number;
  /** End of the time axis (default 5). */
  tMax?: number;
  /** Std of the observation noise (default 0.05). */
  noiseStd?: number;
  /** Radius law r = radiusSlope·t + radiusStart (defaults 0.4, 0.5). */
  radiusSlope?: number;
  radiusStart?: number;
  /** Angular speed in rad per unit time (default 1.5). */
  angularSpeed?: number;
  /** Seed of everything random here (directions, phases, times, noise). Default 0. */
  seed?: number;
}

export const SPIRAL_DEFAULTS: Required<SpiralOptions> = {
  count: 250,
  train: 200,
  denseSize: 100,
  observations: 30,
  tMax: 5,
  noiseStd: 0.05,
  radiusSlope: 0.4,
  radiusStart: 0.5,
  angularSpeed: 1.5,
  seed: 0,
};

export type Point = [number, number];

export interface Spiral {
  /** The dense grid (shared by all spirals of a data set): [denseSize] times. */
  denseTimes: number[];
  /** Clean states on the dense grid: [denseSize] points. */
  dense: Point[];
  /** Indices of the observations in the dense grid: sorted, distinct. */
  obsIndices: number[];
  /** Observation times (= denseTimes at obsIndices): sorted, distinct, in [0, tMax]. */
  obsTimes: number[];
  /** Noisy observations at obsTimes. */
  obs: Point[];
  /** +1: counter-clockwise (angle grows), −1: clockwise. */
  direction: 1 | -1;
  /** Start phase θ in [0, 2π). */
  phase: number;
}

export interface SpiralDataset {
  options: Required<SpiralOptions>;
  denseTimes: number[];
  train: Spiral[];
  eval: Spiral[];
}

/** The clean spiral state at time t. */
export function spiralPoint(
  t: number,
  direction: 1 | -1,
  phase: number,
  o: Pick<Required<SpiralOptions>, "radiusSlope" | "radiusStart" | "angularSpeed"> =
    SPIRAL_DEFAULTS,
): Point {
  const r = o.radiusSlope * t + o.radiusStart;
  const angle = direction * o.angularSpeed * t + phase;
  return [r * Math.cos(angle), r * Math.sin(angle)];
}

/** Generates the data set; the same seed and options give the same spirals everywhere. */
export function generateSpirals(options: SpiralOptions = {}): SpiralDataset {
  const o = { ...SPIRAL_DEFAULTS, ...options };
  if (o.observations > o.denseSize) {
    throw new Error(
      `spirals: ${o.observations} observations cannot be distinct points of a ${o.denseSize}-point grid`,
    );
  }
  if (o.train > o.count) throw new Error(`spirals: train ${o.train} exceeds count ${o.count}`);
  const rng = new Rng(o.seed);
  const denseTimes = linspace(0, o.tMax, o.denseSize);
  const spirals: Spiral[] = [];
  for (let s = 0; s < o.count; s++) {
    const direction: 1 | -1 = rng.next() < 0.5 ? 1 : -1;
    const phase = rng.uniform(0, 2 * Math.PI);
    const dense = denseTimes.map((t) => spiralPoint(t, direction, phase, o));
    const obsIndices = rng.sample(o.denseSize, o.observations).sort((a, b) => a - b);
    const obsTimes = obsIndices.map((i) => denseTimes[i]);
    const obs = obsIndices.map((i): Point => [
      dense[i][0] + rng.normal(0, o.noiseStd),
      dense[i][1] + rng.normal(0, o.noiseStd),
    ]);
    spirals.push({ denseTimes, dense, obsIndices, obsTimes, obs, direction, phase });
  }
  return { options: o, denseTimes, train: spirals.slice(0, o.train), eval: spirals.slice(o.train) };
}

/**
 * A minibatch of irregular series: row b holds spiral b's own observation times and values, in
 * time order. All rows have the same length K (30), so no mask is needed; when observations are
 * cut (`until`), shorter rows are padded at the end by repeating their last time with zero
 * values, and `mask` marks the real entries. Free it with disposeSpiralBatch.
 */
export interface SpiralBatch {
  /** Per-row sorted observation times: [B][K] (padding repeats the row's last real time). */
  times: number[][];
  /** Noisy observations: [B, K, 2] (zero in padding). */
  values: tf.Tensor3D;
  /** 1 for real observations, 0 for padding: [B, K]; absent when every row is full. */
  mask?: tf.Tensor2D;
  /** The shared dense grid: [T]. */
  denseTimes: number[];
  /** The clean dense trajectories, for evaluation and figures: [B, T, 2]. */
  clean: tf.Tensor3D;
}

/**
 * Irregular series, each with its own times: the layout of SpiralBatch, and what the latent ODE
 * (lib/models/latent_ode.ts) reads.
 */
export interface IrregularBatch {
  /** Per-series sorted times, [B][K]; padding repeats the last real time. */
  times: readonly (readonly number[])[];
  /** Observations: [B, K, D]. */
  values: tf.Tensor;
  /** 1 for real observations, 0 for padding: [B, K]. Absent: all real. */
  mask?: tf.Tensor;
}

export interface BatchOptions {
  /** Keep only observations with time ≤ until (e.g. 2.5 for extrapolation). */
  until?: number;
}

/** Lays out spirals (from one data set, so one dense grid) as tensors. */
export function spiralBatch(spirals: readonly Spiral[], options: BatchOptions = {}): SpiralBatch {
  if (spirals.length === 0) throw new Error("spiralBatch: no spirals given");
  const denseTimes = spirals[0].denseTimes;
  const T = denseTimes.length;
  const B = spirals.length;
  const until = options.until ?? Infinity;
  const kept = spirals.map((s) => s.obsTimes.filter((t) => t <= until).length);
  const K = Math.max(...kept);
  if (K === 0) throw new Error(`spiralBatch: no observations at or before ${until}`);
  const values = new Float32Array(B * K * 2);
  const mask = new Float32Array(B * K);
  const clean = new Float32Array(B * T * 2);
  const times: number[][] = [];
  spirals.forEach((s, b) => {
    if (s.denseTimes.length !== T) throw new Error("spiralBatch: spirals on different grids");
    if (kept[b] === 0) {
      throw new Error(`spiralBatch: spiral ${b} has no observation at or before ${until}`);
    }
    s.dense.forEach(([x, y], i) => {
      clean[(b * T + i) * 2] = x;
      clean[(b * T + i) * 2 + 1] = y;
    });
    const row: number[] = [];
    for (let k = 0; k < K; k++) {
      if (k < kept[b]) {
        row.push(s.obsTimes[k]);
        mask[b * K + k] = 1;
        values[(b * K + k) * 2] = s.obs[k][0];
        values[(b * K + k) * 2 + 1] = s.obs[k][1];
      } else {
        row.push(row[k - 1]);
      }
    }
    times.push(row);
  });
  const full = kept.every((n) => n === K);
  return {
    times,
    values: tf.tensor3d(values, [B, K, 2]),
    mask: full ? undefined : tf.tensor2d(mask, [B, K]),
    denseTimes,
    clean: tf.tensor3d(clean, [B, T, 2]),
  };
}

export function disposeSpiralBatch(batch: SpiralBatch): void {
  tf.dispose([batch.values, batch.clean]);
  batch.mask?.dispose();
}

/** Seeded minibatches of a spiral list, reshuffled every epoch, forever (last short one dropped). */
export function* spiralBatches(
  spirals: readonly Spiral[],
  batchSize: number,
  seed = 0,
): Generator<Spiral[]> {
  for (const indices of batchIndices(new Rng(seed), spirals.length, batchSize)) {
    yield indices.map((j) => spirals[j]);
  }
}

/**
 * The observations at times ≤ split of every series (zero-padded at the end and masked); the tensors
 * are new (call inside tf.tidy or dispose them).
 */
export function truncateBatch(batch: IrregularBatch, split: number): IrregularBatch {
  const [B, K, D] = batch.values.shape;
  const maskRows = batch.mask ? (batch.mask.arraySync() as number[][]) : undefined;
  const kept = batch.times.map((row, b) => {
    let n = 0;
    while (n < K && row[n] <= split && (!maskRows || maskRows[b][n] === 1)) n++;
    if (n === 0) throw new Error(`truncateBatch: series ${b} has no observation ≤ ${split}`);
    return n;
  });
  const K2 = Math.max(...kept);
  const index: number[] = [];
  const mask: number[] = [];
  const times = batch.times.map((row, b) =>
    Array.from({ length: K2 }, (_, k) => {
      const j = Math.min(k, kept[b] - 1);
      index.push(b * K + j);
      mask.push(k < kept[b] ? 1 : 0);
      return row[j];
    })
  );
  return tf.tidy(() => {
    const maskTensor = tf.tensor2d(mask, [B, K2]);
    const gathered = tf.gather(tf.reshape(batch.values, [B * K, D]), tf.tensor1d(index, "int32"));
    // Zero in the padding, like spiralBatch.
    const values = tf.mul(tf.reshape(gathered, [B, K2, D]), tf.expandDims(maskTensor, -1));
    return { times, values, mask: maskTensor };
  });
}
