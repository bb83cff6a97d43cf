/**
 * A mean-field Gaussian (Bayesian) MLP: the vector field of BNN-NODE and of the ODE-VAE's latent
 * dynamics (lecture section 4).
 *
 * Every weight and bias w has q(w) = N(µ, σ²) with σ = softplus(ρ); the prior is N(0, priorStd²).
 * Means start like PyTorch's nn.Linear (U(±1/√fan_in), seeded as MLP), σ starts at `initStd`.
 *
 * A stochastic field would not define an ODE, so one draws ONE function and solves with it:
 *
 *   const f = bnn.drawF(seed);           // w = µ + σ⊙ε, ε ~ N(0, I): gradients reach µ and ρ
 *   const ys = odeint(f, z0, t);         // f(t, y) is deterministic: the same w at every call
 *   f.dispose();                         // frees the sampled weights (after the gradient step)
 *   const kl = bnn.kl();                 // KL(q(w) ‖ p(w)), a scalar
 *
 * Inside `optimizer.minimize` (or `tf.variableGrads`) draw the sample inside the loss function;
 * the field's op saves what its backward pass needs, so `f.dispose()` may be called at the end
 * of the loss function, before the gradient is taken. For the adjoint use `seededF` (below).
 */
import * as tf from "@tensorflow/tfjs";
import type { VectorField } from "../ode/mod.ts";
import { klGaussians } from "../prob/reductions.ts";
import { Rng } from "../prob/random.ts";
import {
  type Activation,
  ACTIVATIONS,
  fusedMlp,
  insideNestedGradient,
  linearInit,
  mlpOpByOp,
} from "./fused_mlp.ts";
import { Module } from "./module.ts";
import { standardNormal } from "../prob/normal_noise.ts";

export interface BnnOptions {
  /** Hidden-layer activation (the output layer is linear). Default "elu". */
  activation?: Activation;
  /** Seed of the initial means (layer i: seed + 2i, seed + 2i + 1) and of unseeded draws. */
  seed?: number;
  /** Prior standard deviation of every weight (default 1: N(0, 1)). */
  priorStd?: number;
  /** Initial posterior standard deviation σ of every weight (default 1e-2). */
  initStd?: number;
}

export interface BayesianLayer {
  /** Means and softplus-parameters of the weight [fanIn, fanOut] and bias [fanOut]. */
  Wmean: tf.Variable;
  Wrho: tf.Variable;
  bmean: tf.Variable;
  brho: tf.Variable;
}

/**
 * One function sample: a deterministic vector field (t, y) ↦ MLP_w(y) with fixed sampled
 * weights, plus those weights and a way to free them.
 */
export interface SampledField extends VectorField {
  /** The sampled tensors [W0, b0, W1, b1, …] (odeintAdjoint's params). */
  readonly weights: tf.Tensor[];
  /** x: [batch, in] → [batch, out] with the sampled weights. */
  apply(x: tf.Tensor): tf.Tensor;
  /** Frees the sampled weights (safe to call twice, or after a tidy freed them). */
  dispose(): void;
}

/** ρ with softplus(ρ) = σ: ρ = log(exp(σ) − 1). */
export function inverseSoftplus(std: number): number {
  return std > 20 ? std : Math.log(Math.expm1(std));
}

// EXERCISE 8.1 begin (the exercise kit's reference: see lib/ode/plain/fixed_grid.ts)
/**
 * One draw of mean-field Gaussian weights: for the k-th tensor, w_k = µ_k + σ_k⊙ε_k with
 * σ_k = softplus(ρ_k) and ε_k ~ N(0, I) from `standardNormal(shape, seed + k)`, so one seed
 * fixes one whole function. Gradients flow to every µ and ρ. Returns new tensors.
 */
export function sampleWeights(
  means: readonly tf.Tensor[],
  rhos: readonly tf.Tensor[],
  seed: number,
): tf.Tensor[] {
  // SOLUTION begin
  return tf.tidy(() =>
    means.map((mean, k) =>
      tf.add(mean, tf.mul(tf.softplus(rhos[k]), standardNormal(mean.shape, seed + k)))
    )
  );
  // SOLUTION end
}
// EXERCISE 8.1 end

// EXERCISE 8.2 begin
/**
 * KL(q(w) ‖ p(w)) of a mean-field Gaussian posterior q = Π N(µ, softplus(ρ)²) against the prior
 * p = Π N(0, priorStd²), summed over every element of every tensor: a scalar. `klGaussians`
 * gives one tensor's sum from the posterior's mean and log-variance.
 */
export function meanFieldKl(
  means: readonly tf.Tensor[],
  rhos: readonly tf.Tensor[],
  priorStd: number,
): tf.Scalar {
  // SOLUTION begin
  return tf.tidy(() => {
    const logVarP = 2 * Math.log(priorStd);
    const terms = means.map((mean, k) =>
      klGaussians(mean, tf.mul(2, tf.log(tf.softplus(rhos[k]))), 0, logVarP)
    );
    return tf.addN(terms) as tf.Scalar;
  });
  // SOLUTION end
}
// EXERCISE 8.2 end

export class BayesianMLP extends Module {
  readonly layers: BayesianLayer[];
  readonly activation: Activation;
  readonly priorStd: number;
  private readonly rng: Rng;

  /**
   * sizes: [input, hidden…, output], e.g. [2, 64, 64, 2] for a 2-D field.
   */
  constructor(readonly sizes: readonly number[], options: BnnOptions = {}) {
    super();
    if (sizes.length < 2 || sizes.some((n) => !Number.isInteger(n) || n < 1)) {
      throw new Error(`BNN sizes: need at least [input, output] positive integers, got [${sizes}]`);
    }
    const initStd = options.initStd ?? 1e-2;
    if (!(initStd > 0)) throw new Error(`BNN initStd must be > 0, got ${initStd}`);
    this.priorStd = options.priorStd ?? 1;
    if (!(this.priorStd > 0)) throw new Error(`BNN priorStd must be > 0, got ${this.priorStd}`);
    this.activation = options.activation ?? "elu";
    const seed = options.seed ?? 0;
    this.rng = new Rng(seed + 7919);
    const rho = inverseSoftplus(initStd);
    this.layers = tf.tidy(() =>
      sizes.slice(1).map((fanOut, i) => {
        const [W, b] = linearInit(sizes[i], fanOut, seed + 2 * i);
        return {
          Wmean: tf.variable(W, true),
          Wrho: tf.variable(tf.fill([sizes[i], fanOut], rho), true),
          bmean: tf.variable(b, true),
          brho: tf.variable(tf.fill([fanOut], rho), true),
        };
      })
    );
  }

  namedParameters(): Record<string, tf.Variable> {
    return Object.fromEntries(
      this.layers.flatMap(({ Wmean, Wrho, bmean, brho }, i) => [
        [`W${i}_mean`, Wmean],
        [`W${i}_rho`, Wrho],
        [`b${i}_mean`, bmean],
        [`b${i}_rho`, brho],
      ]),
    );
  }

  /** The means [W0, b0, W1, b1, …] (the variables themselves). */
  means(): tf.Variable[] {
    return this.layers.flatMap(({ Wmean, bmean }) => [Wmean, bmean]);
  }

  /** σ = softplus(ρ) of [W0, b0, W1, b1, …] (new tensors). */
  stds(): tf.Tensor[] {
    return tf.tidy(() =>
      this.layers.flatMap(({ Wrho, brho }) => [tf.softplus(Wrho), tf.softplus(brho)])
    );
  }

  /**
   * Draws one set of weights w = µ + σ⊙ε (seeded when `seed` is given; otherwise from the
   * model's own seeded stream) and returns the field that uses them.
   */
  drawF(seed?: number): SampledField {
    const weights = this.sampleWeights(seed ?? this.rng.seed());
    return this.fieldOf(weights, true);
  }

  /**
   * Draws `batch` functions at once, one per row of the state: row i of y [batch, in] is moved
   * by its own weights w_i = µ + σ⊙ε_i. Each row still follows one fixed function (a proper
   * ODE per sequence), but a minibatch now averages `batch` draws instead of sharing one, so
   * the gradients reaching σ are `batch` times less noisy — what lets q(w) learn its widths.
   */
  drawBatchF(seed: number, batch: number): SampledField {
    const weights = tf.tidy(() =>
      this.means().map((mean, k) => {
        const eps = standardNormal([batch, ...mean.shape], seed + k);
        return tf.add(mean, tf.mul(tf.softplus(this.rhos()[k]), eps));
      })
    );
    const act = ACTIVATIONS[this.activation];
    const last = this.layers.length - 1;
    const apply = (x: tf.Tensor): tf.Tensor =>
      tf.tidy(() => {
        if (x.shape[0] !== batch) {
          throw new Error(`drawBatchF: the state has ${x.shape[0]} rows, the draw ${batch}`);
        }
        // [batch, in] → [batch, 1, in] @ [batch, in, out] → [batch, out], layer by layer.
        let h = x;
        for (let i = 0; i <= last; i++) {
          const z = tf.add(
            tf.squeeze(tf.matMul(tf.expandDims(h, 1), weights[2 * i]), [1]),
            weights[2 * i + 1],
          );
          h = i < last ? act(z) : z;
        }
        return h;
      });
    const f = ((_t: number, y: tf.Tensor) => apply(y)) as SampledField;
    Object.assign(f, {
      weights,
      apply,
      dispose: () => tf.dispose(weights.filter((w) => !w.isDisposed)),
    });
    return f;
  }

  /** The field of the posterior means (no sampling): the "average" function. */
  meanF(): SampledField {
    return this.fieldOf(this.means(), false);
  }

  /** The softplus parameters ρ of [W0, b0, W1, b1, …] (the variables themselves). */
  rhos(): tf.Variable[] {
    return this.layers.flatMap(({ Wrho, brho }) => [Wrho, brho]);
  }

  /** KL(q(w) ‖ N(0, priorStd²)) summed over every weight and bias: a scalar. */
  kl(): tf.Scalar {
    return meanFieldKl(this.means(), this.rhos(), this.priorStd);
  }

  /**
   * A field that recomputes w = µ + σ⊙ε(seed) at every evaluation from the variables (ε is
   * regenerated from the seed, so nothing needs to stay alive between calls). Same function as
   * drawF(seed); slower, but its parameters are the variables themselves: the form the adjoint
   * needs (`odeintAdjoint(bnn.seededF(s), y0, t, bnn.parameters())`), since the adjoint
   * evaluates f again during the backward pass, after a training step's tensors are gone.
   */
  seededF(seed: number): VectorField {
    return (_t, y) =>
      tf.tidy(() => {
        const weights = this.sampleWeights(seed);
        return mlpOpByOp(this.activation, weights, y);
      });
  }

  private sampleWeights(seed: number): tf.Tensor[] {
    return sampleWeights(this.means(), this.rhos(), seed);
  }

  private fieldOf(weights: tf.Tensor[], owned: boolean): SampledField {
    // Sampled weights are intermediate tensors: the fused op must save them for its backward.
    const fused = fusedMlp(this.activation, this.layers.length, { saveWeights: true });
    // As MLP.apply: the fused op has exact first derivatives only.
    const apply = (x: tf.Tensor): tf.Tensor =>
      insideNestedGradient() ? mlpOpByOp(this.activation, weights, x) : fused(x, ...weights);
    const f = ((_t: number, y: tf.Tensor) => apply(y)) as SampledField;
    Object.assign(f, {
      weights,
      apply,
      dispose: () => {
        if (owned) tf.dispose(weights.filter((w) => !w.isDisposed));
      },
    });
    return f;
  }
}
