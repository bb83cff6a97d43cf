/**
 * The course's models by name, for their cards: a shipped model as its preset builds it, the
 * library's defaults for a model without one, and what weights/manifest.json says about its
 * training (the manifest is passed in: reading it is the caller's, Deno or a build).
 */
import { describeModel, type DescribeOptions } from "../cards/card.ts";
import type { ModelCard, TrainingInfo } from "../cards/types.ts";
import type { Manifest } from "../io/manifest.ts";
import { BayesianNODE } from "../models/bnn_node.ts";
import type { Module } from "../nn/module.ts";
import { ANODE_TOY } from "./anode_toy.ts";
import { CNF_CIRCLES } from "./cnf_circles.ts";
import { LATENT_ODE_SPIRALS } from "./latent_ode_spirals.ts";
import { NODE_VDP } from "./node_vdp.ts";
import { ODENET_MNIST } from "./odenet_mnist.ts";
import { ODEVAE_ROTMNIST } from "./odevae_rotmnist.ts";
import type { Preset } from "./preset.ts";
import { VAE_MNIST } from "./vae_mnist.ts";

interface CardSource {
  build(seed: number): Module;
  description: string;
  seed?: number;
}

const SOURCES: Record<string, CardSource> = {
  "node-vdp": NODE_VDP,
  // No preset: the library's defaults.
  "bnn-node": {
    build: (seed) => new BayesianNODE({ seed }),
    description: "BNN-NODE (mean-field Bayesian MLP 2→64→64→2, elu, rk4) for noisy Van der Pol " +
      "(no recipe: the library's defaults)",
  },
  "vae-mnist": VAE_MNIST,
  "odevae-rotmnist": ODEVAE_ROTMNIST,
  "latent-ode-spirals": LATENT_ODE_SPIRALS,
  "odenet-mnist": ODENET_MNIST,
  "cnf-circles": CNF_CIRCLES,
  "anode-toy": ANODE_TOY,
} satisfies Record<string, CardSource | Preset<Module>>;

/** Every model that has a card, in the course's order. */
export const CARD_MODELS: readonly string[] = Object.keys(SOURCES);

export class UnknownModelError extends Error {
  override name = "UnknownModelError";
  constructor(readonly model: string) {
    super(`unknown model "${model}". Valid models: ${CARD_MODELS.join(", ")}`);
  }
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
 * The card of a course model: built as shipped (seed from the manifest, else the preset's),
 * described, and freed again.
 */
export function modelCard(
  name: string,
  manifest: Manifest,
  options: Pick<DescribeOptions, "batchSizes"> = {},
): ModelCard {
  const src = SOURCES[name];
  if (!src) throw new UnknownModelError(name);
  const training = trainingInfo(manifest, name);
  const model = src.build(training?.seed ?? src.seed ?? 0);
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
