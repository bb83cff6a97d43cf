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
 * History: every LOG_EVERY steps (and before the first) the train −ELBO/trajectory below, with
 * its reconstruction and KL terms, on all 200 training spirals; `deno task train` saves it as
 * weights/latent-ode-spirals/history.json. It only reads the model (seeded noise of its own), so
 * the weights are those of a run without it.
 *
 * Metrics (held-out spirals; `fast`: the first 10 of them), all deterministic:
 *   eval −ELBO/trajectory       −Σ log p(x | z) + KL(q(z0) ‖ N(0, I)) per spiral, one posterior
 *                               sample with a fixed noise seed (the model's own loss);
 *   train −ELBO/trajectory      the same on the 200 training spirals (`fast`: the first 10), the
 *                               history's last value;
 *   extrapolation RMSE          encoder sees only observations with t ≤ 2.5; z0 = posterior mean;
 *                               RMSE against the CLEAN spiral on the dense grid's t ∈ (2.5, 5];
 *   z0[k] mean/std/skew/excess kurtosis   moments (population) of the posterior means over the
 *                               spirals, per latent dimension.
 */
import * as tf from "@tensorflow/tfjs";
import {
  disposeSpiralBatch,
  type Spiral,
  spiralBatch,
  spiralBatches,
} from "../../lib/data/spirals.ts";
import type { LatentODE } from "../../lib/models/latent_ode.ts";
import {
  gaussianLogLikelihood,
  klStandardNormal,
  reparameterize,
} from "../../lib/prob/likelihoods.ts";
import { columnMoments } from "../../lib/prob/moments.ts";
import { Rng } from "../../lib/prob/random.ts";
import { fit } from "../../lib/train/fit.ts";
import { optimizerStep } from "../../lib/train/step.ts";
import {
  EVAL_NOISE_SEED,
  FAST_COUNT,
  LATENT_ODE_SPIRALS_CONFIG,
  type LatentOdeSpiralsConfig,
  latentOdeSpiralsPreset,
  LOG_EVERY,
  spirals,
  SPLIT,
} from "../../lib/zoo/latent_ode_spirals.ts";
import type { HistoryRow, Metrics, Recipe, TrainingHistory } from "./recipe.ts";
import { exponentialDecay } from "./schedules.ts";

/** −ELBO per spiral (the model's own loss, fixed noise seed) with its two terms, on `list`. */
export function elboTerms(
  model: LatentODE,
  list: readonly Spiral[],
): { negElbo: number; reconstruction: number; kl: number } {
  const batch = spiralBatch(list);
  try {
    return tf.tidy(() => {
      const { loss, terms } = model.loss(batch, { seed: EVAL_NOISE_SEED });
      return {
        negElbo: loss.dataSync()[0],
        reconstruction: terms!.nll.dataSync()[0],
        kl: terms!.kl.dataSync()[0],
      };
    });
  } finally {
    disposeSpiralBatch(batch);
  }
}

/** What each column of the training history holds. */
export const HISTORY_COLUMNS: Record<string, string> = {
  step: "optimiser steps done",
  negElbo: "−ELBO per training spiral (reconstruction + kl), all 200, fixed noise seed",
  reconstruction: "−Σ log N(x | x̂, σ²) over a spiral's observations, mean over the 200",
  kl: "KL(q(z0 | x) ‖ N(0, I)), mean over the 200",
  objective: "the minimised loss (reconstruction + klWeight · kl) on the minibatches since the " +
    "last row, mean",
  klWeight: "the KL weight at the row's step (warm-up)",
};

/** The recipe with `config` (the shipped model: LATENT_ODE_SPIRALS_CONFIG). */
export function latentOdeSpiralsRecipe(
  config: LatentOdeSpiralsConfig,
): Recipe<LatentODE, LatentOdeSpiralsConfig> {
  const { batch: BATCH, lrStart, lrEnd, klWarmup, truncatedFraction, cutRange } = config;
  const klWeightAt = (it: number, steps: number) =>
    Math.min(1, (it + 1) / Math.max(1, klWarmup * steps));
  return {
    ...latentOdeSpiralsPreset(config),
    async train(model, { steps, seed, onProgress, signal }): Promise<TrainingHistory> {
      const data = spirals();
      const batches = spiralBatches(data.train, BATCH, seed);
      const rng = new Rng(seed + 1);
      const params = model.parameters();
      const obsStd = model.options.obsStd;
      const rows: HistoryRow[] = [];
      let objectives: number[] = [];
      const log = (step: number) => {
        const mean = objectives.length
          ? objectives.reduce((a, b) => a + b, 0) / objectives.length
          : NaN;
        rows.push({
          step,
          ...elboTerms(model, data.train),
          objective: mean,
          klWeight: step === 0 ? 0 : klWeightAt(step - 1, steps),
        });
        objectives = [];
      };
      log(0);
      await fit({
        steps,
        signal,
        onProgress,
        learningRate: (it) => exponentialDecay(it, steps, lrStart, lrEnd),
        step: (it, optimizer) => {
          const chosen: Spiral[] = batches.next().value!;
          const full = spiralBatch(chosen);
          let encoded = full;
          if (rng.next() < truncatedFraction) {
            // Every series needs one observation before the cut.
            const earliest = Math.max(...chosen.map((s) => s.obsTimes[0]));
            const cut = Math.max(earliest, rng.uniform(...cutRange));
            encoded = spiralBatch(chosen, { until: cut });
          }
          const klWeight = klWeightAt(it, steps);
          // ≥ 1: tf.randomNormal treats seed 0 as "unseeded".
          const noiseSeed = seed * 100_003 + it + 1;
          try {
            const result = optimizerStep(optimizer, params, () => {
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
            objectives.push(result.loss);
            if ((it + 1) % LOG_EVERY === 0 || it + 1 === steps) log(it + 1);
            return result;
          } finally {
            if (encoded !== full) disposeSpiralBatch(encoded);
            disposeSpiralBatch(full);
          }
        },
      });
      return { metric: "train −ELBO/trajectory", every: LOG_EVERY, columns: HISTORY_COLUMNS, rows };
    },
    evaluate(model, { fast }) {
      const { train, eval: allHeld } = spirals();
      const held = fast ? allHeld.slice(0, FAST_COUNT) : allHeld;
      const batch = spiralBatch(held);
      try {
        const metrics: Metrics = {};
        metrics["eval −ELBO/trajectory"] = elboTerms(model, held).negElbo;
        metrics["train −ELBO/trajectory"] =
          elboTerms(model, fast ? train.slice(0, FAST_COUNT) : train).negElbo;
        tf.tidy(() => {
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
    targets: { "eval −ELBO/trajectory": { max: -10 } },
  };
}

/** The shipped model's recipe. */
export const latentOdeSpirals: Recipe<LatentODE, LatentOdeSpiralsConfig> = latentOdeSpiralsRecipe(
  LATENT_ODE_SPIRALS_CONFIG,
);
