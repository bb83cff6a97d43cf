/**
 * ODE-Net (Chen et al. 2018, §7 / the lecture's "ResNets are discretised ODEs") for MNIST:
 *
 *   x [b, 28, 28, 1] → (conv 3×3 stride 2 → norm → act) × 2                   (h0: [b, 7, 7, C])
 *   → ODE block: dh/dt = f(t, h), h(1) = h0 + ∫₀¹ f(t, h) dt, with
 *     f(t, h) = norm₂(conv₂([act(norm₁(conv₁([h, t]))), t])) (t as an extra constant channel)
 *   → norm → ReLU → global average pooling → linear → 10 logits.
 *
 * The residual stack of a ResNet becomes one block with shared weights; its depth is chosen by
 * the solver (NFE, reported per forward pass). Gradients: through the solver's steps
 * ("backprop", default) or by the continuous adjoint ("adjoint": memory independent of NFE).
 *
 * "norm" is GroupNorm (Wu & He 2018), as in Chen et al.'s ODE-Net: per example, the channels
 * are split into groups and each group is standardised over space and its channels, then scaled
 * and shifted per channel (γ = 1, β = 0 at init). It uses no batch statistics, so a digit's
 * logits do not depend on the rest of its batch (evaluation is the same in any batch size), and
 * it keeps the field's scale in check, so the ODE block trains with a large learning rate.
 * `norm: "none"` gives the plain network (no norm layers, no γ/β parameters).
 *
 * Defaults: C = 16 channels, 4 groups, ELU, dopri5 with rtol = atol = 1e-3 (loose tolerances: the
 * block needs a few steps, not accuracy). ~8 k parameters. For training, a fixed-step solver is
 * much cheaper and as good (the shipped model: rk4 with 2 steps, NFE 8; on wasm a batch-64
 * training step takes ~0.1 s, see scripts/recipes/odenet_mnist.ts).
 */
import * as tf from "@tensorflow/tfjs";
import { Conv2d } from "../nn/conv.ts";
import { type Activation, ACTIVATIONS } from "../nn/fused_mlp.ts";
import { GroupNorm } from "../nn/group_norm.ts";
import { MLP } from "../nn/mlp.ts";
import { Module, prefixed } from "../nn/module.ts";
import type { SolveOptions } from "../ode/options.ts";
import {
  type GradientMethod,
  type GradientOptions,
  solve,
  type VectorField,
} from "../ode/solve.ts";
import { emptyStats, type SolveStats } from "../ode/stats.ts";
import type { LossParts } from "./loss.ts";
import type { OdeBlockResult } from "./odenet_types.ts";
export type { OdeBlockResult } from "./odenet_types.ts";

export interface OdeNetOptions {
  /** Channels of the downsampled feature maps and the ODE state (default 16). */
  channels?: number;
  /** Number of stride-2 downsampling convs (default 2: 28 → 14 → 7). */
  downsampling?: number;
  /** Give the field t as an extra input channel (default true). */
  timeChannel?: boolean;
  /** Activation of the downsampling convs and inside the field (default "elu"). */
  activation?: Activation;
  /** Normalisation after each conv and before the head: "group" (GroupNorm, default) or "none". */
  norm?: "group" | "none";
  /**
   * Groups of GroupNorm (default 4); the largest divisor of `channels` that is ≤ this is used
   * (1 group = LayerNorm over the feature map, `channels` groups = InstanceNorm).
   */
  groups?: number;
  /**
   * Head after the ODE block (and its norm and ReLU): "pool" (global average pooling → linear,
   * as Chen et al.; default) or "flatten" (all s·s·C features → linear: keeps where a stroke is,
   * ~10× the parameters of "pool" for 7×7 maps).
   */
  head?: "pool" | "flatten";
  /** Solver of the ODE block (default dopri5, rtol 1e-3, atol 1e-3). */
  solver?: SolveOptions;
  /** "backprop" through the solver's steps (default) or the continuous "adjoint". */
  gradient?: GradientMethod;
  /** Integration interval [0, endTime] (default 1). */
  endTime?: number;
  /** Number of classes (default 10). */
  classes?: number;
  /** Input channels (default 1). */
  inputChannels?: number;
  /** Seed of the weights (default 0). */
  seed?: number;
}

export const ODENET_DEFAULT_SOLVER: SolveOptions = { method: "dopri5", rtol: 1e-3, atol: 1e-3 };

// EXERCISE 11.1 begin (the exercise kit's reference: see lib/ode/plain/fixed_grid.ts)
/**
 * Gives a convolutional field the time: appends one channel filled with t to feature maps
 * h [b, height, width, C], giving [b, height, width, C + 1].
 */
export function withTimeChannel(h: tf.Tensor4D, t: number): tf.Tensor4D {
  // SOLUTION begin
  const [b, height, width] = h.shape;
  return tf.tidy(() => tf.concat([h, tf.fill([b, height, width, 1], t)], 3));
  // SOLUTION end
}
// EXERCISE 11.1 end

// EXERCISE 11.2 begin
/**
 * An ODE block: the continuous-depth replacement of a stack of residual blocks,
 *   h(endTime) = h0 + ∫₀^endTime field(t, h(t)) dt,
 * solved with `options` from 0 to endTime. Gradients flow back through the solver's steps, or,
 * with `options.gradient: "adjoint"` and `options.params` (the field's weights), come from the
 * adjoint method. Returns h(endTime) with the solve's statistics.
 */
export function odeBlock(
  field: VectorField,
  h0: tf.Tensor,
  endTime: number,
  options: GradientOptions,
): OdeBlockResult {
  // SOLUTION begin
  let stats = emptyStats();
  let backwardStats: SolveStats | undefined;
  const h1 = tf.tidy(() => {
    const sol = solve(field, h0, [0, endTime], options);
    stats = sol.stats;
    backwardStats = sol.backwardStats;
    // ys is [2, ...h0.shape]: the states at 0 and at endTime.
    return tf.squeeze(tf.slice(sol.ys, [1], [1]), [0]);
  });
  return { h1, stats, backwardStats };
  // SOLUTION end
}
// EXERCISE 11.2 end

export interface OdeNetForward {
  /** [b, classes] */
  logits: tf.Tensor2D;
  /** Cost of the ODE block's forward solve. */
  stats: SolveStats;
  /** Cost of the adjoint's backward solve (adjoint mode; filled in when gradients are taken). */
  backwardStats?: SolveStats;
}

export class OdeNet extends Module {
  readonly down: Conv2d[];
  readonly field: [Conv2d, Conv2d];
  readonly head: MLP;
  /** GroupNorms after the downsampling convs, the field's convs, and the ODE block ([] if none). */
  readonly downNorms: GroupNorm[];
  readonly fieldNorms: GroupNorm[];
  readonly outNorm?: GroupNorm;
  readonly norm: "group" | "none";
  readonly headKind: "pool" | "flatten";
  readonly channels: number;
  readonly timeChannel: boolean;
  readonly activation: Activation;
  readonly endTime: number;
  readonly gradient: GradientMethod;
  solver: SolveOptions;
  /** Statistics of the most recent forward pass (NFE of the ODE block, steps). */
  lastStats: SolveStats = emptyStats();
  /** Backward statistics of the most recent adjoint pass (after its gradient was taken). */
  lastBackwardStats?: SolveStats;

  constructor(options: OdeNetOptions = {}) {
    super();
    const {
      channels = 16,
      downsampling = 2,
      timeChannel = true,
      activation = "elu",
      norm = "group",
      groups = 4,
      head = "pool",
      solver = ODENET_DEFAULT_SOLVER,
      gradient = "backprop",
      endTime = 1,
      classes = 10,
      inputChannels = 1,
      seed = 0,
    } = options;
    this.channels = channels;
    this.timeChannel = timeChannel;
    this.activation = activation;
    this.norm = norm;
    this.headKind = head;
    this.solver = { ...solver };
    this.gradient = gradient;
    this.endTime = endTime;
    this.down = Array.from(
      { length: downsampling },
      (_, i) =>
        new Conv2d(i === 0 ? inputChannels : channels, channels, {
          stride: 2,
          seed: seed + 10 * i,
        }),
    );
    const extra = timeChannel ? 1 : 0;
    this.field = [
      new Conv2d(channels + extra, channels, { seed: seed + 100 }),
      new Conv2d(channels + extra, channels, { seed: seed + 110 }),
    ];
    const size = Math.ceil(28 / 2 ** downsampling);
    const features = head === "flatten" ? size * size * channels : channels;
    this.head = new MLP([features, classes], { seed: seed + 200 });
    const norms = (n: number) =>
      norm === "group" ? Array.from({ length: n }, () => new GroupNorm(channels, groups)) : [];
    this.downNorms = norms(downsampling);
    this.fieldNorms = norms(2);
    this.outNorm = norms(1)[0];
  }

  /** Parameters of the ODE block's field (what `f` closes over; passed to the adjoint). */
  fieldParameters(): tf.Variable[] {
    return [...this.field, ...this.fieldNorms].flatMap((m) => m.parameters());
  }

  private withTime(t: number, h: tf.Tensor4D): tf.Tensor4D {
    return this.timeChannel ? withTimeChannel(h, t) : h;
  }

  /** The ODE block's vector field f(t, h): [b, s, s, C] → [b, s, s, C]. */
  readonly vectorField = (t: number, h: tf.Tensor): tf.Tensor =>
    tf.tidy(() => {
      const act = ACTIVATIONS[this.activation];
      const h4 = h as tf.Tensor4D;
      const [n1, n2] = this.fieldNorms;
      let u = this.field[0].apply(this.withTime(t, h4));
      if (n1) u = n1.apply(u);
      u = act(u) as tf.Tensor4D;
      const out = this.field[1].apply(this.withTime(t, u));
      return n2 ? n2.apply(out) : out;
    });

  /** Downsampling: x [b, 28, 28, 1] (or [b, 784]) → h0 [b, 7, 7, C]. */
  features(x: tf.Tensor): tf.Tensor4D {
    return tf.tidy(() => {
      const act = ACTIVATIONS[this.activation];
      let h = (x.rank === 2 ? tf.reshape(x, [x.shape[0], 28, 28, 1]) : x) as tf.Tensor4D;
      this.down.forEach((conv, i) => {
        h = conv.apply(h);
        if (this.downNorms[i]) h = this.downNorms[i].apply(h);
        h = act(h) as tf.Tensor4D;
      });
      return h;
    });
  }

  /**
   * (norm →) ReLU → global average pooling (or flattening) → linear: h [b, s, s, C] → logits
   * [b, classes].
   */
  classify(h: tf.Tensor): tf.Tensor2D {
    return tf.tidy(() => {
      const normed = this.outNorm ? this.outNorm.apply(h as tf.Tensor4D) : h;
      const r = tf.relu(normed);
      const features = this.headKind === "flatten"
        ? tf.reshape(r, [r.shape[0], -1])
        : tf.mean(r, [1, 2]);
      return this.head.apply(features) as tf.Tensor2D;
    });
  }

  /** Full forward pass; records this pass's solver statistics in `lastStats`. */
  forward(x: tf.Tensor): OdeNetForward {
    let stats: SolveStats = emptyStats();
    let backwardStats: SolveStats | undefined;
    const logits = tf.tidy(() => {
      const h0 = this.features(x);
      const block = odeBlock(this.vectorField, h0, this.endTime, {
        ...this.solver,
        gradient: this.gradient,
        params: this.fieldParameters(),
      });
      ({ stats, backwardStats } = block);
      return this.classify(block.h1);
    });
    this.lastStats = stats;
    this.lastBackwardStats = backwardStats;
    return { logits, stats, backwardStats };
  }

  /** Logits [b, classes]. */
  predict(x: tf.Tensor): tf.Tensor2D {
    return this.forward(x).logits;
  }

  /**
   * Mean softmax cross-entropy over the batch; labels: [b] int32 class indices.
   * Terms: "crossEntropy", and "nfe" (the forward NFE of this pass, as a constant).
   */
  loss(x: tf.Tensor, labels: tf.Tensor): LossParts {
    return tf.tidy(() => {
      const { logits, stats } = this.forward(x);
      const oneHot = tf.oneHot(tf.cast(labels, "int32"), logits.shape[1]);
      const ce = tf.mean(tf.sub(tf.logSumExp(logits, 1), tf.sum(tf.mul(oneHot, logits), 1)));
      return {
        loss: ce as tf.Scalar,
        terms: { crossEntropy: ce as tf.Scalar, nfe: tf.scalar(stats.nfe) },
      };
    });
  }

  /** Fraction of correctly classified digits (labels: [b] int32), in batches of `batchSize`. */
  accuracy(x: tf.Tensor, labels: tf.Tensor, batchSize = 500): number {
    const n = x.shape[0];
    let correct = 0;
    for (let i = 0; i < n; i += batchSize) {
      const size = Math.min(batchSize, n - i);
      correct += tf.tidy(() => {
        const xb = tf.slice(x, [i], [size]);
        const yb = tf.cast(tf.slice(labels, [i], [size]), "int32");
        const pred = tf.argMax(this.predict(xb), 1);
        return tf.sum(tf.cast(tf.equal(pred, yb), "int32")).dataSync()[0];
      });
    }
    return correct / n;
  }

  /**
   * Hidden states of the ODE block at `times` (within [0, endTime], increasing, starting at 0):
   * [T, b, s, s, C], with the solve's statistics. For the lecture's PCA of trajectories
   * (flatten each state, or average it over space, before the PCA).
   */
  trajectory(x: tf.Tensor, times: number[]): { states: tf.Tensor; stats: SolveStats } {
    let stats = emptyStats();
    const states = tf.tidy(() => {
      const h0 = this.features(x);
      const sol = solve(this.vectorField, h0, times, this.solver);
      stats = sol.stats;
      return sol.ys;
    });
    return { states, stats };
  }

  namedParameters(): Record<string, tf.Variable> {
    const children: Record<string, Module> = {};
    this.down.forEach((c, i) => (children[`down${i}`] = c));
    this.downNorms.forEach((n, i) => (children[`downNorm${i}`] = n));
    children.field0 = this.field[0];
    children.field1 = this.field[1];
    this.fieldNorms.forEach((n, i) => (children[`fieldNorm${i}`] = n));
    if (this.outNorm) children.outNorm = this.outNorm;
    children.head = this.head;
    return prefixed(children);
  }
}
