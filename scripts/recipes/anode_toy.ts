/**
 * anode-toy: an augmented Neural ODE on the 1-D crossing toy (lecture section 8): points near −1
 * must go to +1 and points near +1 to −1 under the time-1 flow.
 *
 * Data: 32 points around each of ±1 (jitter U(−0.1, 0.1)), seeded by the recipe's seed; the
 * held-out set is 50 points a side from a fixed, different seed. Training: full-batch Adam with a
 * cosine-decayed learning rate on the MSE.
 *
 * The comparison: a plain 1-D NODE (augmentDims 0, the same field width, seeded) trained the
 * same way inside `evaluate`. Its flow preserves order, so it cannot cross: the best it can do
 * is send everything near 0 (MSE ≈ 1). Training it takes seconds and, being seeded, gives the
 * same number every time on a given backend, so the comparison is reproduced whenever the
 * shipped ANODE is evaluated (the fast subset trains it for fewer steps on fewer points).
 */
import * as tf from "@tensorflow/tfjs";
import {
  type CrossingData,
  disposeCrossingData,
  makeCrossingData,
} from "../../lib/data/crossing.ts";
import { AugmentedNODE } from "../../lib/models/anode.ts";
import { fit } from "../../lib/train/fit.ts";
import type { ProgressInfo } from "../../lib/train/loop.ts";
import { optimizerStep } from "../../lib/train/step.ts";
import {
  ANODE_HELD_OUT_SEED,
  ANODE_TOY_CONFIG,
  type AnodeToyConfig,
  anodeToyPreset,
  PLAIN_NODE_SEED,
} from "../../lib/zoo/anode_toy.ts";
import type { Recipe } from "./recipe.ts";
import { warmupCosine } from "./schedules.ts";

/** Full-batch Adam on the MSE, the learning rate a cosine from lr to lrEnd. */
function fitCrossing(
  model: AugmentedNODE,
  data: CrossingData,
  config: AnodeToyConfig,
  steps: number,
  onProgress?: (p: ProgressInfo) => void,
  signal?: AbortSignal,
): Promise<unknown> {
  const params = model.parameters();
  return fit({
    steps,
    signal,
    onProgress,
    yieldEvery: onProgress ? 1 : 0,
    learningRate: (it) => warmupCosine(it, steps, { lr: config.lr, lrEnd: config.lrEnd }),
    step: (_, optimizer) => optimizerStep(optimizer, params, () => model.loss(data)),
  });
}

function mse(model: AugmentedNODE, data: CrossingData): number {
  return tf.tidy(() => model.loss(data).loss.dataSync()[0]);
}

export function anodeToyRecipe(
  config: AnodeToyConfig = ANODE_TOY_CONFIG,
): Recipe<AugmentedNODE, AnodeToyConfig> {
  const trainData = (seed: number) =>
    makeCrossingData({ perSide: config.perSide, jitter: config.jitter, seed });
  return {
    ...anodeToyPreset(config),
    async train(model, { steps, seed, onProgress, signal }) {
      const data = trainData(seed);
      try {
        await fitCrossing(model, data, config, steps, onProgress, signal);
      } finally {
        disposeCrossingData(data);
      }
    },
    async evaluate(model, { fast }) {
      const perSide = fast ? 10 : 50;
      const test = makeCrossingData({ perSide, jitter: config.jitter, seed: ANODE_HELD_OUT_SEED });
      const plain = new AugmentedNODE({
        augmentDims: 0,
        hidden: config.hidden,
        seed: PLAIN_NODE_SEED,
      });
      const data = fast
        ? makeCrossingData({ perSide: 8, jitter: config.jitter, seed: PLAIN_NODE_SEED })
        : trainData(PLAIN_NODE_SEED);
      try {
        await fitCrossing(plain, data, config, fast ? config.plainStepsFast : config.plainSteps);
        return { "ANODE MSE": mse(model, test), "plain NODE MSE": mse(plain, test) };
      } finally {
        // The field's dispose also frees its cached transposed weights (AugmentedNODE.dispose
        // frees only the variables).
        plain.field.dispose();
        disposeCrossingData(data);
        disposeCrossingData(test);
      }
    },
    targets: { "ANODE MSE": { max: 0.01 }, "plain NODE MSE": { min: 0.5 } },
  };
}

export const anodeToy: Recipe<AugmentedNODE, AnodeToyConfig> = anodeToyRecipe();
