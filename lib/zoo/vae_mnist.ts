/**
 * vae-mnist: the VAE primer's MLP VAE (Kingma & Welling 2014) on MNIST (lecture 3). Encoder
 * 784 → 512 → 256 → 2·20, decoder 20 → 256 → 512 → 784, ELU; the latent space is 20-D, not the
 * lecture's 2-D (a 2-D latent reaches −ELBO ≈ 140 on these digits). Training and evaluation:
 * scripts/recipes/vae_mnist.ts.
 */
import { VAE } from "../models/vae.ts";
import type { Preset } from "./preset.ts";

export const VAE_MNIST_CONFIG = {
  latentSize: 20,
  hidden: [512, 256],
  activation: "elu" as const,
  batchSize: 128,
  lr: 2e-3,
  /** Fraction of the run at the full learning rate before the decay. */
  holdFraction: 0.7,
  /** Learning rate at the end, relative to `lr`. */
  finalLrFactor: 0.1,
  steps: 15000,
};

export type VaeMnistConfig = typeof VAE_MNIST_CONFIG;

/** Reparameterisation samples per test digit, and the seed of the first (evaluation). */
export const VAE_EVAL_SAMPLES = 4;
export const VAE_EVAL_SEED = 424_242;
/** Test digits per evaluation chunk (chunk c, sample k: seed VAE_EVAL_SEED + 1000·c + k). */
export const VAE_EVAL_CHUNK = 500;
/** The fast held-out subset: every 10th official test digit (1,000 of 10,000). */
export const VAE_FAST_STRIDE = 10;
/** Digits of the training pool the sweep holds out for selection (never the test set). */
export const VAE_VALIDATION_SIZE = 1000;

export const VAE_MNIST: Preset<VAE, VaeMnistConfig> = {
  name: "vae-mnist",
  heldOut: "official MNIST test set (10,000)",
  description: `MLP VAE 784→${VAE_MNIST_CONFIG.hidden.join("→")}→2·${VAE_MNIST_CONFIG.latentSize}` +
    ` (latent ${VAE_MNIST_CONFIG.latentSize}, not 2: 2-D gives −ELBO ≈ 140), Bernoulli, ` +
    "the 60,000 MNIST training digits",
  seed: 0,
  steps: VAE_MNIST_CONFIG.steps,
  config: VAE_MNIST_CONFIG,
  build: (seed) =>
    new VAE({
      latentSize: VAE_MNIST_CONFIG.latentSize,
      hidden: VAE_MNIST_CONFIG.hidden,
      activation: VAE_MNIST_CONFIG.activation,
      seed,
    }),
};
