/**
 * cnf-circles: a continuous normalising flow (torchdiffeq's hypernetwork field, exact trace, rk4)
 * fitted to two concentric circles (noise 0.06, inner radius 0.5), lecture 7, and the Gaussian
 * baseline its held-out likelihood is compared with. Training and evaluation:
 * scripts/recipes/cnf_circles.ts.
 */
import type { Toy2dData } from "../data/toy2d.ts";
import { CNF } from "../models/cnf.ts";
import type { Preset } from "./preset.ts";

/** Seed of the held-out test set (never used for training). */
export const CIRCLES_HELD_OUT_SEED = 1_000_007;
/** Held-out points, and the fast subset (the first FAST_SIZE of them). */
export const CIRCLES_TEST_SIZE = 2000;
export const CIRCLES_FAST_SIZE = 256;

export interface CnfCirclesConfig {
  /** Hypernet: target-net width and hidden units. */
  width: number;
  hidden: number;
  /** rk4 step on [0, 1]. */
  stepSize: number;
  steps: number;
  batch: number;
  trainSize: number;
  lr: number;
  lrEnd: number;
}

export const CNF_CIRCLES_CONFIG: CnfCirclesConfig = {
  width: 32,
  hidden: 32,
  stepSize: 0.125,
  steps: 3000,
  batch: 256,
  trainSize: 10_000,
  lr: 1e-2,
  lrEnd: 1e-4,
};

/** Mean log-density per point of a Gaussian with the sample mean and covariance of `fit`. */
export function gaussianBaseline(fit: Toy2dData, test: Float32Array): number {
  let mx = 0, my = 0;
  for (let i = 0; i < fit.n; i++) {
    mx += fit.points[2 * i];
    my += fit.points[2 * i + 1];
  }
  mx /= fit.n;
  my /= fit.n;
  let sxx = 0, sxy = 0, syy = 0;
  for (let i = 0; i < fit.n; i++) {
    const dx = fit.points[2 * i] - mx;
    const dy = fit.points[2 * i + 1] - my;
    sxx += dx * dx;
    sxy += dx * dy;
    syy += dy * dy;
  }
  [sxx, sxy, syy] = [sxx / fit.n, sxy / fit.n, syy / fit.n];
  const det = sxx * syy - sxy * sxy;
  const n = test.length / 2;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const dx = test[2 * i] - mx;
    const dy = test[2 * i + 1] - my;
    const q = (syy * dx * dx - 2 * sxy * dx * dy + sxx * dy * dy) / det;
    total += -Math.log(2 * Math.PI) - 0.5 * Math.log(det) - 0.5 * q;
  }
  return total / n;
}

export function cnfCirclesPreset(
  config: CnfCirclesConfig = CNF_CIRCLES_CONFIG,
): Preset<CNF, CnfCirclesConfig> {
  const solver = { method: "rk4" as const, stepSize: config.stepSize };
  return {
    name: "cnf-circles",
    heldOut: "2,000 held-out points (fixed seed)",
    description: `CNF (hypernet field, width ${config.width}, exact trace, rk4 h = ` +
      `${config.stepSize}) on two circles (noise 0.06, factor 0.5)`,
    seed: 0,
    steps: config.steps,
    config,
    build: (seed) =>
      new CNF({ hyper: { width: config.width, hidden: config.hidden, seed }, solver }),
  };
}

/** The shipped cnf-circles. */
export const CNF_CIRCLES: Preset<CNF, CnfCirclesConfig> = cnfCirclesPreset();
