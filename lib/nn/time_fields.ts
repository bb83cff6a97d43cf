/**
 * Time-dependent vector fields f(t, z) for continuous normalising flows (lib/models/cnf.ts), each
 * split as `at(t)(z)` so that the part depending on t alone runs once per time, not per sample:
 * torchdiffeq's hypernetwork field, an MLP on [z, t], and a linear field for analytic checks.
 * The CNF differentiates these twice (its loss holds a trace of ∂f/∂z), so everything on the
 * second-derivative path uses `tanh2`.
 */
import * as tf from "@tensorflow/tfjs";
import { tanh2 } from "./activations.ts";
import { MLP } from "./mlp.ts";
import { Module, prefixed, variableFrom } from "./module.ts";

/** A field f(t, z) whose t-dependent part is computed once per time: `at(t)(z)` = f(t, z). */
export interface TimeField extends Module {
  readonly dim: number;
  /**
   * Returns z ↦ f(t, z) for z: [n, dim]. Tensors made by `at` itself (e.g. the hypernet's output)
   * belong to the caller's tidy scope.
   */
  at(t: number): (z: tf.Tensor) => tf.Tensor;
}

export interface HyperFieldOptions {
  /** State dimension (default 2). */
  dim?: number;
  /** Hidden units of the target net, i.e. the sum's W (default 32). */
  width?: number;
  /** Hidden units of each of the hypernet's two hidden layers (default 32). */
  hidden?: number;
  seed?: number;
}

/**
 * torchdiffeq's HyperNetwork: t → tanh MLP (1 → hidden → hidden → 3·width·dim + width) → the
 * target net's weights W [dim, width], bias b [width], output U [width, dim] gated by σ(G).
 */
export class HyperField extends Module implements TimeField {
  readonly dim: number;
  readonly width: number;
  readonly net: MLP;

  constructor(options: HyperFieldOptions = {}) {
    super();
    this.dim = options.dim ?? 2;
    this.width = options.width ?? 32;
    const hidden = options.hidden ?? 32;
    const out = 3 * this.width * this.dim + this.width;
    this.net = new MLP([1, hidden, hidden, out], { activation: "tanh", seed: options.seed ?? 0 });
  }

  at(t: number): (z: tf.Tensor) => tf.Tensor {
    const { dim: d, width: w } = this;
    const block = d * w;
    const p = tf.tidy(() => tf.reshape(this.net.apply(tf.tensor2d([[t]])), [-1]));
    const W = tf.reshape(tf.slice(p, [0], [block]), [d, w]) as tf.Tensor2D;
    const gated = tf.mul(
      tf.slice(p, [block], [block]),
      tf.sigmoid(tf.slice(p, [2 * block], [block])),
    );
    // The mean over the W hidden units is folded into U.
    const U = tf.reshape(tf.div(gated, w), [w, d]) as tf.Tensor2D;
    const b = tf.slice(p, [3 * block], [w]);
    return (z) =>
      tf.tidy(() => {
        const h = tanh2(tf.fused.matMul({ a: z as tf.Tensor2D, b: W, bias: b }));
        return tf.matMul(h, U);
      });
  }

  namedParameters(): Record<string, tf.Variable> {
    return prefixed({ hyper: this.net });
  }

  override dispose(): void {
    this.net.dispose();
  }
}

export interface MlpFieldOptions {
  dim?: number;
  /** Hidden layer sizes (default [64, 64]). */
  hidden?: number[];
  seed?: number;
}

/**
 * f(t, z) = MLP([z, t]) with tanh hidden layers: the simplest time-conditioned field. The MLP
 * holds the weights; the forward is written here op by op with `tanh2`, because MLP's own
 * op-by-op path uses tf.tanh, whose second derivative tfjs gets wrong (see activations.ts).
 */
export class MlpField extends Module implements TimeField {
  readonly dim: number;
  readonly mlp: MLP;

  constructor(options: MlpFieldOptions = {}) {
    super();
    this.dim = options.dim ?? 2;
    const hidden = options.hidden ?? [64, 64];
    this.mlp = new MLP([this.dim + 1, ...hidden, this.dim], {
      activation: "tanh",
      seed: options.seed ?? 0,
    });
  }

  at(t: number): (z: tf.Tensor) => tf.Tensor {
    const last = this.mlp.layers.length - 1;
    return (z) =>
      tf.tidy(() => {
        let h = tf.concat([z, tf.fill([z.shape[0], 1], t)], 1) as tf.Tensor2D;
        this.mlp.layers.forEach(({ W, b }, i) => {
          h = tf.fused.matMul({ a: h, b: W as tf.Tensor2D, bias: b }) as tf.Tensor2D;
          if (i < last) h = tanh2(h) as tf.Tensor2D;
        });
        return h;
      });
  }

  namedParameters(): Record<string, tf.Variable> {
    return prefixed({ mlp: this.mlp });
  }

  override dispose(): void {
    this.mlp.dispose();
  }
}

/** f(t, z) = A z with a trainable A [dim, dim] (time-independent): the analytic test case. */
export class LinearField extends Module implements TimeField {
  readonly dim: number;
  readonly A: tf.Variable;

  constructor(A: number[][]) {
    super();
    this.dim = A.length;
    if (A.some((row) => row.length !== this.dim)) throw new Error("LinearField: A must be square");
    this.A = variableFrom(() => tf.tensor2d(A));
  }

  at(_t: number): (z: tf.Tensor) => tf.Tensor {
    return (z) => tf.matMul(z as tf.Tensor2D, this.A as tf.Tensor2D, false, true);
  }

  namedParameters(): Record<string, tf.Variable> {
    return { A: this.A };
  }
}
