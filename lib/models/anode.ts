/**
 * ANODE (Dupont et al. 2019): a Neural ODE on [x, 0, …, 0] — the input padded with
 * `augmentDims` zeros — integrated from t = 0 to t1; the output is the first `dim` coordinates
 * of the final state. `augmentDims: 0` is the plain NODE, which cannot learn maps whose
 * trajectories would have to cross (the 1-D crossing toy of lib/data/crossing.ts).
 *
 * Default solver: rk4 with step 0.1 (10 steps, 40 evaluations on [0, 1]): accurate enough that
 * the discrete map keeps the flow's order (a coarse step could let a plain NODE "cross" by
 * discretisation error), and still fast.
 */
import * as tf from "@tensorflow/tfjs";
import type { Activation } from "../nn/fused_mlp.ts";
import { fusedMlpOdeint } from "../nn/fused_rk/solve.ts";
import { MLP } from "../nn/mlp.ts";
import { Module, prefixed } from "../nn/module.ts";
import { type GradientMethod, odeint, type SolveOptions, type VectorField } from "../ode/mod.ts";
import type { LossParts } from "./loss.ts";
import { meanSquaredError } from "./mse.ts";

export interface AnodeOptions {
  /** Dimension of the inputs and outputs (default 1). */
  dim?: number;
  /** Extra zero-initialised dimensions (default 2; 0 = plain NODE). */
  augmentDims?: number;
  /** Hidden widths of the field (default [32, 32]). */
  hidden?: number[];
  /** Hidden activation (default "elu"). */
  activation?: Activation;
  /** Seed of the initial weights (default 0). */
  seed?: number;
  /** End time of the flow (default 1). */
  t1?: number;
  /** Solver (default rk4, step 0.1). */
  solver?: SolveOptions;
  /** "backprop" through the steps (default) or the continuous "adjoint" (lib/ode/solve.ts). */
  gradient?: GradientMethod;
}

// EXERCISE 13.1 begin (the exercise kit's reference: see lib/ode/plain/fixed_grid.ts)
/**
 * Pads each row of x [B, dim] with `extra` zeros: [B, dim + extra]. The extra coordinates give
 * trajectories room to pass each other (in the input space alone they cannot cross). extra = 0
 * returns a copy of x. Returns a new tensor.
 */
export function augmentWithZeros(x: tf.Tensor, extra: number): tf.Tensor {
  // SOLUTION begin
  return extra === 0 ? x.clone() : tf.tidy(() => tf.concat([x, tf.zeros([x.shape[0], extra])], 1));
  // SOLUTION end
}
// EXERCISE 13.1 end

// EXERCISE 13.2 begin
/**
 * The ANODE map: pad x [B, dim] with `augmentDims` zeros, carry it along the field with
 * `flow(z0)` (which returns the trajectory [T, B, dim + augmentDims], its last time being the
 * end time), and read out the first `dim` coordinates of the last state: [B, dim].
 */
export function anodeMap(
  flow: (z0: tf.Tensor) => tf.Tensor,
  x: tf.Tensor,
  augmentDims: number,
  dim: number,
): tf.Tensor {
  // SOLUTION begin
  return tf.tidy(() => {
    const ys = flow(augmentWithZeros(x, augmentDims));
    const last = ys.shape[0] - 1;
    return tf.reshape(tf.slice(ys, [last, 0, 0], [1, -1, dim]), [-1, dim]);
  });
  // SOLUTION end
}
// EXERCISE 13.2 end

export class AugmentedNODE extends Module {
  readonly field: MLP;
  readonly dim: number;
  readonly augmentDims: number;
  readonly t1: number;
  readonly solver: SolveOptions;
  readonly gradient: GradientMethod;
  readonly f: VectorField;

  constructor(options: AnodeOptions = {}) {
    super();
    this.dim = options.dim ?? 1;
    this.augmentDims = options.augmentDims ?? 2;
    if (!Number.isInteger(this.augmentDims) || this.augmentDims < 0) {
      throw new Error(`augmentDims must be an integer ≥ 0, got ${this.augmentDims}`);
    }
    const width = this.dim + this.augmentDims;
    this.field = new MLP([width, ...(options.hidden ?? [32, 32]), width], {
      activation: options.activation ?? "elu",
      seed: options.seed ?? 0,
    });
    this.t1 = options.t1 ?? 1;
    this.solver = options.solver ?? { method: "rk4", stepSize: 0.1 };
    this.gradient = options.gradient ?? "backprop";
    this.f = (_t, y) => this.field.apply(y);
  }

  namedParameters(): Record<string, tf.Variable> {
    return prefixed({ field: this.field });
  }

  /** [x, 0…0]: [B, dim] → [B, dim + augmentDims]. */
  augment(x: tf.Tensor): tf.Tensor {
    return augmentWithZeros(x, this.augmentDims);
  }

  /** Full augmented trajectories at times t (default 0 → t1 in 20 steps): [T, B, dim + aug]. */
  trajectories(x: tf.Tensor, t: number[] = this.defaultTimes(20)): tf.Tensor {
    return tf.tidy(() => this.flow(this.augment(x), t));
  }

  /** The map x ↦ first `dim` coordinates of the state at t1: [B, dim]. */
  forward(x: tf.Tensor): tf.Tensor {
    return anodeMap((z0) => this.flow(z0, [0, this.t1]), x, this.augmentDims, this.dim);
  }

  /** Augmented states z0 carried along the field to the times t: [T, B, dim + aug]. */
  private flow(z0: tf.Tensor, t: number[]): tf.Tensor {
    const options = { ...this.solver, gradient: this.gradient, params: this.parameters() };
    // On the GPU backends a fixed-step backprop solve runs as fused kernels (lib/nn/fused_rk:
    // the same numbers, far fewer dispatches); anything they do not cover returns undefined.
    return fusedMlpOdeint(this.field, z0, t, options) ?? odeint(this.f, z0, t, options);
  }

  /** MSE between forward(x) and y. */
  loss(batch: { x: tf.Tensor; y: tf.Tensor }): LossParts {
    return tf.tidy(() => {
      const mse = meanSquaredError(this.forward(batch.x), batch.y);
      return { loss: mse, terms: { mse } };
    });
  }

  private defaultTimes(n: number): number[] {
    return Array.from({ length: n + 1 }, (_, i) => this.t1 * i / n);
  }
}
