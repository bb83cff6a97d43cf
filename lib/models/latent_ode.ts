/**
 * The latent ODE of Rubanova et al. (2019) with an ODE-RNN encoder, for irregularly sampled series
 * such as the spirals of lib/data/spirals.ts.
 *
 *   encoder  one of two (option `encoder`), each ending in h ↦ q(z0) = N(µ, diag σ²):
 *            "ode-rnn" (default, Rubanova et al.): reads each series BACKWARD in time: between
 *            two observations the hidden state h follows dh/dt = f_enc(h) over that series' own
 *            time gap (`encoderSubsteps` Euler steps); at an observation h gets a GRU update with
 *            it. After the first observation h is carried on to t0 (default 0).
 *            "interpolated" (the encoder of the course's source notebook): one ODE run FORWARD
 *            from t0 to the series' last observation, dh/dt = f_enc(h, x̂(t)), whose field reads
 *            x̂, the piecewise-linear interpolation of the observations (held constant before
 *            the first); `encoderSteps` Euler steps per series. This is an ODE with the
 *            interpolated values as an input, not a neural CDE (Kidger et al. 2020), which would
 *            be driven by the path itself: dh = f(h) dx̂(t).
 *   latent   z0 ~ q(z0) (reparameterised), dz/dt = f_lat(z) (MLP, ELU): RK4 on a uniform grid from
 *            t0, read at any times by cubic Hermite interpolation.
 *   decoder  x̂(t) = g(z(t)) (MLP) with a fixed Gaussian observation noise σ = 0.2.
 *   loss     −ELBO per series = −Σ_observed log N(x | x̂, σ²) + KL(q(z0) ‖ N(0, I)), batch-averaged.
 *
 * Batches (IrregularBatch): row b has its own sorted times times[b] (length K) and values [B, K, D];
 * rows shorter than K are padded at the end (repeat the last time) and marked by a mask [B, K].
 * Every series in a batch is advanced by its own gap at each encoder step (the step sizes are a
 * [B, 1] tensor), so a series encodes exactly the same alone as inside a batch.
 */
import * as tf from "@tensorflow/tfjs";
import { type IrregularBatch, truncateBatch } from "../data/spirals.ts";
import { type Activation, MLP } from "../nn/mlp.ts";
import { GRUCell } from "../nn/gru.ts";
import { Module, prefixed } from "../nn/module.ts";
import { uniformSteps } from "../ode/integrate_fixed.ts";
import { hermiteMatrices, linearInterpolationMatrix } from "../ode/interpolate.ts";
import { odeint } from "../ode/solve.ts";
import { gaussianLogLikelihood, klStandardNormal, reparameterize } from "../prob/likelihoods.ts";
import type { LossParts } from "./loss.ts";

/** The encoders LatentODE offers: an ODE-RNN read backward, or an ODE over interpolated values. */
export const LATENT_ODE_ENCODERS = ["ode-rnn", "interpolated"] as const;
export type LatentOdeEncoder = typeof LATENT_ODE_ENCODERS[number];

export interface LatentOdeOptions {
  /** Observation dimension (2 for spirals). */
  dataDim?: number;
  /** Size of z (default 4). */
  latentDim?: number;
  /** GRU / ODE-RNN hidden state size (default 25). */
  hiddenDim?: number;
  /** Hidden width of the encoder's ODE field, of the latent field and of the decoder (default 25). */
  width?: number;
  /** Fixed std of the Gaussian observation model (default 0.2). */
  obsStd?: number;
  /** Which encoder reads the series (default "ode-rnn"; see the file comment). */
  encoder?: LatentOdeEncoder;
  /** "ode-rnn": Euler steps of the encoder's ODE per gap between observations (default 2). */
  encoderSubsteps?: number;
  /** "interpolated": Euler steps from t0 to each series' last observation (default 60). */
  encoderSteps?: number;
  /** Largest RK4 step of the latent ODE (default 0.25). */
  latentStep?: number;
  /** Time of z0 (default 0): the encoder runs back to it, the latent ODE starts there. */
  t0?: number;
  /** Hidden activation of the decoder (default "elu": smooth curves and a smooth loss). */
  decoderActivation?: Activation;
  /** Seed of all initial weights (default 0). */
  seed?: number;
}

export const LATENT_ODE_DEFAULTS: Required<LatentOdeOptions> = {
  dataDim: 2,
  latentDim: 4,
  hiddenDim: 25,
  width: 25,
  obsStd: 0.2,
  encoder: "ode-rnn",
  encoderSubsteps: 2,
  encoderSteps: 60,
  latentStep: 0.25,
  t0: 0,
  decoderActivation: "elu",
  seed: 0,
};

/** Times to decode at: one list for every series, or one list per series. */
export type DecodeTimes = readonly number[] | readonly (readonly number[])[];

export interface Posterior {
  /** [B, latentDim] */
  mean: tf.Tensor2D;
  /** log σ²: [B, latentDim] */
  logVar: tf.Tensor2D;
}

export interface LatentOdeLossOptions {
  /** Seed of the reparameterisation noise: fix it for a deterministic loss. */
  seed?: number;
  /** Weight of the KL term (default 1: the ELBO). */
  klWeight?: number;
}

// EXERCISE 10.1 begin (the exercise kit's reference: see lib/ode/plain/fixed_grid.ts)
/**
 * The ODE part of an ODE-RNN between two observations: evolves every series' hidden state by its
 * own time step, h[b] over dt[b] (negative when the encoder goes back in time), under
 * dh/dt = field(h), with `substeps` Euler steps of size dt[b]/substeps each. h: [B, H]. Returns
 * a new tensor, or h itself when every dt is 0.
 */
export function evolveHidden(
  field: (h: tf.Tensor) => tf.Tensor,
  h: tf.Tensor2D,
  dt: readonly number[],
  substeps: number,
): tf.Tensor2D {
  if (dt.every((d) => d === 0)) return h;
  // SOLUTION begin
  return tf.tidy(() => {
    const step = tf.tensor2d(dt.map((d) => d / substeps), [dt.length, 1]);
    let y = h;
    for (let k = 0; k < substeps; k++) {
      y = tf.add(y, tf.mul(field(y), step)) as tf.Tensor2D;
    }
    return y;
  });
  // SOLUTION end
}
// EXERCISE 10.1 end

// EXERCISE 10.2 begin
/**
 * The ODE-RNN encoder's pass over irregularly timed series, read backward in time: series b is
 * observed at its own sorted times times[b][0 … K−1]. Starting from h0 at the last observation,
 * for k = K−1 down to 0: first (for k < K−1) `evolve` h from observation k + 1 back to k, by each
 * series' own gap times[b][k] − times[b][k+1] (≤ 0); then `update(k, h)` folds observation k in.
 * After observation 0, evolve back to t0 by t0 − times[b][0]. Returns h at t0, [B, H]. Call it
 * inside tf.tidy (the intermediate states are the caller's to free).
 */
export function odeRnnBackward(
  times: readonly (readonly number[])[],
  h0: tf.Tensor2D,
  t0: number,
  evolve: (h: tf.Tensor2D, dt: number[]) => tf.Tensor2D,
  update: (k: number, h: tf.Tensor2D) => tf.Tensor2D,
): tf.Tensor2D {
  const K = times[0]?.length ?? 0;
  // SOLUTION begin
  let h = h0;
  for (let k = K - 1; k >= 0; k--) {
    if (k < K - 1) h = evolve(h, times.map((row) => row[k] - row[k + 1]));
    h = update(k, h);
  }
  return evolve(h, times.map((row) => t0 - row[0]));
  // SOLUTION end
}
// EXERCISE 10.2 end

export class LatentODE extends Module {
  readonly options: Required<LatentOdeOptions>;
  /** GRU update at an observation: input x, state h ("ode-rnn" encoder only). */
  readonly gru: GRUCell | undefined;
  /** dh/dt of the encoder (tanh MLP): of h ("ode-rnn"), of [h, x̂(t)] ("interpolated"). */
  readonly encoderField: MLP;
  /** h → (µ, log σ²) of q(z0). */
  readonly encoderOut: MLP;
  /** dz/dt of the latent ODE (ELU MLP). */
  readonly latentField: MLP;
  /** z → x̂ (MLP, ELU by default). */
  readonly decoder: MLP;

  constructor(options: LatentOdeOptions = {}) {
    super();
    const o = { ...LATENT_ODE_DEFAULTS, ...options };
    this.options = o;
    const { dataDim: D, latentDim: L, hiddenDim: H, width: W, seed } = o;
    if (!LATENT_ODE_ENCODERS.includes(o.encoder)) {
      throw new Error(
        `LatentODE: encoder "${o.encoder}" is unknown. Fix: use one of ${
          LATENT_ODE_ENCODERS.join(", ")
        }.`,
      );
    }
    const interpolated = o.encoder === "interpolated";
    this.gru = interpolated ? undefined : new GRUCell(D, H, { seed });
    this.encoderField = new MLP([interpolated ? H + D : H, W, H], {
      activation: "tanh",
      seed: seed + 20,
    });
    this.encoderOut = new MLP([H, W, 2 * L], { activation: "tanh", seed: seed + 30 });
    this.latentField = new MLP([L, W, W, L], { activation: "elu", seed: seed + 40 });
    this.decoder = new MLP([L, W, D], { activation: o.decoderActivation, seed: seed + 50 });
  }

  namedParameters(): Record<string, tf.Variable> {
    return prefixed({
      ...(this.gru ? { gru: this.gru } : {}),
      encoderField: this.encoderField,
      encoderOut: this.encoderOut,
      latentField: this.latentField,
      decoder: this.decoder,
    });
  }

  /** Evolves h [B, H] by per-series time steps dt[b] (≤ 0 when going back) with Euler sub-steps. */
  private evolveHidden(h: tf.Tensor2D, dt: readonly number[]): tf.Tensor2D {
    const field = (y: tf.Tensor) => this.encoderField.apply(y);
    return evolveHidden(field, h, dt, this.options.encoderSubsteps);
  }

  /**
   * q(z0) from series `values` [B, K, D] observed at `times` [B][K] (each sorted ascending, from
   * t0 on), with an optional `mask` [B, K] of real entries. Returns µ and log σ², [B, latentDim].
   */
  encode(values: tf.Tensor, times: IrregularBatch["times"], mask?: tf.Tensor): Posterior {
    const [B, K, D] = values.shape;
    if (values.rank !== 3 || D !== this.options.dataDim || times.length !== B) {
      throw new Error(
        `LatentODE.encode: values must be [B, K, ${this.options.dataDim}] with B = times.length ` +
          `(${times.length}), got [${values.shape}]`,
      );
    }
    const t0 = this.options.t0;
    times.forEach((row, b) => {
      if (row.length !== K) {
        throw new Error(`LatentODE.encode: times[${b}] has ${row.length} entries, values ${K}`);
      }
      if (row[0] < t0) throw new Error(`LatentODE.encode: times[${b}] starts before t0 = ${t0}`);
      for (let k = 1; k < K; k++) {
        if (row[k] < row[k - 1]) throw new Error(`LatentODE.encode: times[${b}] is not sorted`);
      }
    });
    return tf.tidy(() => {
      const h = this.gru
        ? this.encodeOdeRnn(this.gru, values, times, mask)
        : this.encodeInterpolated(values, times, mask);
      const [mean, logVar] = tf.split(this.encoderOut.apply(h), 2, -1) as tf.Tensor2D[];
      return { mean, logVar };
    });
  }

  /** The ODE-RNN's hidden state at t0, reading each series backward (inside encode's tidy). */
  private encodeOdeRnn(
    gru: GRUCell,
    values: tf.Tensor,
    times: IrregularBatch["times"],
    mask?: tf.Tensor,
  ): tf.Tensor2D {
    const B = values.shape[0];
    // Time-major inputs, projected through the GRU's input weights once for all steps.
    const projected = gru.projectInput(tf.transpose(values, [1, 0, 2])); // [K, B, H] each
    const [r, z, n] = [projected.r, projected.z, projected.n].map((g) => tf.unstack(g));
    // A full-shape condition per step: tf.where with a broadcast [B, 1] one is much slower.
    const H = this.options.hiddenDim;
    const real = mask
      ? tf.unstack(tf.tile(tf.expandDims(tf.cast(tf.transpose(mask), "bool"), -1), [1, 1, H]))
      : undefined;
    return odeRnnBackward(
      times,
      tf.zeros([B, H]) as tf.Tensor2D,
      this.options.t0,
      (x, dt) => this.evolveHidden(x, dt),
      (k, x) => {
        const updated = gru.stepProjected({ r: r[k], z: z[k], n: n[k] }, x);
        return (real ? tf.where(real[k], updated, x) : updated) as tf.Tensor2D;
      },
    );
  }

  /**
   * The interpolated-observation encoder's hidden state at each series' last observation: Euler
   * steps of dh/dt = f_enc([h, x̂(t)]) forward from t0, `encoderSteps` of them per series, each
   * of size (T_b − t0) / encoderSteps for series b ending at T_b; x̂ is read at the start of
   * each step (inside encode's tidy).
   */
  private encodeInterpolated(
    values: tf.Tensor,
    times: IrregularBatch["times"],
    mask?: tf.Tensor,
  ): tf.Tensor2D {
    const [B] = values.shape;
    const S = this.options.encoderSteps;
    const t0 = this.options.t0;
    const real = realCounts(times, mask);
    const ends = times.map((row, b) => row[real[b] - 1]);
    const stepTimes = ends.map((end) =>
      Array.from({ length: S }, (_, s) => t0 + (s * (end - t0)) / S)
    );
    const weights = linearInterpolationMatrix(times, real, stepTimes); // [B, S, K]
    const xs = tf.unstack(tf.transpose(tf.matMul(weights, values), [1, 0, 2])); // S × [B, D]
    const dt = tf.tensor2d(ends.map((end) => (end - t0) / S), [B, 1]);
    let h = tf.zeros([B, this.options.hiddenDim]) as tf.Tensor2D;
    for (let s = 0; s < S; s++) {
      const slope = this.encoderField.apply(tf.concat([h, xs[s]], -1));
      h = tf.add(h, tf.mul(slope, dt)) as tf.Tensor2D;
    }
    return h;
  }

  /**
   * Latent states z(t) from z0 [B, L] at `times` (shared [T] or per series [B][T], each ≥ t0):
   * [B, T, L]. Classic RK4 on a uniform grid from t0 to the last time (steps ≤ latentStep), then
   * every requested time by cubic Hermite interpolation between grid states — the dense output of
   * lib/ode's fixed-step solver, written as two batched matrix products instead of one small op
   * per output time.
   */
  latentTrajectory(z0: tf.Tensor, times: DecodeTimes): tf.Tensor3D {
    const [B, L] = z0.shape;
    const rows = perSeries(times, B);
    const t0 = this.options.t0;
    const end = Math.max(...rows.map((row) => row[row.length - 1]));
    const steps = uniformSteps(t0, end, this.options.latentStep);
    const dt = (end - t0) / steps;
    const grid = Array.from({ length: steps + 1 }, (_, i) => (i === steps ? end : t0 + i * dt));
    if (end <= t0) grid[steps] = t0 + 1e-6; // all times at t0: any tiny interval will do
    return tf.tidy(() => {
      const field = (_t: number, z: tf.Tensor) => this.latentField.apply(z);
      const ys = odeint(field, z0, grid, { method: "rk4", checkFinite: false }); // [S+1, B, L]
      const slopes = tf.reshape(this.latentField.apply(tf.reshape(ys, [-1, L])), ys.shape);
      const { a, c } = hermiteMatrices(grid, rows); // [B, T, S+1] each
      const toRows = (x: tf.Tensor) => tf.transpose(x, [1, 0, 2]) as tf.Tensor3D; // [B, S+1, L]
      return tf.add(tf.matMul(a, toRows(ys)), tf.matMul(c, toRows(slopes))) as tf.Tensor3D;
    });
  }

  /** Decoded observations from z0 [B, L] at `times` (shared or per series): [B, T, D]. */
  decodeFrom(z0: tf.Tensor, times: DecodeTimes): tf.Tensor3D {
    return tf.tidy(() => {
      const zs = this.latentTrajectory(z0, times);
      const [B, T, L] = zs.shape;
      const x = this.decoder.apply(tf.reshape(zs, [B * T, L]));
      return tf.reshape(x, [B, T, this.options.dataDim]) as tf.Tensor3D;
    });
  }

  /**
   * −ELBO averaged over the batch, with its terms: nll = −Σ_observed log p(x | z) (per series,
   * batch mean), kl = KL(q(z0) ‖ N(0, I)) (batch mean), and mse over observed coordinates.
   */
  loss(batch: IrregularBatch, options: LatentOdeLossOptions = {}): LossParts {
    return tf.tidy(() => {
      const { mean, logVar } = this.encode(batch.values, batch.times, batch.mask);
      const z0 = reparameterize(mean, logVar, options.seed);
      const pred = this.decodeFrom(z0, batch.times);
      const [B, K, D] = batch.values.shape;
      // −Σ log p over each series' observed points, averaged over the batch.
      const nll = tf.neg(
        tf.mean(gaussianLogLikelihood(batch.values, pred, this.options.obsStd, batch.mask)),
      ) as tf.Scalar;
      let sq = tf.square(tf.sub(batch.values, pred)); // [B, K, D]
      if (batch.mask) sq = tf.mul(sq, tf.expandDims(batch.mask, -1));
      const count = batch.mask ? tf.mul(tf.sum(batch.mask), D) : tf.scalar(B * K * D);
      const kl = tf.mean(klStandardNormal(mean, logVar)) as tf.Scalar;
      const loss = tf.add(nll, tf.mul(kl, options.klWeight ?? 1)) as tf.Scalar;
      const mse = tf.div(tf.sum(sq), count) as tf.Scalar;
      return { loss, terms: { nll, kl, mse } };
    });
  }

  /** Posterior means µ of q(z0) (for the latent-Gaussianity figures): [B, latentDim]. */
  posteriorMeans(batch: IrregularBatch): tf.Tensor2D {
    return tf.tidy(() => this.encode(batch.values, batch.times, batch.mask).mean);
  }

  /**
   * Reconstruction at `times` (shared, e.g. the dense grid, or per series) from z0 = µ, or from
   * a posterior sample when `seed` is given: [B, T, D].
   */
  reconstruct(batch: IrregularBatch, times: DecodeTimes, seed?: number): tf.Tensor3D {
    return tf.tidy(() => {
      const { mean, logVar } = this.encode(batch.values, batch.times, batch.mask);
      const z0 = seed === undefined ? mean : reparameterize(mean, logVar, seed);
      return this.decodeFrom(z0, times);
    });
  }

  /**
   * Extrapolation: encodes only each series' observations at times ≤ split, then decodes at the
   * `times` after split (e.g. the dense grid's). Returns those times and predictions [B, T', D].
   */
  extrapolate(
    batch: IrregularBatch,
    times: readonly number[],
    split = 2.5,
    seed?: number,
  ): { times: number[]; predictions: tf.Tensor3D } {
    const after = times.filter((t) => t > split);
    if (after.length === 0) throw new Error(`LatentODE.extrapolate: no times after ${split}`);
    const predictions = tf.tidy(() => {
      const early = truncateBatch(batch, split);
      return this.reconstruct(early, after, seed);
    });
    return { times: after, predictions };
  }
}

function perSeries(times: DecodeTimes, B: number): (readonly number[])[] {
  if (times.length > 0 && typeof times[0] === "number") {
    return Array.from({ length: B }, () => times as readonly number[]);
  }
  const rows = times as readonly (readonly number[])[];
  if (rows.length !== B) throw new Error(`LatentODE: ${rows.length} time rows for ${B} series`);
  return [...rows];
}

/** Real (unmasked) observations per series: the mask's row sums, or every column without one. */
function realCounts(times: IrregularBatch["times"], mask?: tf.Tensor): number[] {
  const K = times[0]?.length ?? 0;
  const rows = mask ? (mask.arraySync() as number[][]) : undefined;
  return times.map((_, b) => {
    const n = rows ? rows[b].reduce((a, v) => a + v, 0) : K;
    if (n < 1) throw new Error(`LatentODE.encode: series ${b} has no observation`);
    return n;
  });
}
