/**
 * odevae-rotmnist: the ODE-VAE (conv encoder of the first 3 frames, Bayesian latent field,
 * conv decoder) on the 1,000 training sequences of rotating MNIST (each from its own start angle,
 * turning its own way; lib/data/rotating_mnist.ts), evaluated on the 300 test sequences, whose
 * digits come from MNIST's official test file.
 *
 * Training: the model's own −ELBO, Adam on minibatches of 16 sequences, one field drawn per
 * sequence (ODEVAE fieldDraws "batch") and one z0 sample each, seeded; learning rate decayed
 * exponentially from 2e-3 to 2e-4. The field's posterior widths ρ learn at WIDTH_LR_FACTOR × that
 * rate (see there): at the shared rate, every σ_w of the 1,608 field weights stayed within
 * 0.0096–0.0104 of its initial 0.01 for the whole run.
 *
 * A length CURRICULUM (see CURRICULUM) and a hidden layer in the decoder's dense part are what
 * made it learn the motion. Trained on all 16 frames from the first step, the model collapsed to
 * a blurred ring: until the field turns the latent state, every frame of a sequence decodes from
 * nearly the same z, so the decoder's best answer is the digit averaged over all angles, a
 * ring; a ring looks the same at every angle, so it gives the field no gradient towards turning
 * (2,000 steps: prediction MSE 0.0589, the average training frame scores 0.0618). On the first
 * few frames the digit turns by at most 67°, the frames are still distinct, and the field learns
 * to turn before the sequences grow to a full turn.
 *
 * Metrics (test sequences; `fast`: the first 16 of them), deterministic: posterior mean z0 and
 * the mean field (ODEVAE.reconstruct), pixel probabilities compared with the frames:
 *   reconstruction MSE          per-pixel MSE on the frames the encoder sees (0 … encoderFrames−1);
 *   prediction MSE              per-pixel MSE on the later frames (encoderFrames … 15);
 *   first-frame baseline MSE    per-pixel MSE of predicting frame 0 for every frame 1 … 15;
 *   worst frame MSE / baseline  max over frames k ≥ 1 of the model's MSE_k / the baseline's MSE_k
 *                               (target < 1: the model beats the baseline on EVERY frame);
 *   worst frame                 the k of that maximum;
 *   average-frame baseline MSE  per-pixel MSE of predicting the average training frame (one
 *                               image) for every predicted frame: what a collapsed model scores;
 *   prediction MSE / average frame   their ratio (target ≤ 0.85: it follows the digit);
 * and what the Bayesian field learned:
 *   σ_w min / 10% / median / 90% / max   quantiles of softplus(ρ) over the field's weights;
 *   σ_w moved share             the share of them outside ±10% of INIT_STD (target > 0.5);
 *   spread observed / predicted / last frame   predictive spread (predictiveSpread): pixel std
 *                               over SPREAD_DRAWS samples, each with its own z0 and field;
 *   spread predicted / observed their ratio (target > 1: less sure about what it did not see).
 */
import * as tf from "@tensorflow/tfjs";
import { batchIndices } from "../../lib/data/batches.ts";
import { loadMnist } from "../../lib/data/mnist_source.ts";
import {
  buildRotatingMnist,
  type RotatingMnist,
  sequenceBatch,
  type SequenceSet,
} from "../../lib/data/rotating_mnist.ts";
import type { LossParts } from "../../lib/models/loss.ts";
import type { ODEVAE } from "../../lib/models/odevae.ts";
import { Rng } from "../../lib/prob/random.ts";
import { fit } from "../../lib/train/fit.ts";
import { setLearningRate } from "../../lib/train/learning_rate.ts";
import type { ProgressInfo, StepResult } from "../../lib/train/loop.ts";
import {
  BATCH,
  CURRICULUM,
  LR_END,
  LR_START,
  ODEVAE_ROTMNIST,
  type OdeVaeRotmnistConfig,
  posteriorStdStats,
  ROTMNIST_DATA_SEED,
  SPREAD_COUNT,
  spreadPerFrame,
  WIDTH_LR_FACTOR,
} from "../../lib/zoo/odevae_rotmnist.ts";
import type { Metrics, Recipe } from "./recipe.ts";
import { exponentialDecay } from "./schedules.ts";

const FAST_COUNT = 16;
const EVAL_CHUNK = 32;

let cachedData: RotatingMnist | undefined;
export function rotatingMnist(): RotatingMnist {
  cachedData ??= buildRotatingMnist(loadMnist(), { seed: ROTMNIST_DATA_SEED });
  return cachedData;
}

export const odevaeRotmnist: Recipe<ODEVAE, OdeVaeRotmnistConfig> = {
  ...ODEVAE_ROTMNIST,
  train(model, { steps, seed, onProgress, signal }) {
    return trainOdevae(model, {
      steps,
      seed,
      onProgress,
      signal,
      widthRate: WIDTH_LR_FACTOR,
      curriculum: CURRICULUM,
    });
  },
  evaluate(model, { fast }) {
    const data = rotatingMnist();
    const count = fast ? Math.min(FAST_COUNT, data.test.count) : data.test.count;
    const errors = frameErrors(model, data, count);
    const T = data.frameCount;
    const K = model.encoderFrames;
    const mean = (a: number[], from: number, to: number) =>
      a.slice(from, to).reduce((x, y) => x + y, 0) / (to - from);
    let worst = 0;
    let worstFrame = 1;
    for (let k = 1; k < T; k++) {
      const ratio = errors.model[k] / errors.firstFrame[k];
      if (ratio > worst) [worst, worstFrame] = [ratio, k];
    }
    const predicted = mean(errors.model, K, T);
    const average = mean(errors.averageFrame, K, T);
    const metrics: Metrics = {
      "reconstruction MSE": mean(errors.model, 0, K),
      "prediction MSE": predicted,
      "first-frame baseline MSE": mean(errors.firstFrame, 1, T),
      "worst frame MSE / baseline": worst,
      "worst frame": worstFrame,
      "average-frame baseline MSE": average,
      "prediction MSE / average frame": predicted / average,
      ...posteriorStdStats(model),
      ...predictiveSpread(model, data, fast ? 8 : SPREAD_COUNT),
    };
    return metrics;
  },
  targets: {
    "worst frame MSE / baseline": { max: 1 },
    "prediction MSE / average frame": { max: 0.85 },
    "σ_w moved share": { min: 0.5 },
    "spread predicted / observed": { min: 1 },
  },
};

/** Per-frame MSE per pixel of three predictors, each a list over the frames. */
export interface FrameErrors {
  /** The model's reconstruction (posterior-mean z0, mean field) from the first frames. */
  model: number[];
  /** Frame 0 held still. */
  firstFrame: number[];
  /** The average training frame (averageTrainingFrame), for every frame. */
  averageFrame: number[];
}

/** FrameErrors on the first `count` test sequences, in chunks of EVAL_CHUNK. */
export function frameErrors(model: ODEVAE, data: RotatingMnist, count: number): FrameErrors {
  const T = data.frameCount;
  const sums = [new Float64Array(T), new Float64Array(T), new Float64Array(T)];
  const average = tf.tensor(averageTrainingFrame(data), [1, 1, 28, 28, 1]);
  for (let start = 0; start < count; start += EVAL_CHUNK) {
    const idx = Array.from({ length: Math.min(EVAL_CHUNK, count - start) }, (_, i) => start + i);
    const frames = sequenceBatch(data.test, idx);
    const perFrame = tf.tidy(() => {
      const probs = model.reconstruct(frames, data.times);
      const first = tf.slice(frames, [0, 0, 0, 0, 0], [-1, 1, -1, -1, -1]);
      return [probs, first, average].map((guess) =>
        tf.sum(tf.square(tf.sub(guess, frames)), [0, 2, 3, 4])
      );
    });
    perFrame.forEach((t, i) => t.dataSync().forEach((v, k) => (sums[i][k] += v)));
    tf.dispose([frames, ...perFrame]);
  }
  average.dispose();
  const perPixel = (a: Float64Array) => Array.from(a, (v) => v / (count * 28 * 28));
  return {
    model: perPixel(sums[0]),
    firstFrame: perPixel(sums[1]),
    averageFrame: perPixel(sums[2]),
  };
}

/** The mean of every frame of every training sequence: one 28×28 image (784 values). */
export function averageTrainingFrame(data: RotatingMnist): Float32Array {
  const { frames, count, frameCount } = data.train;
  const mean = new Float64Array(784);
  for (let i = 0; i < frames.length; i++) mean[i % 784] += frames[i];
  return Float32Array.from(mean, (v) => v / (count * frameCount));
}

/**
 * Predictive spread on the first `count` test sequences: its mean over the frames the encoder
 * sees, over the frames it predicts, at the last frame, and predicted / observed.
 */
export function predictiveSpread(model: ODEVAE, data: RotatingMnist, count: number): Metrics {
  const idx = Array.from({ length: Math.min(count, data.test.count) }, (_, i) => i);
  const spread = spreadPerFrame(model, subset(data.test, idx), data.times);
  const K = model.encoderFrames;
  const mean = (a: number[]) => a.reduce((x, y) => x + y, 0) / a.length;
  const observed = mean(spread.slice(0, K));
  const predicted = mean(spread.slice(K));
  return {
    "spread observed": observed,
    "spread predicted": predicted,
    "spread last frame": spread[spread.length - 1],
    "spread predicted / observed": predicted / observed,
  };
}

/** Sequences `indices` of a set, as a set of their own. */
function subset(set: SequenceSet, indices: number[]): SequenceSet {
  const per = set.frameCount * 28 * 28;
  const frames = new Float32Array(indices.length * per);
  indices.forEach((i, k) => frames.set(set.frames.subarray(i * per, (i + 1) * per), k * per));
  return {
    frames,
    count: indices.length,
    frameCount: set.frameCount,
    sources: indices.map((i) => set.sources[i]),
    motions: indices.map((i) => set.motions[i]),
  };
}

/**
 * The recipe's training loop, with the posterior widths' learning-rate factor as an argument
 * (the recipe uses widthRate; scripts/odevae_trials.ts compares it with 1).
 */
export async function trainOdevae(
  model: ODEVAE,
  { steps, seed, onProgress, signal, widthRate, curriculum }: {
    steps: number;
    seed: number;
    onProgress: (p: ProgressInfo) => void;
    signal?: AbortSignal;
    widthRate: number;
    /**
     * Length curriculum: train on the first `startFrames` frames of each sequence, growing
     * linearly to all of them at step `fullAt` (default: all frames from the start).
     */
    curriculum?: { startFrames: number; fullAt: number };
  },
): Promise<void> {
  const data = rotatingMnist();
  const widths = new Set<tf.Variable>(model.dynamics.rhos());
  const rest = model.parameters().filter((v) => !widths.has(v));
  const widthOptimizer = tf.train.adam(LR_START * widthRate);
  const batches = batchIndices(new Rng(seed), data.train.count, BATCH);
  const learningRate = (it: number) => exponentialDecay(it, steps, LR_START, LR_END);
  try {
    await fit({
      steps,
      signal,
      onProgress,
      learningRate,
      step: (it, optimizer) => {
        // fit() set the rate of `optimizer`; the widths' optimiser follows at widthRate × it.
        setLearningRate(widthOptimizer, learningRate(it) * widthRate);
        // Odd seeds ≥ 1 (tf.randomNormal treats seed 0 as "unseeded"); the field draws seed + 1.
        const T = curriculum
          ? Math.min(
            data.frameCount,
            Math.round(
              curriculum.startFrames +
                (data.frameCount - curriculum.startFrames) * (it / curriculum.fullAt),
            ),
          )
          : data.frameCount;
        const all = sequenceBatch(data.train, batches.next().value!);
        const frames = T === data.frameCount
          ? all
          : tf.slice(all, [0, 0, 0, 0, 0], [-1, T, -1, -1, -1]);
        if (frames !== all) all.dispose();
        try {
          return twoRateStep(
            [optimizer, rest],
            [widthOptimizer, [...widths]],
            () => model.loss(frames, data.times.slice(0, T), { seed: seed * 100_003 + 2 * it + 1 }),
          );
        } finally {
          frames.dispose();
        }
      },
    });
  } finally {
    widthOptimizer.dispose();
  }
}

/**
 * One step of two optimisers, each on its own variables, from one gradient of `lossFn`; returns
 * the loss before the step and its named terms as numbers, leaving no tensor behind.
 */
function twoRateStep(
  [a, aVars]: [tf.Optimizer, tf.Variable[]],
  [b, bVars]: [tf.Optimizer, tf.Variable[]],
  lossFn: () => LossParts,
): StepResult {
  let terms: Record<string, number> = {};
  const { value, grads } = tf.variableGrads(() => {
    const parts = lossFn();
    terms = Object.fromEntries(
      Object.entries(parts.terms ?? {}).map(([k, v]) => [k, v.dataSync()[0]]),
    );
    return parts.loss;
  }, [...aVars, ...bVars]);
  const pick = (vars: tf.Variable[]) =>
    Object.fromEntries(vars.map((v) => [v.name, grads[v.name]]));
  a.applyGradients(pick(aVars));
  b.applyGradients(pick(bVars));
  const loss = value.dataSync()[0];
  tf.dispose([value, ...Object.values(grads)]);
  return { loss, terms };
}
