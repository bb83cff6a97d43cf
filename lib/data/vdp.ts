/**
 * Noisy Van der Pol data, as in the course's Neural-ODE lecture (section 2):
 * µ = 1, 10 trajectories from x0 ~ U[−3, 3]², t = linspace(0, 10, 50), clean states from dopri5
 * at tight tolerance, observations = clean + N(0, 0.1²). Everything is seeded (lib/train's Rng),
 * so the same seed gives the same data in Deno and in the browser.
 *
 * Training batches are random sub-sequences, as torchdiffeq's examples/ode_demo.py `get_batch`:
 * start indices s from [0, T − L) without replacement; y0 = observed[s]; t = t[0:L] (relative,
 * starting at 0); target = observed[s : s + L].
 */
import * as tf from "@tensorflow/tfjs";
import { odeint, type VectorField } from "../ode/mod.ts";
import { Rng } from "../prob/random.ts";
import { linspace } from "./linspace.ts";
import type { SubsequenceBatch } from "./batch.ts";
export type { SubsequenceBatch } from "./batch.ts";

/** Van der Pol: dx1/dt = x2, dx2/dt = µ(1 − x1²)x2 − x1, on states of shape [..., 2]. */
export function vanDerPolField(mu = 1): VectorField {
  return (_t, y) =>
    tf.tidy(() => {
      const [x1, x2] = tf.unstack(y, -1);
      return tf.stack([x2, tf.sub(tf.mul(tf.mul(mu, tf.sub(1, tf.square(x1))), x2), x1)], -1);
    });
}

export interface VdpDataOptions {
  /** Damping µ (default 1). */
  mu?: number;
  /** Number of trajectories N (default 10). */
  count?: number;
  /** Last time (default 10); times are linspace(0, tEnd, points). */
  tEnd?: number;
  /** Number of time points T (default 50). */
  points?: number;
  /** Observation noise σ (default 0.1). */
  noiseStd?: number;
  /** Seed of the initial states and the noise (default 0). */
  seed?: number;
  /** Half-width of the box of initial states: x0 ~ U[−r, r]² (default 3). */
  x0Range?: number;
  /** Solver tolerances of the clean states (default rtol 1e-7, atol 1e-9). */
  rtol?: number;
  atol?: number;
}

/**
 * The data set. `clean` and `observed` are tensors the caller owns (free them with
 * `disposeVdpData` or tf.dispose); everything else is plain numbers.
 */
export interface VdpData {
  /** Observation times, length T. */
  t: number[];
  /** Initial states, [N][2]. */
  x0: number[][];
  /** Exact (solver) states, [T, N, 2]. */
  clean: tf.Tensor3D;
  /** clean + N(0, noiseStd²), [T, N, 2]. */
  observed: tf.Tensor3D;
  mu: number;
  noiseStd: number;
}

/**
 * Generates noisy Van der Pol trajectories. One Rng(seed) draws first the N initial states
 * (x1, x2 per trajectory), then the T·N·2 noise values (time-major, like the tensor).
 */
export function makeVdpData(options: VdpDataOptions = {}): VdpData {
  const mu = options.mu ?? 1;
  const count = options.count ?? 10;
  const tEnd = options.tEnd ?? 10;
  const points = options.points ?? 50;
  const noiseStd = options.noiseStd ?? 0.1;
  const range = options.x0Range ?? 3;
  const rng = new Rng(options.seed ?? 0);
  const t = linspace(0, tEnd, points);
  const x0 = Array.from({ length: count }, () => [
    rng.uniform(-range, range),
    rng.uniform(-range, range),
  ]);
  const noise = new Float32Array(points * count * 2);
  for (let i = 0; i < noise.length; i++) noise[i] = rng.normal(0, noiseStd);
  const [clean, observed] = tf.tidy(() => {
    const y0 = tf.tensor2d(x0);
    const ys = odeint(vanDerPolField(mu), y0, t, {
      method: "dopri5",
      rtol: options.rtol ?? 1e-7,
      atol: options.atol ?? 1e-9,
    }) as tf.Tensor3D;
    return [ys, tf.add(ys, tf.tensor3d(noise, [points, count, 2])) as tf.Tensor3D];
  });
  return { t, x0, clean, observed, mu, noiseStd };
}

export function disposeVdpData(data: VdpData): void {
  tf.dispose([data.clean, data.observed]);
}

// EXERCISE 6.1 begin (the exercise kit's reference: see lib/ode/plain/fixed_grid.ts)
/**
 * The batch for given start indices: for each start s, all N trajectories' windows
 * observed[s : s + length]; several starts are concatenated along the batch axis (start by
 * start, each with its N trajectories in order). The window times are t[0 : length] − t[0]:
 * every window starts at time 0 (the grid is uniform).
 */
export function subsequenceBatch(
  observed: tf.Tensor3D,
  t: number[],
  starts: number[],
  length: number,
): SubsequenceBatch {
  const [T, N, D] = observed.shape;
  if (!Number.isInteger(length) || length < 2 || length > T) {
    throw new Error(`sub-sequence length must be an integer in [2, ${T}], got ${length}`);
  }
  for (const s of starts) {
    if (!Number.isInteger(s) || s < 0 || s + length > T) {
      throw new Error(`start index ${s} does not leave ${length} points in a series of ${T}`);
    }
  }
  // SOLUTION begin
  const { y0, target } = tf.tidy(() => {
    const windows = starts.map((s) => tf.slice(observed, [s, 0, 0], [length, N, D]));
    const target = (windows.length === 1 ? windows[0] : tf.concat(windows, 1)) as tf.Tensor3D;
    const y0 = tf.reshape(tf.slice(target, [0, 0, 0], [1, -1, -1]), [-1, D]) as tf.Tensor2D;
    return { y0, target };
  });
  return { t: t.slice(0, length).map((x) => x - t[0]), y0, target, starts: [...starts] };
  // SOLUTION end
}
// EXERCISE 6.1 end

export function disposeBatch(batch: { y0: tf.Tensor; target: tf.Tensor }): void {
  tf.dispose([batch.y0, batch.target]);
}

export interface SamplerOptions {
  /** Sub-sequence length L (default 10). */
  length?: number;
  /** Start indices per batch M, drawn without replacement (default 1: all N trajectories). */
  starts?: number;
  /** Seed of the start indices (default 0). */
  seed?: number;
}

/** Seeded random sub-sequence batches, as torchdiffeq's ode_demo `get_batch`. */
export class SubsequenceSampler {
  readonly length: number;
  readonly startsPerBatch: number;
  private readonly rng: Rng;

  constructor(
    private readonly data: { t: number[]; observed: tf.Tensor3D },
    options: SamplerOptions = {},
  ) {
    this.length = options.length ?? 10;
    this.startsPerBatch = options.starts ?? 1;
    this.rng = new Rng(options.seed ?? 0);
    const T = data.observed.shape[0];
    if (this.startsPerBatch > T - this.length) {
      throw new Error(
        `${this.startsPerBatch} distinct starts asked, but only ${T - this.length} exist`,
      );
    }
  }

  /** M distinct start indices from [0, T − L) (torchdiffeq: np.arange(data_size − batch_time)). */
  nextStarts(): number[] {
    return this.rng.sample(this.data.observed.shape[0] - this.length, this.startsPerBatch);
  }

  /** The next batch; free it with disposeBatch. */
  next(): SubsequenceBatch {
    return subsequenceBatch(this.data.observed, this.data.t, this.nextStarts(), this.length);
  }
}
