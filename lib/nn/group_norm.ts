/**
 * GroupNorm (Wu & He 2018) over NHWC feature maps: per example, the channels are split into
 * groups and each group is standardised over space and its channels, then scaled and shifted per
 * channel. It uses no batch statistics, so an example's output does not depend on the rest of its
 * batch. As in tfjs-layers' normalization file, the op is a plain function (`groupNorm`, with its
 * two implementations) and the layer class holding γ and β calls it.
 */
import * as tf from "@tensorflow/tfjs";
import { insideNestedGradient } from "./fused_mlp.ts";
import { Module, variableFrom } from "./module.ts";

/** The largest divisor of `channels` that is at most `groups` (at least 1). */
export function groupCount(channels: number, groups: number): number {
  for (let g = Math.min(channels, Math.max(1, Math.floor(groups))); g > 1; g--) {
    if (channels % g === 0) return g;
  }
  return 1;
}

/**
 * GroupNorm op by op (any backend, any order of derivatives): standardise each example's groups
 * over (h, w, channels of the group), then γ·x̂ + β per channel.
 */
export function groupNormOps(
  x: tf.Tensor4D,
  gamma: tf.Tensor,
  beta: tf.Tensor,
  groups: number,
  epsilon: number,
): tf.Tensor4D {
  return tf.tidy(() => {
    const [b, h, w, c] = x.shape;
    const xg = tf.reshape(x, [b, h * w, groups, c / groups]);
    const mean = tf.mean(xg, [1, 3], true);
    const centred = tf.sub(xg, mean);
    const variance = tf.mean(tf.square(centred), [1, 3], true);
    const normed = tf.mul(centred, tf.rsqrt(tf.add(variance, epsilon)));
    return tf.add(tf.mul(tf.reshape(normed, [b, h, w, c]), gamma), beta);
  });
}

/**
 * The same GroupNorm as ONE op whose forward and backward passes are plain loops over the
 * values (first derivatives only), for the cpu and wasm backends: op by op it costs ~11 tfjs
 * dispatches forward and ~20 backward, which on wasm made the ODE-Net's training step ~2× slower
 * than without norms; as one op it costs about as much as copying the tensor (measured: batch-64
 * step 165 → see scripts/recipes/odenet_mnist.ts). Backward, per example and group, with
 * ĝ = dy·γ: dx = (ĝ − mean(ĝ) − x̂·mean(ĝ·x̂))/σ, dγ = Σ dy·x̂, dβ = Σ dy.
 */
export function groupNormFused(
  x: tf.Tensor4D,
  gamma: tf.Tensor,
  beta: tf.Tensor,
  groups: number,
  epsilon: number,
): tf.Tensor4D {
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [xi, gi, bi] = args as tf.Tensor[];
    const [batch, h, w, c] = xi.shape;
    const hw = h * w;
    const n = hw * (c / groups);
    const xs = xi.dataSync() as Float32Array;
    const gs = gi.dataSync() as Float32Array;
    const bs = bi.dataSync() as Float32Array;
    // Plain nested loops over (pixel, channel) with typed arrays: V8 compiles them well (an
    // index modulo or a plain-array lookup made the loop ~5× slower, measured).
    const groupOf = new Int32Array(c).map((_, ch) => Math.floor((ch * groups) / c));
    const xhat = new Float32Array(xs.length);
    const invStd = new Float64Array(batch * groups);
    const y = new Float32Array(xs.length);
    const mean = new Float64Array(groups);
    const inv = new Float64Array(groups);
    for (let e = 0; e < batch; e++) {
      const base = e * hw * c;
      mean.fill(0);
      inv.fill(0);
      for (let p = 0, i = base; p < hw; p++) {
        for (let ch = 0; ch < c; ch++, i++) mean[groupOf[ch]] += xs[i];
      }
      for (let g = 0; g < groups; g++) mean[g] /= n;
      for (let p = 0, i = base; p < hw; p++) {
        for (let ch = 0; ch < c; ch++, i++) {
          const d = xs[i] - mean[groupOf[ch]];
          inv[groupOf[ch]] += d * d;
        }
      }
      for (let g = 0; g < groups; g++) {
        inv[g] = 1 / Math.sqrt(inv[g] / n + epsilon);
        invStd[e * groups + g] = inv[g];
      }
      for (let p = 0, i = base; p < hw; p++) {
        for (let ch = 0; ch < c; ch++, i++) {
          const g = groupOf[ch];
          const v = (xs[i] - mean[g]) * inv[g];
          xhat[i] = v;
          y[i] = v * gs[ch] + bs[ch];
        }
      }
    }
    return {
      value: tf.tensor4d(y, [batch, h, w, c]),
      gradFunc: (dy: tf.Tensor | tf.Tensor[]) => {
        const ds = (dy as tf.Tensor).dataSync() as Float32Array;
        const dx = new Float32Array(ds.length);
        const dGamma = new Float64Array(c);
        const dBeta = new Float64Array(c);
        const m1 = new Float64Array(groups);
        const m2 = new Float64Array(groups);
        for (let e = 0; e < batch; e++) {
          const base = e * hw * c;
          m1.fill(0);
          m2.fill(0);
          for (let p = 0, i = base; p < hw; p++) {
            for (let ch = 0; ch < c; ch++, i++) {
              const d = ds[i];
              const xh = xhat[i];
              dGamma[ch] += d * xh;
              dBeta[ch] += d;
              const gd = d * gs[ch];
              m1[groupOf[ch]] += gd;
              m2[groupOf[ch]] += gd * xh;
            }
          }
          for (let g = 0; g < groups; g++) {
            m1[g] /= n;
            m2[g] /= n;
          }
          for (let p = 0, i = base; p < hw; p++) {
            for (let ch = 0; ch < c; ch++, i++) {
              const g = groupOf[ch];
              dx[i] = (ds[i] * gs[ch] - m1[g] - xhat[i] * m2[g]) * invStd[e * groups + g];
            }
          }
        }
        return [
          tf.tensor4d(dx, [batch, h, w, c]),
          tf.tensor1d(Float32Array.from(dGamma)),
          tf.tensor1d(Float32Array.from(dBeta)),
        ];
      },
    };
  });
  return op(x, gamma, beta) as tf.Tensor4D;
}

/**
 * GroupNorm of x [b, h, w, C] with `groups` groups (dividing C): per example and group,
 * standardise over (h, w, channels of the group), then y = γ·x̂ + β per channel. On cpu and wasm,
 * outside nested gradients, it runs as the one fused op (groupNormFused); elsewhere op by op.
 */
export function groupNorm(
  x: tf.Tensor4D,
  gamma: tf.Tensor,
  beta: tf.Tensor,
  groups: number,
  epsilon = 1e-5,
): tf.Tensor4D {
  const backend = tf.getBackend();
  const fused = (backend === "wasm" || backend === "cpu") && !insideNestedGradient();
  return (fused ? groupNormFused : groupNormOps)(x, gamma, beta, groups, epsilon);
}

/**
 * The GroupNorm layer: `groupNorm` with its parameters "gamma" [C] (init 1) and "beta" [C]
 * (init 0); `groups` is rounded down to a divisor of C (groupCount).
 */
export class GroupNorm extends Module {
  readonly gamma: tf.Variable;
  readonly beta: tf.Variable;
  readonly groups: number;

  constructor(readonly channels: number, groups = 4, readonly epsilon = 1e-5) {
    super();
    this.groups = groupCount(channels, groups);
    this.gamma = variableFrom(() => tf.ones([channels]));
    this.beta = variableFrom(() => tf.zeros([channels]));
  }

  /** x: [b, h, w, C] → same shape. */
  apply(x: tf.Tensor4D): tf.Tensor4D {
    return groupNorm(x, this.gamma, this.beta, this.groups, this.epsilon);
  }

  namedParameters(): Record<string, tf.Variable> {
    return { gamma: this.gamma, beta: this.beta };
  }
}
