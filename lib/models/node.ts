/**
 * NODE: a Neural ODE dy/dt = f_w(y) with an MLP field (lecture section 2), fitted to noisy
 * trajectories by least squares on random sub-sequences.
 *
 * Loss: MSE between odeint(f, y0, t) and the observed window — maximum likelihood under Gaussian
 * noise, i.e. the course's ½Σ‖y_n − x(t_n; w)‖² up to a constant factor. (torchdiffeq's
 * ode_demo uses the mean L1 instead; set `loss: "l1"` for that.)
 *
 * Default solver: rk4 stepping exactly on the observation grid (Δt = 10/49 ≈ 0.2 for the VDP
 * data). It costs a fixed 4 evaluations per interval (36 for a 10-point window), needs no reads
 * from the device (no step-size control: good on webgpu/webgl), and its error at Δt ≈ 0.2 on a
 * VDP-like field (~1e-3) is far below the noise σ = 0.1. Pass `solver: { method: "dopri5",
 * rtol: 1e-5, atol: 1e-6 }` for adaptive steps.
 */
import * as tf from "@tensorflow/tfjs";
import type { Activation } from "../nn/fused_mlp.ts";
import { MLP } from "../nn/mlp.ts";
import { Module, prefixed } from "../nn/module.ts";
import { fusedMlpOdeint } from "../nn/fused_rk/solve.ts";
import { type GradientMethod, odeint, type SolveOptions, type VectorField } from "../ode/mod.ts";
import type { LossParts } from "./loss.ts";
import type { TrajectoryBatch } from "./batch.ts";
export type { TrajectoryBatch } from "./batch.ts";

export interface NodeOptions {
  /** State dimension D (default 2). */
  dim?: number;
  /** Hidden widths of the field (default [64, 64]). */
  hidden?: number[];
  /** Hidden activation (default "elu": smooth fields). */
  activation?: Activation;
  /** Seed of the initial weights (default 0). */
  seed?: number;
  /** Solver of training and prediction (default rk4 on the observation grid; see above). */
  solver?: SolveOptions;
  /** "backprop" through the steps (default) or the continuous "adjoint" (lib/ode/solve.ts). */
  gradient?: GradientMethod;
  /** "mse" (default, least squares) or "l1" (torchdiffeq's ode_demo). */
  loss?: "mse" | "l1";
  /**
   * Run `predict`'s solve as one fused kernel where the backend has one and the solve allows
   * it (default true; see lib/nn/fused_rk). False keeps the op-by-op solver everywhere.
   */
  fused?: boolean;
}

export const DEFAULT_NODE_SOLVER: SolveOptions = { method: "rk4" };

export interface FieldGridOptions {
  /** Range of the first and second coordinate (default [−4, 4] each). */
  xRange?: [number, number];
  yRange?: [number, number];
  /** Points per axis (default 20). */
  n?: number;
  /** Time at which the field is evaluated (default 0; the fields here are autonomous). */
  t?: number;
}

/** A quiver plot's data: one row per grid point (plain numbers, for Observable Plot). */
export interface FieldGrid {
  x: number[];
  y: number[];
  u: number[];
  v: number[];
}

/** Evaluates a 2-D vector field on a regular grid (row-major, x fastest). */
export function vectorFieldGrid(f: VectorField, options: FieldGridOptions = {}): FieldGrid {
  const [x0, x1] = options.xRange ?? [-4, 4];
  const [y0, y1] = options.yRange ?? [-4, 4];
  const n = options.n ?? 20;
  const x: number[] = [];
  const y: number[] = [];
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < n; i++) {
      x.push(n === 1 ? x0 : x0 + (x1 - x0) * i / (n - 1));
      y.push(n === 1 ? y0 : y0 + (y1 - y0) * j / (n - 1));
    }
  }
  const uv = tf.tidy(() => {
    const pts = tf.stack([tf.tensor1d(x), tf.tensor1d(y)], 1);
    return f(options.t ?? 0, pts).arraySync() as number[][];
  });
  return { x, y, u: uv.map((r) => r[0]), v: uv.map((r) => r[1]) };
}

// EXERCISE 6.2 begin (the exercise kit's reference: see lib/ode/plain/fixed_grid.ts)
/**
 * How well a Neural ODE fits a batch of observed windows: simulate from each window's first
 * observation, `predict(batch.y0, batch.t)` → [L, B, D], and compare with every observation
 * `batch.target` [L, B, D]. "mse": the mean squared error (least squares, i.e. maximum likelihood
 * under Gaussian noise); "l1": the mean absolute error (torchdiffeq's ode_demo). Returns the loss
 * and one term named after the kind.
 */
export function windowLoss(
  predict: (y0: tf.Tensor, t: number[]) => tf.Tensor,
  batch: TrajectoryBatch,
  kind: "mse" | "l1" = "mse",
): LossParts {
  // SOLUTION begin
  return tf.tidy(() => {
    const diff = tf.sub(predict(batch.y0, batch.t), batch.target);
    const loss = (kind === "mse" ? tf.mean(tf.square(diff)) : tf.mean(tf.abs(diff))) as tf.Scalar;
    return { loss, terms: { [kind]: loss } };
  });
  // SOLUTION end
}
// EXERCISE 6.2 end

export class NeuralODE extends Module {
  readonly field: MLP;
  readonly dim: number;
  readonly solver: SolveOptions;
  readonly gradient: GradientMethod;
  readonly lossKind: "mse" | "l1";
  readonly fused: boolean;
  /** dy/dt = MLP(y). */
  readonly f: VectorField;

  constructor(options: NodeOptions = {}) {
    super();
    this.dim = options.dim ?? 2;
    const hidden = options.hidden ?? [64, 64];
    this.field = new MLP([this.dim, ...hidden, this.dim], {
      activation: options.activation ?? "elu",
      seed: options.seed ?? 0,
    });
    this.solver = options.solver ?? DEFAULT_NODE_SOLVER;
    this.gradient = options.gradient ?? "backprop";
    this.lossKind = options.loss ?? "mse";
    this.fused = options.fused ?? true;
    this.f = (_t, y) => this.field.apply(y);
  }

  namedParameters(): Record<string, tf.Variable> {
    return prefixed({ field: this.field });
  }

  /**
   * Trajectories from y0 [B, D] at times t: [T, B, D]. Differentiable (used by the loss);
   * for plotting, pass e.g. `{ method: "dopri5", rtol: 1e-5, atol: 1e-6 }` as options.
   */
  predict(y0: tf.Tensor, t: number[], options: SolveOptions = this.solver): tf.Tensor {
    const solveOptions = { ...options, gradient: this.gradient, params: this.parameters() };
    // Automatic by backend: on webgpu (and webgl on a hardware renderer) a fixed-grid backprop
    // solve runs fused (the same numbers, 5–6× fewer dispatches per training step); anything
    // the kernels do not cover returns undefined here.
    const fused = this.fused ? fusedMlpOdeint(this.field, y0, t, solveOptions) : undefined;
    return fused ?? odeint(this.f, y0, t, solveOptions);
  }

  /** Trajectories as plain numbers [T][B][D], for plots; no tape, no tensors left. */
  trajectories(y0: number[][], t: number[], options: SolveOptions = this.solver): number[][][] {
    return tf.tidy(() => odeint(this.f, tf.tensor2d(y0), t, options).arraySync() as number[][][]);
  }

  loss(batch: TrajectoryBatch): LossParts {
    return windowLoss((y0, t) => this.predict(y0, t), batch, this.lossKind);
  }

  /** The learned field on a grid (for the lecture's quiver plot). */
  fieldGrid(options: FieldGridOptions = {}): FieldGrid {
    return vectorFieldGrid(this.f, options);
  }
}
