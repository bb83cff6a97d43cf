/**
 * odevae-rotmnist: the ODE-VAE (conv encoder of the first 3 frames, Bayesian latent field, conv
 * decoder via a 256-unit hidden layer) on rotating MNIST (lecture 4), and the measures of its
 * field's posterior and predictive spread that the recipe's evaluation and the lecture share.
 * Training and the rest of the evaluation: scripts/recipes/odevae_rotmnist.ts.
 */
import * as tf from "@tensorflow/tfjs";
import { ROTATING_TRAIN_SIZE, sequenceBatch, type SequenceSet } from "../data/rotating_mnist.ts";
import type { Metrics } from "../io/manifest.ts";
import { ODEVAE } from "../models/odevae.ts";
import type { Preset } from "./preset.ts";

/** The data set's seed (fixed whatever the training seed). */
export const ROTMNIST_DATA_SEED = 0;
/** Sequences per training step. */
export const BATCH = 16;
/** Initial posterior std of the field's weights. */
export const INIT_STD = 0.1;
/** A weight's σ counts as learned when it left ±MOVED (relative) of INIT_STD. */
export const MOVED = 0.1;
/** Predictive spread: draws per sequence, on the first SPREAD_COUNT test sequences. */
export const SPREAD_DRAWS = 8;
export const SPREAD_COUNT = 32;
export const SPREAD_SEED = 4242;
/** Learning rate, decayed exponentially from LR_START to LR_END. */
export const LR_START = 2e-3;
export const LR_END = 2e-4;
/**
 * The posterior widths ρ (σ = softplus(ρ)) learn WIDTH_LR_FACTOR times faster than the rest. Their
 * gradient is the reconstruction's gradient times the draw's noise ε — mostly noise, with a small
 * consistent part (curvature pulls σ down, the KL pulls it up) — and Adam moves a parameter by
 * about lr × (consistent part / noise) per step: at the shared rate q(w) stays at its
 * initialisation for the whole run.
 */
export const WIDTH_LR_FACTOR = 20;
/**
 * Length curriculum: the first 4 frames at step 0 (the encoder's 3 and one to predict), growing
 * linearly to all 16 at step 2,000; the rest of the run trains on whole sequences.
 */
export const CURRICULUM = { startFrames: 4, fullAt: 2000 };
/** Hidden units between the latent state and the decoder's first 7×7 feature map. */
export const DECODER_HIDDEN = [256];

export const ODEVAE_ROTMNIST_CONFIG = {
  batch: BATCH,
  initStd: INIT_STD,
  decoderHidden: DECODER_HIDDEN,
  lrStart: LR_START,
  lrEnd: LR_END,
  widthLrFactor: WIDTH_LR_FACTOR,
  curriculum: CURRICULUM,
  steps: 3500,
};

export type OdeVaeRotmnistConfig = typeof ODEVAE_ROTMNIST_CONFIG;

export const ODEVAE_ROTMNIST: Preset<ODEVAE, OdeVaeRotmnistConfig> = {
  name: "odevae-rotmnist",
  heldOut: "300 test sequences (threes of the official test set)",
  description:
    "ODE-VAE (conv enc. of 3 frames, z=8, BNN field 8-32-32-8, conv dec. via 256 hidden) on 1,000 " +
    "rotating-MNIST 3s (random start angle and direction; length curriculum)",
  seed: 0,
  steps: ODEVAE_ROTMNIST_CONFIG.steps,
  config: ODEVAE_ROTMNIST_CONFIG,
  build(seed) {
    return new ODEVAE({
      seed,
      dataSize: ROTATING_TRAIN_SIZE,
      initStd: INIT_STD,
      decoderHidden: DECODER_HIDDEN,
    });
  },
};

/** Quantiles of softplus(ρ) over every weight and bias of the field, and how many moved. */
export function posteriorStdStats(model: ODEVAE): Metrics {
  const stds = model.dynamics.stds();
  const all = Float64Array.from(stds.flatMap((t) => Array.from(t.dataSync())));
  tf.dispose(stds);
  const sorted = all.slice().sort();
  const q = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
  const moved = all.filter((s) => Math.abs(s / INIT_STD - 1) > MOVED).length;
  return {
    "σ_w min": sorted[0],
    "σ_w 10%": q(0.1),
    "σ_w median": q(0.5),
    "σ_w 90%": q(0.9),
    "σ_w max": sorted[sorted.length - 1],
    "σ_w moved share": moved / all.length,
  };
}

/**
 * Predictive spread per frame of the sequences of `set`: the std over SPREAD_DRAWS samples (each
 * its own z0 and field) of each pixel's probability, averaged over pixels and sequences.
 */
export function spreadPerFrame(model: ODEVAE, set: SequenceSet, times: number[]): number[] {
  const frames = sequenceBatch(set);
  const perFrame = tf.tidy(() => {
    const samples = model.sampleFrames(frames, times, SPREAD_DRAWS, SPREAD_SEED);
    const { variance } = tf.moments(samples, 0);
    return tf.mean(tf.sqrt(variance), [0, 2, 3, 4]);
  });
  const spread = Array.from(perFrame.dataSync());
  tf.dispose([frames, perFrame]);
  return spread;
}
