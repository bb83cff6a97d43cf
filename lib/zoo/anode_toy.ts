/**
 * anode-toy: an augmented Neural ODE (1 + 2 dims, MLP 32→32, rk4) on the 1-D crossing toy
 * (lecture 8): points near −1 must go to +1 and points near +1 to −1 under the time-1 flow; a
 * plain 1-D NODE (augmentDims 0, same field width) cannot. Training and evaluation:
 * scripts/recipes/anode_toy.ts.
 */
import { AugmentedNODE } from "../models/anode.ts";
import type { Preset } from "./preset.ts";

/** Seed of the held-out points (never used for training). */
export const ANODE_HELD_OUT_SEED = 1_000_005;
/** Seed of the plain NODE's weights and of its training data. */
export const PLAIN_NODE_SEED = 0;

export interface AnodeToyConfig {
  hidden: number[];
  augmentDims: number;
  steps: number;
  lr: number;
  lrEnd: number;
  perSide: number;
  jitter: number;
  /** Steps of the plain NODE trained in `evaluate` (full, fast). */
  plainSteps: number;
  plainStepsFast: number;
}

export const ANODE_TOY_CONFIG: AnodeToyConfig = {
  hidden: [32, 32],
  augmentDims: 2,
  steps: 600,
  lr: 1e-2,
  lrEnd: 1e-4,
  perSide: 32,
  jitter: 0.1,
  plainSteps: 300,
  plainStepsFast: 100,
};

export function anodeToyPreset(
  config: AnodeToyConfig = ANODE_TOY_CONFIG,
): Preset<AugmentedNODE, AnodeToyConfig> {
  return {
    name: "anode-toy",
    heldOut: "held-out points, 50 a side (fixed seed)",
    description: `ANODE (1 + ${config.augmentDims} dims, MLP ${config.hidden.join("→")}, rk4) on ` +
      "the 1-D crossing toy (±1 ↦ ∓1), vs a plain 1-D NODE",
    seed: 0,
    steps: config.steps,
    config,
    build: (seed) =>
      new AugmentedNODE({ augmentDims: config.augmentDims, hidden: config.hidden, seed }),
  };
}

/** The shipped anode-toy. */
export const ANODE_TOY: Preset<AugmentedNODE, AnodeToyConfig> = anodeToyPreset();
