/**
 * BNN-NODE: a Neural ODE whose field is a Bayesian (mean-field Gaussian) MLP, trained by
 * variational inference (lecture sections 2 and 4).
 *
 * Per step, ONE function is drawn (w = µ + σ⊙ε) and the ODE is solved with it; the loss is the
 * negative ELBO per sub-sequence:
 *
 *   loss = −(1/B) Σ_b Σ_{n,d} log N(y_bnd | x_bnd(w), σ_obs²)  +  KL(q(w) ‖ p(w)) / dataSize
 *
 * where B is the batch's number of sequences and `dataSize` the number of sequences in the
 * whole data set (minibatch scaling: the sum of both terms over the data set is −ELBO). With the
 * VDP data (10 trajectories, windows starting at 40 indices) the default dataSize is 400.
 * Pass `{ seed }` to `loss` to fix the function sample (deterministic loss, for tests).
 */
import * as tf from "@tensorflow/tfjs";
import { BayesianMLP } from "../nn/bnn.ts";
import type { Activation } from "../nn/fused_mlp.ts";
import { Module, prefixed } from "../nn/module.ts";
import { type GradientMethod, odeint, type SolveOptions } from "../ode/mod.ts";
import { gaussianLogLikelihood } from "../prob/likelihoods.ts";
import { Rng } from "../prob/random.ts";
import type { LossParts } from "./loss.ts";
import { meanSquaredError } from "./mse.ts";
import {
  DEFAULT_NODE_SOLVER,
  type FieldGrid,
  type FieldGridOptions,
  type TrajectoryBatch,
  vectorFieldGrid,
} from "./node.ts";

export interface BnnNodeOptions {
  /** State dimension D (default 2). */
  dim?: number;
  /** Hidden widths of the field (default [64, 64]). */
  hidden?: number[];
  /** Hidden activation (default "elu"). */
  activation?: Activation;
  /** Seed of the initial means and of the unseeded function samples (default 0). */
  seed?: number;
  /** Prior std of every weight (default 1). */
  priorStd?: number;
  /** Initial posterior std of every weight (default 1e-2). */
  initStd?: number;
  /** Fixed observation noise σ_obs (default 0.1, the data's). */
  noiseStd?: number;
  /** Number of sequences in the data set, for the KL's minibatch scaling (default 400). */
  dataSize?: number;
  /** Solver (default rk4 on the observation grid, as NODE). */
  solver?: SolveOptions;
  /** "backprop" through the steps (default) or the continuous "adjoint" (lib/ode/solve.ts). */
  gradient?: GradientMethod;
}

export interface SampleOptions {
  /** Number of function samples (default 10). */
  samples?: number;
  /** Seed of the first sample; sample k uses seed + 1000·k (default: the model's stream). */
  seed?: number;
  /** Solver (default: the model's). */
  solver?: SolveOptions;
}

export class BayesianNODE extends Module {
  readonly bnn: BayesianMLP;
  readonly dim: number;
  readonly noiseStd: number;
  readonly dataSize: number;
  readonly solver: SolveOptions;
  readonly gradient: GradientMethod;
  private readonly rng: Rng;

  constructor(options: BnnNodeOptions = {}) {
    super();
    this.dim = options.dim ?? 2;
    const seed = options.seed ?? 0;
    this.bnn = new BayesianMLP([this.dim, ...(options.hidden ?? [64, 64]), this.dim], {
      activation: options.activation ?? "elu",
      seed,
      priorStd: options.priorStd ?? 1,
      initStd: options.initStd ?? 1e-2,
    });
    this.noiseStd = options.noiseStd ?? 0.1;
    this.dataSize = options.dataSize ?? 400;
    this.solver = options.solver ?? DEFAULT_NODE_SOLVER;
    this.gradient = options.gradient ?? "backprop";
    this.rng = new Rng(seed + 104729);
  }

  namedParameters(): Record<string, tf.Variable> {
    return prefixed({ field: this.bnn });
  }

  /**
   * Trajectories [T, B, D] under the function sample of `seed` (the same function as
   * `bnn.drawF(seed)`); differentiable w.r.t. the variational parameters by the model's
   * `gradient` method. The field's form follows from it: the adjoint evaluates f again after
   * this returns, when a drawn w would be gone, so it gets the field that rebuilds w from the
   * seed at every call (seededF); backprop draws w once (drawF, much cheaper per evaluation).
   */
  solveSample(seed: number, y0: tf.Tensor, t: number[], options = this.solver): tf.Tensor {
    const drawn = this.gradient === "adjoint" ? undefined : this.bnn.drawF(seed);
    const f = drawn ?? this.bnn.seededF(seed);
    try {
      return odeint(f, y0, t, {
        ...options,
        gradient: this.gradient,
        params: this.bnn.parameters(),
      });
    } finally {
      drawn?.dispose();
    }
  }

  /** Negative ELBO per sequence with one function sample (seeded by `seed` when given). */
  loss(batch: TrajectoryBatch, { seed }: { seed?: number } = {}): LossParts {
    const s = seed ?? this.rng.seed();
    return tf.tidy(() => {
      const pred = this.solveSample(s, batch.y0, batch.t);
      // [L, B, D] → per sequence: move B first, sum over time and dimensions.
      const logLik = gaussianLogLikelihood(
        tf.transpose(batch.target, [1, 0, 2]),
        tf.transpose(pred, [1, 0, 2]),
        this.noiseStd,
      );
      const nll = tf.neg(tf.mean(logLik)) as tf.Scalar;
      const kl = tf.div(this.bnn.kl(), this.dataSize) as tf.Scalar;
      const mse = meanSquaredError(pred, batch.target);
      return { loss: tf.add(nll, kl) as tf.Scalar, terms: { nll, kl, mse } };
    });
  }

  /** Trajectories of `samples` function draws from y0 [B, D]: [S, T, B, D] (no tape). */
  sampleTrajectories(y0: tf.Tensor, t: number[], options: SampleOptions = {}): tf.Tensor {
    const seeds = this.sampleSeeds(options);
    return tf.tidy(() =>
      tf.stack(seeds.map((s) => {
        const f = this.bnn.drawF(s);
        try {
          return odeint(f, y0, t, options.solver ?? this.solver);
        } finally {
          f.dispose();
        }
      }))
    );
  }

  /** Trajectories under the posterior-mean weights: [T, B, D]. */
  predictMean(y0: tf.Tensor, t: number[], solver: SolveOptions = this.solver): tf.Tensor {
    const f = this.bnn.meanF();
    try {
      return odeint(f, y0, t, solver);
    } finally {
      f.dispose();
    }
  }

  /** Sampled vector fields on a grid (one FieldGrid per sample), for uncertainty plots. */
  sampleFieldGrids(grid: FieldGridOptions = {}, options: SampleOptions = {}): FieldGrid[] {
    return this.sampleSeeds(options).map((s) => {
      const f = this.bnn.drawF(s);
      try {
        return vectorFieldGrid(f, grid);
      } finally {
        f.dispose();
      }
    });
  }

  private sampleSeeds(options: SampleOptions): number[] {
    const n = options.samples ?? 10;
    const first = options.seed;
    return Array.from(
      { length: n },
      (_, k) => first === undefined ? this.rng.seed() : first + 1000 * k,
    );
  }
}
