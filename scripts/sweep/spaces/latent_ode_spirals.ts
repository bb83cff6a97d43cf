/**
 * latent-ode-spirals' search space: the encoder (the course's backward ODE-RNN, or the source
 * notebook's forward ODE over the interpolated observations) and the learning rate, trained by
 * the shipped recipe itself (`latentOdeSpiralsRecipe(config)`) on the same data with the same
 * seed and steps.
 *
 * Selection metric: "validation −ELBO/trajectory", measured as the recipe measures its held-out
 * −ELBO but on 50 spirals generated from another seed, so the recipe's held-out spirals play no
 * part in a choice. The recipe's held-out −ELBO, extrapolation RMSE and training −ELBO are
 * recorded beside it.
 */
import { generateSpirals } from "../../../lib/data/spirals.ts";
import { LATENT_ODE_ENCODERS } from "../../../lib/models/latent_ode.ts";
import { LATENT_ODE_SPIRALS_CONFIG } from "../../../lib/zoo/latent_ode_spirals.ts";
import { elboTerms, latentOdeSpiralsRecipe } from "../../recipes/latent_ode_spirals.ts";
import { disposeModel, type SweepSpace } from "../space.ts";

/** Seed of the validation spirals (neither the data seed 0 nor a training seed). */
export const SPIRAL_VALIDATION_SEED = 2_000_007;

/** The recipe's metrics a trial records (the latent moments are left to the manifest). */
const RECORDED = ["eval −ELBO/trajectory", "extrapolation RMSE", "train −ELBO/trajectory"];

export const latentOdeSpiralsSpace: SweepSpace = {
  model: "latent-ode-spirals",
  description:
    "Latent ODE on 200 irregular noisy spirals, trained by scripts/recipes/latent_ode_spirals.ts",
  metric: "validation −ELBO/trajectory",
  goal: "min",
  defaultSteps: LATENT_ODE_SPIRALS_CONFIG.steps,
  params: [
    {
      name: "encoder",
      description: "ode-rnn: GRU updates, ODE backward between them; interpolated: one ODE " +
        "forward over the linearly interpolated observations",
      type: "choice",
      choices: LATENT_ODE_ENCODERS,
      default: LATENT_ODE_SPIRALS_CONFIG.encoder,
    },
    {
      name: "lr",
      description: "initial Adam learning rate (decayed exponentially to a tenth of it)",
      type: "float",
      min: 1e-4,
      max: 5e-2,
      log: true,
      default: LATENT_ODE_SPIRALS_CONFIG.lrStart,
    },
  ],
  async runTrial(settings, { seed, signal, onProgress }) {
    const steps = settings.steps as number;
    const lr = settings.lr as number;
    const recipe = latentOdeSpiralsRecipe({
      ...LATENT_ODE_SPIRALS_CONFIG,
      encoder: settings.encoder as (typeof LATENT_ODE_ENCODERS)[number],
      lrStart: lr,
      lrEnd: lr * (LATENT_ODE_SPIRALS_CONFIG.lrEnd / LATENT_ODE_SPIRALS_CONFIG.lrStart),
      steps,
    });
    const model = recipe.build(seed);
    try {
      await recipe.train(model, { steps, seed, signal, onProgress: onProgress ?? (() => {}) });
      if (signal?.aborted) return undefined;
      const validation = generateSpirals({ seed: SPIRAL_VALIDATION_SEED, count: 50, train: 0 });
      const heldOut = await recipe.evaluate(model, { fast: false });
      return {
        "validation −ELBO/trajectory": elboTerms(model, validation.eval).negElbo,
        ...Object.fromEntries(RECORDED.map((k) => [k, heldOut[k]])),
      };
    } finally {
      disposeModel(model);
    }
  },
};
