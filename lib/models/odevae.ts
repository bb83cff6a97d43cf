/**
 * ODE-VAE (lecture 4, after Yildiz et al. 2019): pixels of a moving object follow no ODE, but
 * their latent embedding can.
 *
 *   z0 ~ q(z0 | y_1..K) = N(µ, σ²)        conv encoder of the first K frames, stacked as channels
 *   w  ~ q(w) = Π N(µ_w, σ_w²)             a Bayesian MLP: ONE function is drawn per step
 *   z_n = z0 + ∫₀^{t_n} f_w(z_τ) dτ         solved with lib/ode
 *   y_n ~ Bernoulli(sigmoid(decoder(z_n)))  conv decoder, frame by frame
 *
 * Loss per sequence = −ELBO = −Σ_n log p(y_n | z_n) + KL(q(z0|y) ‖ N(0, I)) + KL(q(w) ‖ p(w))/N,
 * with the weights' KL shared by the N training sequences (minibatch scaling).
 */
import * as tf from "@tensorflow/tfjs";
import { BayesianMLP } from "../nn/bnn.ts";
import { ConvDecoder, ConvEncoder } from "../nn/conv.ts";
import { Module, prefixed } from "../nn/module.ts";
import { odeint, type SolveOptions } from "../ode/mod.ts";
import type { LossParts } from "./loss.ts";
import { bernoulliLogLikelihood, klStandardNormal, reparameterize } from "../prob/likelihoods.ts";

export interface OdeVaeOptions {
  /** Latent size (default 8). */
  latentSize?: number;
  /** Frames the encoder sees, stacked as channels (default 3: enough to tell the motion). */
  encoderFrames?: number;
  /** Hidden sizes of the Bayesian vector field (default [32, 32]). */
  fieldHidden?: number[];
  /** Encoder conv channels (default [16, 32]) and decoder channels (default [32, 16]). */
  encoderChannels?: number[];
  decoderChannels?: number[];
  /** Hidden sizes of the decoder's dense part, latent → … → first feature map (default []). */
  decoderHidden?: number[];
  /** Image height = width (default 28). */
  imageSize?: number;
  /** Training sequences N, which share KL(q(w) ‖ p(w)) (default 1,000, rotating MNIST's train set). */
  dataSize?: number;
  /** Prior std of the field's weights (default 1). */
  priorStd?: number;
  /** Initial posterior std σ of the field's weights (default 0.1; see BayesianMLP). */
  initStd?: number;
  /**
   * Function draws per training step: "batch" (default) draws one field per sequence of the
   * minibatch (BayesianMLP.drawBatchF), "one" shares one draw across the minibatch.
   */
  fieldDraws?: "batch" | "one";
  /**
   * Solver (default rk4 on the frame times: the frames are 0.1 apart, so 4 evaluations per frame
   * and no device reads — the latent flow is smooth and slow).
   */
  solver?: SolveOptions;
  seed?: number;
}

// EXERCISE 9.1 begin (the exercise kit's reference: see lib/ode/plain/fixed_grid.ts)
/**
 * ODE-VAE's loss on a batch of sequences: −ELBO per sequence, averaged over the batch,
 *   −Σ_n log p(y_n | z_n) + KL(q(z0 | y) ‖ N(0, I)) + KL(q(w) ‖ p(w)) / N,
 * from the frames [b, T, s, s, 1], the decoder's logits for them (same shape; the Bernoulli
 * likelihood sums over time and pixels), q(z0 | y)'s mean and log-variance [b, latent], the
 * field's weight KL `klWeights` (a scalar for the whole data set) and N = `dataSize`, the number of
 * training sequences that share it (minibatch scaling). Terms: "reconstruction" (batch mean of
 * Σ_n log p(y_n | z_n), a log-likelihood), "klZ0" (batch mean) and "klW" (KL(q(w) ‖ p(w)) / N).
 */
export function odeVaeLoss(
  frames: tf.Tensor,
  logits: tf.Tensor,
  mean: tf.Tensor,
  logVar: tf.Tensor,
  klWeights: tf.Scalar,
  dataSize: number,
): LossParts {
  // SOLUTION begin
  return tf.tidy(() => {
    const rec = tf.mean(bernoulliLogLikelihood(frames, logits)) as tf.Scalar;
    const klZ0 = tf.mean(klStandardNormal(mean, logVar)) as tf.Scalar;
    const klW = tf.div(klWeights, dataSize) as tf.Scalar;
    const loss = tf.add(tf.sub(klZ0, rec), klW) as tf.Scalar;
    return { loss, terms: { reconstruction: rec, klZ0, klW } };
  });
  // SOLUTION end
}
// EXERCISE 9.1 end

export class ODEVAE extends Module {
  readonly encoder: ConvEncoder;
  readonly dynamics: BayesianMLP;
  readonly decoder: ConvDecoder;
  readonly latentSize: number;
  readonly encoderFrames: number;
  readonly imageSize: number;
  readonly dataSize: number;
  readonly solver: SolveOptions;
  readonly fieldDraws: "batch" | "one";
  private draws: number;

  constructor(options: OdeVaeOptions = {}) {
    super();
    const seed = options.seed ?? 0;
    this.latentSize = options.latentSize ?? 8;
    this.encoderFrames = options.encoderFrames ?? 3;
    this.imageSize = options.imageSize ?? 28;
    this.dataSize = options.dataSize ?? 1000;
    this.solver = options.solver ?? { method: "rk4" };
    this.fieldDraws = options.fieldDraws ?? "batch";
    this.draws = seed * 7919;
    this.encoder = new ConvEncoder({
      latentSize: this.latentSize,
      inputChannels: this.encoderFrames,
      imageSize: this.imageSize,
      channels: options.encoderChannels ?? [16, 32],
      seed,
    });
    this.dynamics = new BayesianMLP(
      [this.latentSize, ...(options.fieldHidden ?? [32, 32]), this.latentSize],
      { seed: seed + 100, priorStd: options.priorStd ?? 1, initStd: options.initStd ?? 0.1 },
    );
    this.decoder = new ConvDecoder({
      latentSize: this.latentSize,
      imageSize: this.imageSize,
      channels: options.decoderChannels ?? [32, 16],
      hidden: options.decoderHidden ?? [],
      seed: seed + 200,
    });
  }

  namedParameters(): Record<string, tf.Variable> {
    return prefixed({ encoder: this.encoder, dynamics: this.dynamics, decoder: this.decoder });
  }

  /** q(z0 | first frames): frames [b, T, s, s, 1] → mean and log-variance [b, latent]. */
  encode(frames: tf.Tensor): { mean: tf.Tensor2D; logVar: tf.Tensor2D } {
    return tf.tidy(() => {
      const [b, , s] = frames.shape;
      const first = tf.slice(frames, [0, 0, 0, 0, 0], [b, this.encoderFrames, s, s, 1]);
      // [b, K, s, s, 1] → [b, s, s, K]: the K frames become the encoder's input channels.
      const stacked = tf.transpose(tf.reshape(first, [b, this.encoderFrames, s, s]), [0, 2, 3, 1]);
      return this.encoder.encode(stacked);
    });
  }

  /** Latent states at `times` from z0 [b, latent] with a field f: [b, T, latent]. */
  latentPath(
    f: (t: number, z: tf.Tensor) => tf.Tensor,
    z0: tf.Tensor,
    times: number[],
  ): tf.Tensor3D {
    return tf.tidy(() => tf.transpose(odeint(f, z0, times, this.solver), [1, 0, 2]) as tf.Tensor3D);
  }

  /** Frame logits for latent states [b, T, latent] → [b, T, s, s, 1]. */
  decode(z: tf.Tensor3D): tf.Tensor {
    return tf.tidy(() => {
      const [b, T, L] = z.shape;
      const s = this.imageSize;
      return tf.reshape(this.decoder.apply(tf.reshape(z, [b * T, L])), [b, T, s, s, 1]);
    });
  }

  /**
   * −ELBO per sequence on frames [b, T, s, s, 1] at `times`, averaged over the batch. `seed`
   * fixes both the z0 noise and the drawn function (deterministic loss, e.g. for tests).
   */
  loss(frames: tf.Tensor, times: number[], options: { seed?: number } = {}): LossParts {
    const seed = options.seed ?? this.nextSeed();
    const f = this.fieldDraws === "batch"
      ? this.dynamics.drawBatchF(seed + 1, frames.shape[0])
      : this.dynamics.drawF(seed + 1);
    try {
      return tf.tidy(() => {
        const { mean, logVar } = this.encode(frames);
        const z0 = reparameterize(mean, logVar, seed);
        const logits = this.decode(this.latentPath(f, z0, times));
        return { ...odeVaeLoss(frames, logits, mean, logVar, this.dynamics.kl(), this.dataSize) };
      });
    } finally {
      f.dispose();
    }
  }

  /**
   * Pixel probabilities [b, T, s, s, 1] at `times` (any times: past the observed frames this is a
   * prediction), from the first frames, with the posterior mean z0 and the mean field.
   */
  reconstruct(frames: tf.Tensor, times: number[]): tf.Tensor {
    const f = this.dynamics.meanF();
    try {
      return tf.tidy(() =>
        tf.sigmoid(this.decode(this.latentPath(f, this.encode(frames).mean, times)))
      );
    } finally {
      f.dispose();
    }
  }

  /**
   * `draws` samples of the predictive distribution: pixel probabilities [draws, b, T, s, s, 1],
   * each with its own z0 ~ q(z0 | first frames) and its own field w ~ q(w) (one per sequence).
   * Their spread over draws is the model's uncertainty, frame by frame. Seeded.
   */
  sampleFrames(frames: tf.Tensor, times: number[], draws: number, seed: number): tf.Tensor {
    const b = frames.shape[0];
    return tf.tidy(() => {
      const { mean, logVar } = this.encode(frames);
      const samples: tf.Tensor[] = [];
      for (let d = 0; d < draws; d++) {
        const f = this.dynamics.drawBatchF(seed + 100 * d + 1, b);
        try {
          const z0 = reparameterize(mean, logVar, seed + 100 * d + 99);
          samples.push(tf.sigmoid(this.decode(this.latentPath(f, z0, times))));
        } finally {
          f.dispose();
        }
      }
      return tf.stack(samples);
    });
  }

  /** Latent trajectories [b, T, latent] of the posterior means under the mean field (for PCA). */
  latentMeans(frames: tf.Tensor, times: number[]): tf.Tensor3D {
    const f = this.dynamics.meanF();
    try {
      return tf.tidy(() => this.latentPath(f, this.encode(frames).mean, times));
    } finally {
      f.dispose();
    }
  }

  private nextSeed(): number {
    this.draws = (this.draws + 1) % 2 ** 30;
    return this.draws * 2;
  }
}
