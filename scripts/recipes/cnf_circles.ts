/**
 * cnf-circles: a continuous normalising flow (torchdiffeq's hypernetwork field) fitted to two
 * concentric circles (noise 0.06, inner radius 0.5), lecture section 7.
 *
 * Data: a fixed training set of points seeded by the recipe's seed; minibatches drawn from it.
 * Training: maximum likelihood with the EXACT trace (two VJPs in one backward pass: in 2-D it
 * costs about what one Hutchinson probe does and has no estimator noise), Adam with warm-up and
 * a cosine decay.
 *
 * Held-out metrics: a test set of 2,000 points from a fixed, different seed (the fast subset: its
 * first 256), exact-trace log-likelihood per sample; the same for a Gaussian with the training
 * data's mean and full covariance; and the gain (CNF − Gaussian) in nats per sample.
 */
import * as tf from "@tensorflow/tfjs";
import { makeCircles } from "../../lib/data/toy2d.ts";
import type { CNF } from "../../lib/models/cnf.ts";
import { Rng } from "../../lib/prob/random.ts";
import { fit } from "../../lib/train/fit.ts";
import { optimizerStep } from "../../lib/train/step.ts";
import {
  CIRCLES_FAST_SIZE,
  CIRCLES_HELD_OUT_SEED,
  CIRCLES_TEST_SIZE,
  CNF_CIRCLES_CONFIG,
  type CnfCirclesConfig,
  cnfCirclesPreset,
  gaussianBaseline,
} from "../../lib/zoo/cnf_circles.ts";
import type { Recipe } from "./recipe.ts";
import { cosineLr } from "./schedules.ts";

export function cnfCirclesRecipe(
  config: CnfCirclesConfig = CNF_CIRCLES_CONFIG,
): Recipe<CNF, CnfCirclesConfig> {
  const preset = cnfCirclesPreset(config);
  // The seed each model was built (and so trained) with: the Gaussian baseline is fitted to
  // that seed's training set.
  const seeds = new WeakMap<CNF, number>();
  return {
    ...preset,
    build(seed) {
      const model = preset.build(seed);
      seeds.set(model, seed);
      return model;
    },
    async train(model, { steps, seed, onProgress, signal }) {
      const data = makeCircles(config.trainSize, seed);
      const rng = new Rng(seed + 1);
      const params = model.parameters();
      const batch = new Float32Array(2 * config.batch);
      await fit({
        steps,
        signal,
        onProgress,
        learningRate: (it) => cosineLr(it, steps, config.lr, config.lrEnd),
        step: (_, optimizer) => {
          for (let i = 0; i < config.batch; i++) {
            const j = rng.int(data.n);
            batch[2 * i] = data.points[2 * j];
            batch[2 * i + 1] = data.points[2 * j + 1];
          }
          const x = tf.tensor2d(batch, [config.batch, 2]);
          try {
            const { loss } = optimizerStep(
              optimizer,
              params,
              () => model.loss(x, { trace: "exact" }),
            );
            return { loss, terms: { "−log p": loss } };
          } finally {
            x.dispose();
          }
        },
      });
    },
    evaluate(model, { fast }) {
      const test = makeCircles(CIRCLES_TEST_SIZE, CIRCLES_HELD_OUT_SEED);
      const points = test.points.subarray(0, 2 * (fast ? CIRCLES_FAST_SIZE : CIRCLES_TEST_SIZE));
      const train = makeCircles(config.trainSize, seeds.get(model) ?? preset.seed);
      const gaussian = gaussianBaseline(train, points);
      const cnf = tf.tidy(() =>
        tf.mean(model.logProb(tf.tensor2d(points, [points.length / 2, 2]), { trace: "exact" }))
          .dataSync()[0]
      );
      return {
        "test log-likelihood/sample": cnf,
        "Gaussian baseline log-likelihood/sample": gaussian,
        "gain over Gaussian": cnf - gaussian,
      };
    },
    targets: { "gain over Gaussian": { min: 0.5 } },
  };
}

export const cnfCircles: Recipe<CNF, CnfCirclesConfig> = cnfCirclesRecipe();
