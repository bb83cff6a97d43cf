/**
 * A whole MLP as ONE differentiable op, with its backward pass written out by hand.
 *
 * Neural-ODE fields are small MLPs evaluated hundreds of times per training step, so tfjs's
 * per-op bookkeeping (tape nodes, saved-tensor clones, reshapes around every matMul) costs more
 * than the arithmetic. As one tf.customGrad op the forward records nothing, saves only the layer
 * inputs, and the backward is the textbook chain rule:
 *   dz_l = dh_l ⊙ σ'(h_l),  dW_l = h_{l−1}ᵀ·dz_l,  db_l = Σ_batch dz_l,  dh_{l−1} = dz_l·W_lᵀ,
 * with σ' written in terms of the activation's output (what the forward saved).
 *
 * Only first derivatives are exact: the saved activations are not on any tape. Callers that
 * need gradients of gradients (a CNF's trace) must use the plain op-by-op path.
 */
import * as tf from "@tensorflow/tfjs";
import { elu2, sigmoid2, tanh2 } from "./activations.ts";

export type Activation = "elu" | "tanh" | "relu" | "softplus" | "sigmoid" | "linear";

/** Activations for first-order use (the fused op's forward pass). */
export const ACTIVATIONS: Record<Activation, (x: tf.Tensor) => tf.Tensor> = {
  elu: tf.elu,
  tanh: tf.tanh,
  relu: tf.relu,
  softplus: tf.softplus,
  sigmoid: tf.sigmoid,
  linear: (x) => x,
};

/** Activations exact to second order (see lib/nn/activations.ts). */
export const SECOND_ORDER_ACTIVATIONS: Record<Activation, (x: tf.Tensor) => tf.Tensor> = {
  ...ACTIVATIONS,
  tanh: tanh2,
  sigmoid: sigmoid2,
  elu: elu2,
};

/**
 * Activations every backend's fused matMul kernel applies in the same kernel; the others run as
 * a kernel of their own after it.
 */
const MATMUL_FUSABLE = new Set<Activation>(["elu", "relu", "sigmoid", "linear"]);

/**
 * σ(x·W + b) in as few kernels as the backend allows (one when σ is fusable). For the forward
 * passes of custom ops only (nothing is recorded for autodiff): it calls the fused kernel
 * itself because tf.fused.matMul splits a non-linear activation off into separate kernels
 * whenever a gradient is being recorded, even where no tape records it.
 */
export function denseLayer(
  x: tf.Tensor2D,
  W: tf.Tensor2D,
  b: tf.Tensor,
  activation: Activation,
): tf.Tensor2D {
  const fusable = MATMUL_FUSABLE.has(activation);
  const out = tf.engine().runKernel(
    "_FusedMatMul",
    { a: tf.reshape(x, [1, ...x.shape]), b: tf.reshape(W, [1, ...W.shape]), bias: b },
    { transposeA: false, transposeB: false, activation: fusable ? activation : "linear" },
  ) as tf.Tensor;
  const z = tf.reshape(out, [x.shape[0], W.shape[1]]) as tf.Tensor2D;
  return fusable ? z : ACTIVATIONS[activation](z) as tf.Tensor2D;
}

/** dz = dh ⊙ σ'(z), written with h = σ(z) (what the forward saved). */
export const BACKPROP_ACTIVATION: Record<Activation, (dh: tf.Tensor, h: tf.Tensor) => tf.Tensor> = {
  // tfjs's own ELU-gradient kernel: one dispatch for dh·(h > 0 ? 1 : h + 1).
  elu: (dh, h) => tf.engine().runKernel("EluGrad", { dy: dh, y: h }) as tf.Tensor,
  tanh: (dh, h) => tf.mul(dh, tf.sub(1, tf.square(h))),
  relu: (dh, h) => tf.mul(dh, tf.step(h)),
  softplus: (dh, h) => tf.mul(dh, tf.sub(1, tf.exp(tf.neg(h)))),
  sigmoid: (dh, h) => tf.mul(dh, tf.mul(h, tf.sub(1, h))),
  linear: (dh) => dh,
};

/**
 * Transposed copies of weight matrices, kept while the weights do not change.
 *
 * tfjs's wasm backend multiplies fast only without transpose flags (the flagged path is a naive
 * loop: 340 µs instead of 52 µs for [10,200]·[200,200]ᵀ, measured here), and it caches the
 * packed right-hand operand by tensor, so dh = dz·Wᵀ is fastest with ONE Wᵀ tensor reused by
 * every evaluation until the optimiser assigns new weights (which gives W a new dataId).
 */
export class TransposeCache {
  private readonly entries = new Map<tf.Tensor, { dataId: object; transposed: tf.Tensor2D }>();

  get(W: tf.Tensor2D): tf.Tensor2D {
    const entry = this.entries.get(W);
    if (entry && entry.dataId === W.dataId) return entry.transposed;
    entry?.transposed.dispose();
    const transposed = tf.keep(tf.transpose(W));
    this.entries.set(W, { dataId: W.dataId, transposed });
    return transposed;
  }

  clear(): void {
    for (const { transposed } of this.entries.values()) transposed.dispose();
    this.entries.clear();
  }
}

/** aᵀ·b; on wasm with an explicit transpose (see TransposeCache for why). */
export function matMulTransposeA(a: tf.Tensor2D, b: tf.Tensor2D): tf.Tensor2D {
  return tf.getBackend() === "wasm" ? tf.matMul(tf.transpose(a), b) : tf.matMul(a, b, true, false);
}

/** a·Wᵀ; on wasm with the cached transposed weights when a cache is given. */
export function matMulTransposeB(
  a: tf.Tensor2D,
  W: tf.Tensor2D,
  cache?: TransposeCache,
): tf.Tensor2D {
  if (tf.getBackend() !== "wasm") return tf.matMul(a, W, false, true);
  return tf.matMul(a, cache ? cache.get(W) : tf.transpose(W));
}

export interface FusedMlpOptions {
  /**
   * Reuse transposed weights between evaluations (for weights that are variables, which keep
   * their value until the optimiser assigns a new one).
   */
  cache?: TransposeCache;
  /**
   * Save the weights with the activations. Needed when the weights are intermediate tensors
   * (a Bayesian MLP's sampled weights), which may be freed before the backward pass runs; not
   * needed for variables.
   */
  saveWeights?: boolean;
}

/**
 * Builds the fused op for a fixed activation and depth. Inputs: x, then W_1, b_1, …, W_L, b_L.
 * Hidden layers use the activation; the last layer is linear.
 */
export function fusedMlp(activation: Activation, layers: number, options: FusedMlpOptions = {}) {
  const backpropActivation = BACKPROP_ACTIVATION[activation];
  return tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const save = args[args.length - 1] as tf.GradSaveFunc;
    const [x, ...wb] = args.slice(0, -1) as tf.Tensor2D[];
    const inputs: tf.Tensor2D[] = [x]; // the input of every layer
    let h = x;
    for (let l = 0; l < layers; l++) {
      h = denseLayer(h, wb[2 * l], wb[2 * l + 1], l < layers - 1 ? activation : "linear");
      if (l < layers - 1) inputs.push(h);
    }
    save(options.saveWeights ? [...inputs, ...wb.filter((_, i) => i % 2 === 0)] : inputs);
    return {
      value: h,
      gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => {
        const hs = saved.slice(0, layers) as tf.Tensor2D[];
        const Ws = options.saveWeights
          ? saved.slice(layers) as tf.Tensor2D[]
          : wb.filter((_, i) => i % 2 === 0);
        const grads: tf.Tensor[] = new Array(2 * layers);
        let dz = dy as tf.Tensor2D;
        let dx: tf.Tensor2D = dz;
        for (let l = layers - 1; l >= 0; l--) {
          grads[2 * l] = matMulTransposeA(hs[l], dz);
          grads[2 * l + 1] = tf.sum(dz, 0);
          dx = matMulTransposeB(dz, Ws[l], options.cache);
          if (l > 0) dz = backpropActivation(dx, hs[l]) as tf.Tensor2D;
        }
        return [dx, ...grads];
      },
    };
  });
}

/**
 * The same network op by op, with activations exact to second order (lib/nn/activations.ts):
 * for gradients of gradients. weights: [W_1, b_1, …, W_L, b_L].
 */
export function mlpOpByOp(activation: Activation, weights: tf.Tensor[], x: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const act = SECOND_ORDER_ACTIVATIONS[activation];
    const layers = weights.length / 2;
    let h = x as tf.Tensor2D;
    for (let l = 0; l < layers; l++) {
      h = tf.fused.matMul({
        a: h,
        b: weights[2 * l] as tf.Tensor2D,
        bias: weights[2 * l + 1],
      }) as tf.Tensor2D;
      if (l < layers - 1) h = act(h) as tf.Tensor2D;
    }
    return h;
  });
}

/** True while a gradient is being taken inside another gradient (the fused op is first-order). */
export function insideNestedGradient(): boolean {
  return (tf.engine() as unknown as { state: { gradientDepth: number } }).state.gradientDepth > 1;
}

/** PyTorch nn.Linear's initialisation, seeded: W, b ~ U(±1/√fan_in). */
export function linearInit(fanIn: number, fanOut: number, seed: number): [tf.Tensor, tf.Tensor] {
  const bound = 1 / Math.sqrt(fanIn);
  return [
    tf.randomUniform([fanIn, fanOut], -bound, bound, "float32", seed),
    tf.randomUniform([fanOut], -bound, bound, "float32", seed + 1),
  ];
}
