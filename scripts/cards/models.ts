/**
 * The course's models by name, for their cards: the shipped architecture where a recipe exists
 * (scripts/recipes: `build(seed)`), the library's defaults otherwise, and what
 * weights/manifest.json says about their training.
 */
import { describeModel, type DescribeOptions } from "../../lib/cards/card.ts";
import type { ModelCard, TrainingInfo } from "../../lib/cards/types.ts";
import { BayesianNODE } from "../../lib/models/bnn_node.ts";
import type { Module } from "../../lib/nn/module.ts";
import { RECIPES } from "../recipes/mod.ts";
import { type Manifest, readManifest } from "../weights_manifest.ts";

interface CardSource {
  build(seed: number): Module;
  description: string;
}

/** Models without a recipe: built with the library's defaults. */
const EXTRA: Record<string, CardSource> = {
  "bnn-node": {
    build: (seed) => new BayesianNODE({ seed }),
    description: "BNN-NODE (mean-field Bayesian MLP 2→64→64→2, elu, rk4) for noisy Van der Pol " +
      "(no recipe: the library's defaults)",
  },
};

/** Every model that has a card, in the course's order. */
export const CARD_MODELS: readonly string[] = [
  "node-vdp",
  "bnn-node",
  "vae-mnist",
  "odevae-rotmnist",
  "latent-ode-spirals",
  "odenet-mnist",
  "cnf-circles",
  "anode-toy",
].filter((n) => n in RECIPES || n in EXTRA);

export class UnknownModelError extends Error {
  override name = "UnknownModelError";
  constructor(readonly model: string) {
    super(`unknown model "${model}". Valid models: ${CARD_MODELS.join(", ")}`);
  }
}

function source(name: string): CardSource {
  const recipe = RECIPES[name];
  if (recipe) return { build: (s) => recipe.build(s), description: recipe.description };
  if (EXTRA[name]) return EXTRA[name];
  throw new UnknownModelError(name);
}

/** The training record of a shipped model, from the manifest. */
export function trainingInfo(manifest: Manifest, name: string): TrainingInfo | undefined {
  const e = manifest.models[name];
  if (!e) return undefined;
  return {
    command: e.command,
    seed: e.seed,
    steps: e.steps,
    wallTimeSeconds: e.wallTimeSeconds,
    backend: e.backend,
    hardware: e.hardware,
    trainedAt: e.trainedAt,
    metrics: e.metrics,
    targets: e.targets,
  };
}

/**
 * The card of a course model: built as shipped (seed from the manifest, else the recipe's),
 * described, and freed again.
 */
export async function modelCard(
  name: string,
  options: Pick<DescribeOptions, "batchSizes"> & { manifest?: Manifest } = {},
): Promise<ModelCard> {
  const src = source(name);
  const manifest = options.manifest ?? await readManifest();
  const training = trainingInfo(manifest, name);
  const model = src.build(training?.seed ?? RECIPES[name]?.seed ?? 0);
  try {
    return describeModel(model, {
      name,
      description: src.description,
      training,
      batchSizes: options.batchSizes,
    });
  } finally {
    model.dispose();
  }
}
