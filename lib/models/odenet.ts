/**
 * ODE-Net (Chen et al. 2018, §7 / the lecture's "ResNets are discretised ODEs") for MNIST:
 *
 *   x [b, 28, 28, 1] → conv 3×3 stride 2 → act → conv 3×3 stride 2 → act      (h0: [b, 7, 7, C])
 *   → ODE block: dh/dt = f(t, h), h(1) = h0 + ∫₀¹ f(t, h) dt, with
 *     f(t, h) = conv₂(act(conv₁([h, t]))) (t as an extra constant channel by default)
 *   → ReLU → global average pooling → linear → 10 logits.
 *
 * The residual stack of a ResNet becomes one block with shared weights; its depth is chosen by
 * the adaptive solver (NFE, reported per forward pass). Gradients: through the solver's steps
 * ("direct", default) or by the continuous adjoint ("adjoint": memory independent of NFE).
 *
 * Defaults: C = 16 channels, ELU, dopri5 with rtol = atol = 1e-3 (loose tolerances: the block
 * needs a few steps, not accuracy). ~5 k parameters; at batch 32 a training step takes well
 * under a second on wasm (see scripts/bench/models/mnist_family.ts).
 */
import * as tf from "@tensorflow/tfjs";
import { Conv2d } from "../nn/conv.ts";
import { type Activation, ACTIVATIONS } from "../nn/fused_mlp.ts";
import { MLP } from "../nn/mlp.ts";
import { Module, prefixed } from "../nn/module.ts";
import { solveAdjoint } from "../ode/adjoint.ts";
import type { SolveOptions } from "../ode/options.ts";
import { solve } from "../ode/solve.ts";
import { emptyStats, type SolveStats } from "../ode/stats.ts";
import type { LossParts } from "./loss.ts";

export interface OdeNetOptions {
  /** Channels of the downsampled feature maps and the ODE state (default 16). */
  channels?: number;
  /** Number of stride-2 downsampling convs (default 2: 28 → 14 → 7). */
  downsampling?: number;
  /** Give the field t as an extra input channel (default true). */
  timeChannel?: boolean;
  /** Activation of the downsampling convs and inside the field (default "elu"). */
  activation?: Activation;
  /** Solver of the ODE block (default dopri5, rtol 1e-3, atol 1e-3). */
  solver?: SolveOptions;
  /** "direct": backprop through the solver's steps (default); "adjoint": continuous adjoint. */
  gradient?: "direct" | "adjoint";
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
  readonly channels: number;
  readonly timeChannel: boolean;
  readonly activation: Activation;
  readonly endTime: number;
  readonly gradient: "direct" | "adjoint";
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
      solver = ODENET_DEFAULT_SOLVER,
      gradient = "direct",
      endTime = 1,
      classes = 10,
      inputChannels = 1,
      seed = 0,
    } = options;
    this.channels = channels;
    this.timeChannel = timeChannel;
    this.activation = activation;
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
    this.head = new MLP([channels, classes], { seed: seed + 200 });
  }

  /** Parameters of the ODE block's field (what `f` closes over; passed to the adjoint). */
  fieldParameters(): tf.Variable[] {
    return this.field.flatMap((c) => c.parameters());
  }

  private withTime(t: number, h: tf.Tensor4D): tf.Tensor4D {
    if (!this.timeChannel) return h;
    const [b, height, width] = h.shape;
    return tf.concat([h, tf.fill([b, height, width, 1], t)], 3);
  }

  /** The ODE block's vector field f(t, h): [b, s, s, C] → [b, s, s, C]. */
  readonly vectorField = (t: number, h: tf.Tensor): tf.Tensor =>
    tf.tidy(() => {
      const act = ACTIVATIONS[this.activation];
      const h4 = h as tf.Tensor4D;
      const u = act(this.field[0].apply(this.withTime(t, h4))) as tf.Tensor4D;
      return this.field[1].apply(this.withTime(t, u));
    });

  /** Downsampling: x [b, 28, 28, 1] (or [b, 784]) → h0 [b, 7, 7, C]. */
  features(x: tf.Tensor): tf.Tensor4D {
    return tf.tidy(() => {
      const act = ACTIVATIONS[this.activation];
      let h = (x.rank === 2 ? tf.reshape(x, [x.shape[0], 28, 28, 1]) : x) as tf.Tensor4D;
      for (const conv of this.down) h = act(conv.apply(h)) as tf.Tensor4D;
      return h;
    });
  }

  /** ReLU → global average pooling → linear: h [b, s, s, C] → logits [b, classes]. */
  classify(h: tf.Tensor): tf.Tensor2D {
    return tf.tidy(() => this.head.apply(tf.mean(tf.relu(h), [1, 2])) as tf.Tensor2D);
  }

  /** Full forward pass; records this pass's solver statistics in `lastStats`. */
  forward(x: tf.Tensor): OdeNetForward {
    let stats: SolveStats = emptyStats();
    let backwardStats: SolveStats | undefined;
    const logits = tf.tidy(() => {
      const h0 = this.features(x);
      const t = [0, this.endTime];
      let ys: tf.Tensor;
      if (this.gradient === "adjoint") {
        const sol = solveAdjoint(this.vectorField, h0, t, this.fieldParameters(), this.solver);
        ({ ys, stats, backwardStats } = sol);
      } else {
        ({ ys, stats } = solve(this.vectorField, h0, t, this.solver));
      }
      const h1 = tf.squeeze(tf.slice(ys, [1], [1]), [0]);
      return this.classify(h1);
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
    children.field0 = this.field[0];
    children.field1 = this.field[1];
    children.head = this.head;
    return prefixed(children);
  }
}
