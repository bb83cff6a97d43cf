/**
 * node-vdp's search space: learning rate, field width, depth and activation, gradient clipping
 * and the number of training trajectories of the Van der Pol Neural ODE, trained by the shipped
 * recipe itself (`nodeVdpRecipe(config)`, with the trial's values in the recipe's config).
 *
 * Selection metric: "validation RMSE", measured as the recipe measures its held-out RMSE (the
 * model's own solver from 10 initial states over t ∈ [0, 10], against the exact solution) but
 * from initial states of another fixed seed, so the recipe's held-out set stays untouched by
 * selection. The recipe's own "held-out RMSE" is recorded beside it.
 */
import * as tf from "@tensorflow/tfjs";
import { disposeVdpData, makeVdpData } from "../../../lib/data/vdp.ts";
import type { NeuralODE } from "../../../lib/models/node.ts";
import type { Activation } from "../../../lib/nn/fused_mlp.ts";
import { solve } from "../../../lib/ode/mod.ts";
import { NODE_VDP_CONFIG } from "../../../lib/zoo/node_vdp.ts";
import { nodeVdpRecipe } from "../../recipes/node_vdp.ts";
import { disposeModel, type SweepSpace } from "../space.ts";

/** Smooth activations only: a ReLU field is not differentiable where the solver needs it. */
const ACTIVATION_CHOICES: readonly Activation[] = ["tanh", "elu", "softplus", "sigmoid"];

/** Seed of the validation initial states (neither the training seed nor the recipe's test seed). */
export const VDP_VALIDATION_SEED = 2_000_003;

function validationRmse(model: NeuralODE): number {
  const data = makeVdpData({ seed: VDP_VALIDATION_SEED, count: 10, noiseStd: 0 });
  try {
    return tf.tidy(() => {
      const { ys } = solve(model.f, tf.tensor2d(data.x0), data.t, model.solver);
      return Math.sqrt(tf.mean(tf.square(tf.sub(ys, data.clean))).dataSync()[0]);
    });
  } finally {
    disposeVdpData(data);
  }
}

export const nodeVdpSpace: SweepSpace = {
  model: "node-vdp",
  description: "Neural ODE on noisy Van der Pol, trained by scripts/recipes/node_vdp.ts",
  metric: "validation RMSE",
  goal: "min",
  defaultSteps: NODE_VDP_CONFIG.steps,
  params: [
    {
      name: "lr",
      description: "peak Adam learning rate (warm-up, then cosine to lrEnd)",
      type: "float",
      min: 1e-4,
      max: 5e-2,
      log: true,
      default: NODE_VDP_CONFIG.lr,
    },
    {
      name: "width",
      description: "units per hidden layer of the field",
      type: "int",
      min: 4,
      max: 256,
      log: true,
      default: NODE_VDP_CONFIG.hidden[0],
    },
    {
      name: "depth",
      description: "hidden layers of the field",
      type: "int",
      min: 1,
      max: 4,
      default: NODE_VDP_CONFIG.hidden.length,
    },
    {
      name: "activation",
      description: "hidden activation of the field",
      type: "choice",
      choices: ACTIVATION_CHOICES,
      default: NODE_VDP_CONFIG.activation,
    },
    {
      name: "trajectories",
      description: "noisy training trajectories (held-out and validation sets are fixed)",
      type: "int",
      min: 1,
      max: 1000,
      log: true,
      default: NODE_VDP_CONFIG.trajectories,
    },
    {
      name: "clip",
      description: "largest global gradient norm of a step",
      type: "float",
      min: 0.01,
      max: 100,
      log: true,
      default: NODE_VDP_CONFIG.clipNorm,
    },
  ],
  async runTrial(settings, { seed, signal, onProgress }) {
    const steps = settings.steps as number;
    const recipe = nodeVdpRecipe({
      ...NODE_VDP_CONFIG,
      hidden: Array.from({ length: settings.depth as number }, () => settings.width as number),
      lr: settings.lr as number,
      activation: settings.activation as Activation,
      trajectories: settings.trajectories as number,
      clipNorm: settings.clip as number,
      steps,
    });
    const model = recipe.build(seed);
    try {
      await recipe.train(model, { steps, seed, signal, onProgress: onProgress ?? (() => {}) });
      if (signal?.aborted) return undefined;
      const heldOut = await recipe.evaluate(model, { fast: false });
      return { "validation RMSE": validationRmse(model), ...heldOut };
    } finally {
      disposeModel(model);
    }
  },
};
