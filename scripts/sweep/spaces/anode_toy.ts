/**
 * anode-toy's search space: learning rate, field width and number of augmented dimensions of
 * the crossing toy's ANODE, trained by the shipped recipe (`anodeToyRecipe(config)`). Small and
 * quick (a trial of a few dozen steps takes about a second): the space the sweep tests use.
 *
 * Selection metric: "validation MSE" on 50 points a side from a fixed seed that is neither a
 * training seed nor the recipe's held-out seed.
 */
import * as tf from "@tensorflow/tfjs";
import { disposeCrossingData, makeCrossingData } from "../../../lib/data/crossing.ts";
import { ANODE_TOY_CONFIG } from "../../../lib/zoo/anode_toy.ts";
import { anodeToyRecipe } from "../../recipes/anode_toy.ts";
import { disposeModel, type SweepSpace } from "../space.ts";

export const ANODE_VALIDATION_SEED = 2_000_005;

export const anodeToySpace: SweepSpace = {
  model: "anode-toy",
  description: "ANODE on the 1-D crossing toy, trained by scripts/recipes/anode_toy.ts",
  metric: "validation MSE",
  goal: "min",
  defaultSteps: ANODE_TOY_CONFIG.steps,
  params: [
    {
      name: "lr",
      description: "peak Adam learning rate (cosine decay to lrEnd)",
      type: "float",
      min: 1e-4,
      max: 1,
      log: true,
      default: ANODE_TOY_CONFIG.lr,
    },
    {
      name: "width",
      description: "units of each of the field's two hidden layers",
      type: "int",
      min: 2,
      max: 256,
      log: true,
      default: ANODE_TOY_CONFIG.hidden[0],
    },
    {
      name: "augment",
      description: "extra zero dimensions (0: a plain NODE, which cannot cross)",
      type: "int",
      min: 0,
      max: 8,
      default: ANODE_TOY_CONFIG.augmentDims,
    },
  ],
  async runTrial(settings, { seed, signal, onProgress }) {
    const steps = settings.steps as number;
    const width = settings.width as number;
    const recipe = anodeToyRecipe({
      ...ANODE_TOY_CONFIG,
      hidden: [width, width],
      augmentDims: settings.augment as number,
      lr: settings.lr as number,
      steps,
    });
    const model = recipe.build(seed);
    const validation = makeCrossingData({
      perSide: 50,
      jitter: ANODE_TOY_CONFIG.jitter,
      seed: ANODE_VALIDATION_SEED,
    });
    try {
      await recipe.train(model, { steps, seed, signal, onProgress: onProgress ?? (() => {}) });
      if (signal?.aborted) return undefined;
      const mse = tf.tidy(() => model.loss(validation).loss.dataSync()[0]);
      return { "validation MSE": mse };
    } finally {
      disposeCrossingData(validation);
      disposeModel(model);
    }
  },
};
