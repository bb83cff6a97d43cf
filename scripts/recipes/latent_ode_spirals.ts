/**
 * latent-ode-spirals: the latent ODE (ODE-RNN encoder, latent 4) on the 200 training spirals of
 * lib/data/spirals.ts (seed 0), evaluated on the 50 held-out spirals.
 *
 * Training: Adam on minibatches of 50 spirals, one reparameterised sample per step, the KL term
 * warmed up from 0 to 1 over the first tenth of the steps, the learning rate decayed
 * exponentially. Half of the steps encode only a random prefix of each series (observations up
 * to a cut drawn in [1.5, 4]) while the decoder is still scored on every observation: the model
 * is then trained for what the extrapolation metric asks (encode t ≤ 2.5, predict the rest).
 *
 * Metrics (held-out spirals; `fast`: the first 10 of them), all deterministic:
 *   eval −ELBO/trajectory       −Σ log p(x | z) + KL(q(z0) ‖ N(0, I)) per spiral, one posterior
 *                               sample with a fixed noise seed (the model's own loss);
 *   extrapolation RMSE          encoder sees only observations with t ≤ 2.5; z0 = posterior mean;
 *                               RMSE against the CLEAN spiral on the dense grid's t ∈ (2.5, 5];
 *   z0[k] mean/std/skew/excess kurtosis   moments (population) of the posterior means over the
 *                               spirals, per latent dimension.
 */
import * as tf from "@tensorflow/tfjs";
import {
  disposeSpiralBatch,
  generateSpirals,
  type Spiral,
  spiralBatch,
  spiralBatches,
  type SpiralDataset,
} from "../../lib/data/spirals.ts";
import { LatentODE } from "../../lib/models/latent_ode.ts";
import {
  gaussianLogLikelihood,
  klStandardNormal,
  reparameterize,
} from "../../lib/prob/likelihoods.ts";
import { Rng } from "../../lib/prob/random.ts";
import { trainLoop } from "../../lib/train/loop.ts";
import { optimizerStep } from "../../lib/train/step.ts";
import type { Metrics, Recipe } from "./recipe.ts";
import { exponentialDecay, setLearningRate } from "./schedules.ts";

/** The data set is fixed (seed 0) whatever the training seed: the held-out spirals never change. */
const DATA_SEED = 0;
/** Seed of the posterior sample in the evaluated −ELBO. */
const EVAL_NOISE_SEED = 2024;
const FAST_COUNT = 10;
const SPLIT = 2.5;

const BATCH = 50;
const LR_START = 1e-2;
const LR_END = 1e-3;
const KL_WARMUP = 0.1;
/** Fraction of steps that encode only a prefix of each series, and the range of the cut. */
const TRUNCATED_FRACTION = 0.5;
const CUT_RANGE: [number, number] = [1.5, 4];

let cachedData: SpiralDataset | undefined;
function spirals(): SpiralDataset {
  cachedData ??= generateSpirals({ seed: DATA_SEED });
  return cachedData;
}

/** Population moments of each column of a [n, d] matrix. */
function columnMoments(
  rows: number[][],
): { mean: number; std: number; skew: number; kurt: number }[] {
  const n = rows.length;
  const d = rows[0].length;
  return Array.from({ length: d }, (_, k) => {
    const x = rows.map((r) => r[k]);
    const mean = x.reduce((a, b) => a + b, 0) / n;
    const central = (p: number) => x.reduce((a, v) => a + (v - mean) ** p, 0) / n;
    const m2 = central(2);
    const std = Math.sqrt(m2);
    return {
      mean,
      std,
      skew: m2 > 0 ? central(3) / m2 ** 1.5 : 0,
      kurt: m2 > 0 ? central(4) / (m2 * m2) - 3 : 0,
    };
  });
}

export const latentOdeSpirals: Recipe<LatentODE> = {
  name: "latent-ode-spirals",
  description:
    "Latent ODE (ODE-RNN encoder H=25, z=4, RK4 h=0.25) on 200 irregular noisy spirals; 50 held out",
  seed: 0,
  steps: 1000,
  build(seed) {
    return new LatentODE({ seed });
  },
  async train(model, { steps, seed, onProgress, signal }) {
    const data = spirals();
    const optimizer = tf.train.adam(LR_START);
    const batches = spiralBatches(data.train, BATCH, seed);
    const rng = new Rng(seed + 1);
    const params = model.parameters();
    const obsStd = model.options.obsStd;
    try {
      await trainLoop({
        iterations: steps,
        signal,
        onProgress,
        step: (it) => {
          const chosen: Spiral[] = batches.next().value!;
          const full = spiralBatch(chosen);
          let encoded = full;
          if (rng.next() < TRUNCATED_FRACTION) {
            // Every series needs one observation before the cut.
            const earliest = Math.max(...chosen.map((s) => s.obsTimes[0]));
            const cut = Math.max(earliest, rng.uniform(...CUT_RANGE));
            encoded = spiralBatch(chosen, { until: cut });
          }
          setLearningRate(optimizer, exponentialDecay(it, steps, LR_START, LR_END));
          const klWeight = Math.min(1, (it + 1) / Math.max(1, KL_WARMUP * steps));
          // ≥ 1: tf.randomNormal treats seed 0 as "unseeded".
          const noiseSeed = seed * 100_003 + it + 1;
          try {
            return optimizerStep(optimizer, params, () => {
              const { mean, logVar } = model.encode(encoded.values, encoded.times, encoded.mask);
              const z0 = reparameterize(mean, logVar, noiseSeed);
              const pred = model.decodeFrom(z0, full.times);
              const nll = tf.neg(
                tf.mean(gaussianLogLikelihood(full.values, pred, obsStd)),
              ) as tf.Scalar;
              const kl = tf.mean(klStandardNormal(mean, logVar)) as tf.Scalar;
              const loss = tf.add(nll, tf.mul(kl, klWeight)) as tf.Scalar;
              return { loss, terms: { nll, kl } };
            });
          } finally {
            if (encoded !== full) disposeSpiralBatch(encoded);
            disposeSpiralBatch(full);
          }
        },
      });
    } finally {
      optimizer.dispose();
    }
  },
  evaluate(model, { fast }) {
    const held = spirals().eval;
    const batch = spiralBatch(fast ? held.slice(0, FAST_COUNT) : held);
    try {
      const metrics: Metrics = {};
      tf.tidy(() => {
        const { loss } = model.loss(batch, { seed: EVAL_NOISE_SEED });
        metrics["eval −ELBO/trajectory"] = loss.dataSync()[0];
        const { times, predictions } = model.extrapolate(batch, batch.denseTimes, SPLIT);
        const first = batch.denseTimes.length - times.length;
        const clean = tf.slice(batch.clean, [0, first, 0], [-1, times.length, -1]);
        const mse = tf.mean(tf.square(tf.sub(predictions, clean)));
        metrics["extrapolation RMSE"] = Math.sqrt(mse.dataSync()[0]);
        const means = model.posteriorMeans(batch).arraySync();
        columnMoments(means).forEach((m, k) => {
          metrics[`z0[${k}] mean`] = m.mean;
          metrics[`z0[${k}] std`] = m.std;
          metrics[`z0[${k}] skew`] = m.skew;
          metrics[`z0[${k}] excess kurtosis`] = m.kurt;
        });
      });
      return metrics;
    } finally {
      disposeSpiralBatch(batch);
    }
  },
  targets: { "eval −ELBO/trajectory": { max: 44 } },
};
