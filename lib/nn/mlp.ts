/**
 * A multilayer perceptron: the vector field of most of the course's Neural ODEs.
 * Initialised like PyTorch's nn.Linear (weights and biases ~ U(±1/√fan_in)), seeded.
 */
import * as tf from "@tensorflow/tfjs";
import {
  type Activation,
  fusedMlp,
  insideNestedGradient,
  linearInit,
  mlpOpByOp,
  TransposeCache,
} from "./fused_mlp.ts";
import { DeferredMlp, recordingFirstOrder } from "./deferred_weight_grads.ts";
import { Module } from "./module.ts";

export type { Activation };

export interface MlpOptions {
  /** Hidden-layer activation (the output layer is linear). Default "elu": smooth fields. */
  activation?: Activation;
  /** Seed of the initial weights; layer i uses seed + 2i and seed + 2i + 1. */
  seed?: number;
}

export interface DenseLayer {
  W: tf.Variable;
  b: tf.Variable;
}

export class MLP extends Module {
  readonly layers: DenseLayer[];
  readonly activation: Activation;
  private readonly fused: ReturnType<typeof fusedMlp>;
  private readonly deferred: DeferredMlp;
  private readonly transposes = new TransposeCache();

  constructor(readonly sizes: readonly number[], options: MlpOptions = {}) {
    super();
    if (sizes.length < 2 || sizes.some((n) => !Number.isInteger(n) || n < 1)) {
      throw new Error(`MLP sizes: need at least [input, output] positive integers, got [${sizes}]`);
    }
    this.activation = options.activation ?? "elu";
    const seed = options.seed ?? 0;
    // tidy frees the initial values; the variables (which copy them) survive it.
    this.layers = tf.tidy(() =>
      sizes.slice(1).map((fanOut, i) => {
        const [W, b] = linearInit(sizes[i], fanOut, seed + 2 * i);
        return { W: tf.variable(W, true), b: tf.variable(b, true) };
      })
    );
    this.fused = fusedMlp(this.activation, this.layers.length, { cache: this.transposes });
    this.deferred = new DeferredMlp(this.activation, this.layers.length, this.transposes);
  }

  /**
   * x: [batch, sizes[0]] → [batch, sizes.at(-1)]. Under a first-order gradient, one fused op
   * whose weight gradients are summed over all evaluations at once (deferred_weight_grads.ts);
   * inside a gradient of a gradient, op by op; otherwise the plain fused forward.
   */
  apply(x: tf.Tensor): tf.Tensor {
    if (insideNestedGradient()) return this.applyOpByOp(x);
    if (recordingFirstOrder()) return this.deferred.apply(x, this.parameters());
    return this.fused(x, ...this.parameters());
  }

  /** Plain tfjs ops with second-order-safe activations: differentiable to any order. */
  applyOpByOp(x: tf.Tensor): tf.Tensor {
    return mlpOpByOp(this.activation, this.parameters(), x);
  }

  namedParameters(): Record<string, tf.Variable> {
    return Object.fromEntries(this.layers.flatMap(({ W, b }, i) => [[`W${i}`, W], [`b${i}`, b]]));
  }

  override dispose(): void {
    this.transposes.clear();
    this.deferred.dispose();
    super.dispose();
  }
}
