/**
 * The VAE primer's model (Kingma & Welling 2014) on MNIST: an MLP encoder q(z | x) = N(µ, σ²)
 * (784 → hidden → 2·latent), an MLP decoder p(x | z) = Bernoulli(sigmoid(logits))
 * (latent → hidden → 784), prior p(z) = N(0, I). Loss per image = −ELBO =
 * BCE(x, logits) summed over pixels + KL(q(z | x) ‖ p(z)) in closed form, with one
 * reparameterised sample z = µ + σ⊙ε.
 *
 * Defaults: latent 2 (so the lecture can draw the latent plane and decode a grid over it),
 * hidden 256 with ReLU (~0.4 M parameters: trains in a browser in a minute or two).
 */
import * as tf from "@tensorflow/tfjs";
import { type Activation, MLP } from "../nn/mlp.ts";
import { Module, prefixed } from "../nn/module.ts";
import { bernoulliLogLikelihood, klStandardNormal, reparameterize } from "../prob/likelihoods.ts";
import { Rng } from "../prob/random.ts";
import type { LossParts } from "./loss.ts";
import { standardNormal } from "../prob/normal_noise.ts";

export interface VaeOptions {
  /** Pixels per image (default 784). */
  inputSize?: number;
  /** Latent dimensions (default 2). */
  latentSize?: number;
  /** Hidden layer widths of encoder and decoder (default [256]). */
  hidden?: number[];
  /** Hidden activation (default "relu"). */
  activation?: Activation;
  /** Seed of the weights and of the default noise stream (default 0). */
  seed?: number;
}

export interface VaeLossOptions {
  /**
   * Seed of ε for this call: fixed seeds make the loss deterministic (tests, finite
   * differences). Default: the next seed of the model's own seeded stream.
   */
  seed?: number;
  /** Weight of the KL term (default 1: the ELBO; <1 for warm-up). */
  beta?: number;
}

// EXERCISE 7.4 begin (the exercise kit's reference: see lib/ode/plain/fixed_grid.ts)
/**
 * A VAE's loss on a batch x [b, pixels] in [0, 1]: the negative ELBO per image, averaged over
 * the batch, from one sample z = µ + σ⊙ε of q(z | x) = N(µ, σ²) (µ = mean, σ² = exp(logVar),
 * each [b, latent]) decoded to the Bernoulli logits [b, pixels]:
 *   −ELBO(x) = −log p(x | z) + β·KL(q(z | x) ‖ N(0, I)).
 * β = 1 is the ELBO (β < 1 down-weights the KL, e.g. for a warm-up). Terms: "reconstruction"
 * (batch mean of −log p(x | z)) and "kl" (batch mean of the KL).
 */
export function negativeElbo(
  x: tf.Tensor,
  logits: tf.Tensor,
  mean: tf.Tensor,
  logVar: tf.Tensor,
  beta = 1,
): LossParts {
  // SOLUTION begin
  return tf.tidy(() => {
    const reconstruction = tf.mean(tf.neg(bernoulliLogLikelihood(x, logits))) as tf.Scalar;
    const kl = tf.mean(klStandardNormal(mean, logVar)) as tf.Scalar;
    const loss = tf.add(reconstruction, tf.mul(beta, kl)) as tf.Scalar;
    return { loss, terms: { reconstruction, kl } };
  });
  // SOLUTION end
}
// EXERCISE 7.4 end

export class VAE extends Module {
  readonly encoder: MLP;
  readonly decoder: MLP;
  readonly inputSize: number;
  readonly latentSize: number;
  private readonly noise: Rng;

  constructor(options: VaeOptions = {}) {
    super();
    const {
      inputSize = 784,
      latentSize = 2,
      hidden = [256],
      activation = "relu",
      seed = 0,
    } = options;
    this.inputSize = inputSize;
    this.latentSize = latentSize;
    this.encoder = new MLP([inputSize, ...hidden, 2 * latentSize], { activation, seed });
    this.decoder = new MLP([latentSize, ...[...hidden].reverse(), inputSize], {
      activation,
      seed: seed + 1000,
    });
    this.noise = new Rng(seed + 7);
  }

  /** q(z | x): mean and log-variance, each [b, latent]. x: [b, 784] (or [b, 28, 28, 1]). */
  encode(x: tf.Tensor): { mean: tf.Tensor2D; logVar: tf.Tensor2D } {
    return tf.tidy(() => {
      const flat = tf.reshape(x, [x.shape[0], this.inputSize]);
      const [mean, logVar] = tf.split(this.encoder.apply(flat), 2, 1) as tf.Tensor2D[];
      return { mean, logVar };
    });
  }

  /** Logits of p(x | z): [b, 784]. */
  decodeLogits(z: tf.Tensor): tf.Tensor2D {
    return this.decoder.apply(z) as tf.Tensor2D;
  }

  /** Pixel probabilities sigmoid(logits): [b, 784]. */
  decode(z: tf.Tensor): tf.Tensor2D {
    return tf.tidy(() => tf.sigmoid(this.decodeLogits(z)));
  }

  /**
   * Loss = mean over the batch of −ELBO per image (nats); terms: "reconstruction" (BCE summed over
   * pixels, batch mean) and "kl" (batch mean). x: [b, 784] in [0, 1].
   */
  loss(x: tf.Tensor, options: VaeLossOptions = {}): LossParts {
    const seed = options.seed ?? this.noise.seed();
    const beta = options.beta ?? 1;
    return tf.tidy(() => {
      const flat = tf.reshape(x, [x.shape[0], this.inputSize]);
      const { mean, logVar } = this.encode(flat);
      const z = reparameterize(mean, logVar, seed);
      return { ...negativeElbo(flat, this.decodeLogits(z), mean, logVar, beta) };
    });
  }

  /**
   * Reconstructions: probabilities [b, 784] decoded from the posterior mean (default), or from a
   * posterior sample when `sample` is set (seeded by `seed`).
   */
  reconstruct(x: tf.Tensor, options: { sample?: boolean; seed?: number } = {}): tf.Tensor2D {
    return tf.tidy(() => {
      const { mean, logVar } = this.encode(x);
      const z = options.sample
        ? reparameterize(mean, logVar, options.seed ?? this.noise.seed())
        : mean;
      return this.decode(z);
    });
  }

  /** n samples from the model: z ~ N(0, I) (seeded), decoded to probabilities [n, 784]. */
  sample(n: number, seed?: number): tf.Tensor2D {
    return tf.tidy(() =>
      this.decode(
        standardNormal([n, this.latentSize], seed ?? this.noise.seed()),
      )
    );
  }

  /**
   * Decodes an n×n grid of latents over [−extent, extent]² in the first two latent dimensions
   * (others 0): probabilities [n·n, 784], row r (top = +extent in z2), column c (left = −extent
   * in z1) at index r·n + c. The lecture's latent-plane figure.
   */
  decodeGrid(n = 15, extent = 2.5): tf.Tensor2D {
    if (this.latentSize < 2) throw new Error("decodeGrid needs a latent space of 2+ dimensions");
    const z = new Float32Array(n * n * this.latentSize);
    const at = (i: number) => (n === 1 ? 0 : -extent + (2 * extent * i) / (n - 1));
    for (let r = 0; r < n; r++) {
      for (let c = 0; c < n; c++) {
        z[(r * n + c) * this.latentSize] = at(c);
        z[(r * n + c) * this.latentSize + 1] = at(n - 1 - r);
      }
    }
    return tf.tidy(() => this.decode(tf.tensor2d(z, [n * n, this.latentSize])));
  }

  /** Decodes `steps` latents on the segment from za to zb ([latent] each): [steps, 784]. */
  interpolate(za: tf.Tensor, zb: tf.Tensor, steps = 10): tf.Tensor2D {
    return tf.tidy(() => {
      const w = tf.linspace(0, 1, steps).reshape([steps, 1]);
      const a = tf.reshape(za, [1, this.latentSize]);
      const b = tf.reshape(zb, [1, this.latentSize]);
      return this.decode(tf.add(tf.mul(tf.sub(1, w), a), tf.mul(w, b)));
    });
  }

  namedParameters(): Record<string, tf.Variable> {
    return prefixed({ encoder: this.encoder, decoder: this.decoder });
  }
}
