/**
 * node-vdp: a Neural ODE fitted to noisy Van der Pol trajectories (lecture section 2).
 *
 * Data: µ = 1, 40 trajectories (the live demo fits 10) from x0 ~ U[−3, 3]², t = linspace(0, 10, 50), noise σ = 0.1,
 * seeded by the recipe's seed. Training: Adam on random sub-sequences (all 10 trajectories from
 * several start indices per batch), with a curriculum on the sub-sequence length — short windows
 * first (the field's local shape is learned quickly and the loss surface is benign), then longer
 * ones, ending with whole trajectories, which is what long-horizon accuracy is measured on.
 *
 * Held-out metric: 10 NEW initial states (a fixed seed, not the training seed) integrated by the
 * model over t ∈ [0, 10], against the exact (noise-free) Van der Pol solution at the 50 grid
 * times; RMSE over every time, trajectory and coordinate. The model's own solver (rk4 stepping
 * on the grid, as in training) gives the trajectories; "NFE/forward" is its cost for one whole
 * trajectory batch.
 */
import * as tf from "@tensorflow/tfjs";
import { disposeBatch, disposeVdpData, makeVdpData, subsequenceBatch } from "../../lib/data/vdp.ts";
import { NeuralODE } from "../../lib/models/node.ts";
import { solve } from "../../lib/ode/mod.ts";
import { Rng } from "../../lib/prob/random.ts";
import { trainLoop } from "../../lib/train/loop.ts";
import type { Metrics, Recipe } from "./recipe.ts";
import { cosineLr, setLearningRate } from "./schedules.ts";

/** Seed of the held-out initial states (never used for training). */
export const VDP_HELD_OUT_SEED = 1_000_003;

export interface NodeVdpConfig {
  hidden: number[];
  steps: number;
  /** Peak learning rate (after a short warm-up), decayed by a cosine to `lrEnd`. */
  lr: number;
  lrEnd: number;
  /**
   * Curriculum on the window length: [fraction of the run, length] points, linearly
   * interpolated (and held after the last point).
   */
  curriculum: [number, number][];
  /** Most start indices per batch (every start while fewer exist); all 10 trajectories each. */
  maxStarts: number;
  /** Fit the windows from learned clean-state estimates instead of the noisy observations. */
  latentStates: boolean;
  noiseStd?: number;
  /** Training trajectories (the lecture's live demo uses 10; the shipped model sees more). */
  trajectories: number;
  /** Largest global gradient norm of a step (larger ones are scaled down). */
  clipNorm: number;
}

export const NODE_VDP_CONFIG: NodeVdpConfig = {
  hidden: [64, 64],
  steps: 1500,
  lr: 1e-2,
  lrEnd: 2e-4,
  curriculum: [[0, 10], [0.2, 10], [0.9, 50]],
  maxStarts: 41,
  latentStates: false,
  trajectories: 40,
  clipNorm: 1,
};

/** The window length at an iteration: the curriculum's piecewise-linear ramp. */
export function windowLength(config: NodeVdpConfig, iteration: number, steps: number): number {
  const p = iteration / steps;
  const points = config.curriculum;
  if (p <= points[0][0]) return points[0][1];
  for (let i = 1; i < points.length; i++) {
    const [f0, l0] = points[i - 1];
    const [f1, l1] = points[i];
    if (p < f1) return Math.round(l0 + (l1 - l0) * (p - f0) / (f1 - f0));
  }
  return points[points.length - 1][1];
}

/**
 * One Adam step with the gradient's global norm clipped to `maxNorm`: the loss of a long window
 * can be orders of magnitude steeper than that of a short one (errors compound along it), and
 * an unclipped step at a curriculum switch can throw the field far off.
 */
function clippedStep(
  optimizer: tf.Optimizer,
  params: tf.Variable[],
  maxNorm: number,
  lossFn: () => tf.Scalar,
): { loss: number; norm: number } {
  const { value, grads } = tf.variableGrads(lossFn, params);
  try {
    const norm = tf.tidy(() =>
      tf.sqrt(tf.addN(Object.values(grads).map((g) => tf.sum(tf.square(g))))).dataSync()[0]
    );
    const scale = Math.min(1, maxNorm / (norm + 1e-12));
    tf.tidy(() => {
      optimizer.applyGradients(
        Object.fromEntries(Object.entries(grads).map(([k, g]) => [k, tf.mul(g, scale)])),
      );
    });
    return { loss: value.dataSync()[0], norm };
  } finally {
    tf.dispose([value, ...Object.values(grads)]);
  }
}

export function nodeVdpRecipe(config: NodeVdpConfig = NODE_VDP_CONFIG): Recipe<NeuralODE> {
  return {
    name: "node-vdp",
    description:
      `NODE (MLP 2→${config.hidden.join("→")}→2, elu, rk4) on noisy Van der Pol (µ = 1, ` +
      `${config.trajectories} trajectories, σ = 0.1)`,
    seed: 0,
    steps: config.steps,
    build: (seed) => new NeuralODE({ hidden: config.hidden, seed }),
    async train(model, { steps, seed, onProgress, signal }) {
      const data = makeVdpData({
        seed,
        count: config.trajectories,
        noiseStd: config.noiseStd ?? 0.1,
      });
      const rng = new Rng(seed + 1);
      const [T, N] = data.observed.shape;
      // Training-only estimates of the clean state at every observation (see the header).
      const states = config.latentStates ? tf.variable(data.observed.clone(), true) : undefined;
      const optimizer = tf.train.adam(config.lr);
      const params = states ? [...model.parameters(), states] : model.parameters();
      try {
        await trainLoop({
          iterations: steps,
          signal,
          onProgress,
          step: (it) => {
            const length = windowLength(config, it, steps);
            setLearningRate(optimizer, cosineLr(it, steps, config.lr, config.lrEnd));
            const chosen = rng.sample(T - length + 1, Math.min(config.maxStarts, T - length + 1));
            const batch = subsequenceBatch(data.observed, data.t, chosen, length);
            try {
              const result = clippedStep(optimizer, params, config.clipNorm, () =>
                tf.tidy(() => {
                  const y0 = states
                    ? tf.reshape(
                      tf.concat(chosen.map((s) => tf.slice(states, [s, 0, 0], [1, N, 2])), 1),
                      [-1, 2],
                    )
                    : batch.y0;
                  const pred = model.predict(y0, batch.t);
                  return tf.mean(tf.square(tf.sub(pred, batch.target))) as tf.Scalar;
                }));
              return { loss: result.loss, terms: { L: length, "|g|": result.norm } };
            } finally {
              disposeBatch(batch);
            }
          },
        });
      } finally {
        optimizer.dispose();
        states?.dispose();
        disposeVdpData(data);
      }
    },
    evaluate(model, { fast }) {
      const data = makeVdpData({ seed: VDP_HELD_OUT_SEED, count: fast ? 4 : 10, noiseStd: 0 });
      try {
        return tf.tidy(() => {
          const y0 = tf.tensor2d(data.x0);
          const { ys, stats } = solve(model.f, y0, data.t, model.solver);
          const rmse = Math.sqrt(tf.mean(tf.square(tf.sub(ys, data.clean))).dataSync()[0]);
          return { "held-out RMSE": rmse, "NFE/forward": stats.nfe } satisfies Metrics;
        });
      } finally {
        disposeVdpData(data);
      }
    },
    targets: { "held-out RMSE": { max: 0.1 } },
  };
}

export const nodeVdp: Recipe<NeuralODE> = nodeVdpRecipe();
