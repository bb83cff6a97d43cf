/**
 * odenet-mnist: ODE-Net (Chen et al. 2018, §7) classifying MNIST digits (lecture 6). Two strided
 * 3×3 convs with GroupNorm to 16 channels at 7×7, an ODE block integrated by rk4 with two steps
 * (NFE 8, at training and at evaluation), a flattening head. Training and evaluation:
 * scripts/recipes/odenet_mnist.ts.
 */
import { OdeNet, type OdeNetOptions } from "../models/odenet.ts";
import type { SolveOptions } from "../ode/options.ts";
import type { Preset } from "./preset.ts";

export const ODENET_MNIST_CONFIG = {
  channels: 16,
  groups: 4,
  head: "flatten" as const,
  solver: { method: "rk4" as const, stepSize: 0.5 },
  batchSize: 64,
  lr: 1e-2,
  warmupSteps: 100,
  /** Largest random shift (pixels) of a training digit along each axis. */
  maxShift: 2,
  steps: 12000,
};

export type OdeNetMnistConfig = typeof ODENET_MNIST_CONFIG;

/** The OdeNet options of the shipped model, all but the seed (pages subclass OdeNet with them). */
export const ODENET_MNIST_ARCHITECTURE: Omit<OdeNetOptions, "seed" | "solver"> & {
  solver: SolveOptions;
} = {
  channels: ODENET_MNIST_CONFIG.channels,
  groups: ODENET_MNIST_CONFIG.groups,
  norm: "group",
  head: ODENET_MNIST_CONFIG.head,
  solver: ODENET_MNIST_CONFIG.solver,
};

/**
 * The fast held-out subset: every 10th official test digit (1,000, all classes; the manifest's
 * metricsFast).
 */
export const ODENET_FAST_STRIDE = 10;
/**
 * The quicker subset the pages evaluate again and again (while training, per solver setting):
 * every 50th official test digit (200).
 */
export const ODENET_QUICK_STRIDE = 50;

export const ODENET_MNIST: Preset<OdeNet, OdeNetMnistConfig> = {
  name: "odenet-mnist",
  heldOut: "official MNIST test set (10,000)",
  description: `ODE-Net (conv ↓2 ×2 → ${ODENET_MNIST_CONFIG.channels} ch, GroupNorm, ODE block ` +
    "rk4 2 steps, flatten → linear) on the 60,000 MNIST training digits, ±2 px shifts",
  seed: 0,
  steps: ODENET_MNIST_CONFIG.steps,
  config: ODENET_MNIST_CONFIG,
  build: (seed) => new OdeNet({ ...ODENET_MNIST_ARCHITECTURE, seed }),
};
