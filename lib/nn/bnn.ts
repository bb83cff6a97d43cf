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
import { klGaussians } from "../prob/likelihoods.ts";
import { Rng } from "../prob/random.ts";
import { type Activation, ACTIVATIONS } from "./fused_mlp.ts";
import { Module } from "./module.ts";

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

interface EngineState {
  state: { gradientDepth: number };
}

/** ρ with softplus(ρ) = σ: ρ = log(exp(σ) − 1). */
export function inverseSoftplus(std: number): number {
  return std > 20 ? std : Math.log(Math.expm1(std));
}

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
        const fanIn = sizes[i];
        const bound = 1 / Math.sqrt(fanIn);
        const uniform = (shape: number[], s: number) =>
          tf.randomUniform(shape, -bound, bound, "float32", s);
        return {
          Wmean: tf.variable(uniform([fanIn, fanOut], seed + 2 * i), true),
          Wrho: tf.variable(tf.fill([fanIn, fanOut], rho), true),
          bmean: tf.variable(uniform([fanOut], seed + 2 * i + 1), true),
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

  /** The field of the posterior means (no sampling): the "average" function. */
  meanF(): SampledField {
    return this.fieldOf(this.means(), false);
  }

  /** KL(q(w) ‖ N(0, priorStd²)) summed over every weight and bias: a scalar. */
  kl(): tf.Scalar {
    return tf.tidy(() => {
      const logVarP = 2 * Math.log(this.priorStd);
      const terms = this.layers.flatMap(({ Wmean, Wrho, bmean, brho }) =>
        [[Wmean, Wrho], [bmean, brho]].map(([mean, rho]) =>
          klGaussians(mean, tf.mul(2, tf.log(tf.softplus(rho))), 0, logVarP)
        )
      );
      return tf.addN(terms) as tf.Scalar;
    });
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
        return opByOp(this.activation, weights, y);
      });
  }

  private sampleWeights(seed: number): tf.Tensor[] {
    return tf.tidy(() =>
      this.layers.flatMap(({ Wmean, Wrho, bmean, brho }, i) =>
        [[Wmean, Wrho], [bmean, brho]].map(([mean, rho], j) =>
          tf.add(
            mean,
            tf.mul(
              tf.softplus(rho),
              tf.randomNormal(mean.shape, 0, 1, "float32", seed + 2 * i + j),
            ),
          )
        )
      )
    );
  }

  private fieldOf(weights: tf.Tensor[], owned: boolean): SampledField {
    const fused = sampledMlpOp(this.activation, this.layers.length);
    const apply = (x: tf.Tensor): tf.Tensor => {
      // As MLP.apply: the fused op has exact first derivatives only.
      const nested = (tf.engine() as unknown as EngineState).state.gradientDepth > 1;
      return nested ? opByOp(this.activation, weights, x) : fused(x, ...weights);
    };
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

/** Plain tfjs ops (any order of derivatives). weights: [W0, b0, W1, b1, …]. */
function opByOp(activation: Activation, weights: tf.Tensor[], x: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const act = ACTIVATIONS[activation];
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

/** dz = dh ⊙ σ'(z), written with h = σ(z) (the saved activation). */
const ACTIVATION_BACKWARD: Record<Activation, (dh: tf.Tensor, h: tf.Tensor) => tf.Tensor> = {
  // tfjs's ELU-gradient kernel: one dispatch for dh·(h > 0 ? 1 : h + 1).
  elu: (dh, h) => tf.engine().runKernel("EluGrad", { dy: dh, y: h }) as tf.Tensor,
  tanh: (dh, h) => tf.mul(dh, tf.sub(1, tf.square(h))),
  relu: (dh, h) => tf.mul(dh, tf.step(h)),
  softplus: (dh, h) => tf.mul(dh, tf.sub(1, tf.exp(tf.neg(h)))),
  sigmoid: (dh, h) => tf.mul(dh, tf.mul(h, tf.sub(1, h))),
  linear: (dh) => dh,
};

/**
 * The MLP on SAMPLED weights as one differentiable op (one tape node per evaluation, as
 * lib/nn/fused_mlp.ts does for variables). Unlike that op, the weights are saved with the
 * activations: sampled weights are intermediate tensors that an enclosing tidy (or the sample's
 * dispose) may free before the backward pass runs; saved tensors are kept clones.
 * On wasm, products with a transposed operand use an explicit transpose (its flagged matMul is a
 * slow path).
 */
function sampledMlpOp(activation: Activation, layers: number) {
  const act = ACTIVATIONS[activation];
  const backward = ACTIVATION_BACKWARD[activation];
  return tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const save = args[args.length - 1] as tf.GradSaveFunc;
    const [x, ...wb] = args.slice(0, -1) as tf.Tensor2D[];
    const inputs: tf.Tensor2D[] = [x];
    let h = x;
    for (let l = 0; l < layers; l++) {
      const z = tf.fused.matMul({ a: h, b: wb[2 * l], bias: wb[2 * l + 1] });
      h = (l < layers - 1 ? act(z) : z) as tf.Tensor2D;
      if (l < layers - 1) inputs.push(h);
    }
    save([...inputs, ...wb.filter((_, i) => i % 2 === 0)]);
    return {
      value: h,
      gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => {
        const hs = saved.slice(0, layers) as tf.Tensor2D[];
        const Ws = saved.slice(layers) as tf.Tensor2D[];
        const wasm = tf.getBackend() === "wasm";
        const grads: tf.Tensor[] = new Array(2 * layers);
        let dz = dy as tf.Tensor2D;
        let dx: tf.Tensor2D = dz;
        for (let l = layers - 1; l >= 0; l--) {
          grads[2 * l] = wasm ? tf.matMul(tf.transpose(hs[l]), dz) : tf.matMul(hs[l], dz, true);
          grads[2 * l + 1] = tf.sum(dz, 0);
          dx = wasm ? tf.matMul(dz, tf.transpose(Ws[l])) : tf.matMul(dz, Ws[l], false, true);
          if (l > 0) dz = backward(dx, hs[l]) as tf.Tensor2D;
        }
        return [dx, ...grads];
      },
    };
  });
}
