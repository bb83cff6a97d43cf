/**
 * node-vdp: a Neural ODE for noisy Van der Pol trajectories (lecture 2). MLP 2→64→64→2 with tanh
 * (a direct regression on the true field fits it about 6× better with tanh than with elu),
 * stepped by rk4 on the observation grid. Training: scripts/recipes/node_vdp.ts.
 */
import { NeuralODE } from "../models/node.ts";
import type { Activation } from "../nn/fused_mlp.ts";
import type { Preset } from "./preset.ts";

/** Seed of the held-out initial states (never used for training). */
export const VDP_HELD_OUT_SEED = 1_000_003;
/** Spacing of the observation grid, t = linspace(0, 10, 50). */
export const VDP_GRID_DT = 10 / 49;

export interface NodeVdpConfig {
  hidden: number[];
  activation: Activation;
  /** rk4 steps per observation interval (training and evaluation alike). */
  substeps: number;
  /** Training trajectories (the lecture's live demo uses 10; the shipped model sees more). */
  trajectories: number;
  steps: number;
  /** Peak learning rate (after a short warm-up), decayed by a cosine to `lrEnd`. */
  lr: number;
  lrEnd: number;
  /**
   * Curriculum on the window length: [fraction of the run, length] points, linearly
   * interpolated (and held after the last point).
   */
  curriculum: [number, number][];
  /**
   * Observed points per step (windows × (length − 1)): the number of start indices per batch
   * (all trajectories each) is this over N·(L − 1), at least one, so a step costs about the
   * same at every window length.
   */
  pointsPerStep: number;
  /** Learn each trajectory's clean initial state; windows starting at t = 0 start there. */
  learnX0: boolean;
  /** Largest global gradient norm of a step (larger ones are scaled down). */
  clipNorm: number;
  noiseStd?: number;
}

export const NODE_VDP_CONFIG: NodeVdpConfig = {
  hidden: [64, 64],
  activation: "tanh",
  substeps: 1,
  trajectories: 120,
  steps: 2000,
  lr: 1e-2,
  lrEnd: 2e-4,
  curriculum: [[0, 10], [0.2, 10], [0.8, 50]],
  pointsPerStep: 20_000,
  learnX0: true,
  clipNorm: 1,
};

/** The rk4 solver of a config: `substeps` steps per observation interval. */
export function nodeVdpSolver(config: NodeVdpConfig): { method: "rk4"; stepSize: number } {
  return { method: "rk4", stepSize: VDP_GRID_DT / config.substeps };
}

export function nodeVdpPreset(
  config: NodeVdpConfig = NODE_VDP_CONFIG,
): Preset<NeuralODE, NodeVdpConfig> {
  return {
    name: "node-vdp",
    heldOut: "10 new initial states (fixed seed)",
    description:
      `NODE (MLP 2→${config.hidden.join("→")}→2, ${config.activation}, rk4) on noisy Van der ` +
      `Pol (µ = 1, ${config.trajectories} trajectories, σ = 0.1)`,
    seed: 0,
    steps: config.steps,
    config,
    build: (seed) =>
      new NeuralODE({
        hidden: config.hidden,
        activation: config.activation,
        seed,
        solver: nodeVdpSolver(config),
      }),
  };
}

/** The shipped node-vdp. */
export const NODE_VDP: Preset<NeuralODE, NodeVdpConfig> = nodeVdpPreset();
