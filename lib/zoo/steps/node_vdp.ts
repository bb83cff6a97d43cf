/**
 * Lecture 2's live training step (site: node.runtime.ts): the NODE 2-64-64-2 (ELU, RK4 on the
 * data grid) fitted to one random window of the noisy Van der Pol series by one Adam step.
 */
import * as tf from "@tensorflow/tfjs";
import { subsequenceBatch } from "../../data/vdp.ts";
import { NeuralODE } from "../../models/node.ts";
import { Rng } from "../../prob/random.ts";
import type { DemoStep } from "../../train/demo_step.ts";
import { adam } from "../../train/fused_adam.ts";

/** The demo's solver: RK4 on the data grid, no finiteness check (a read per step). */
export const NODE_DEMO_SOLVER = { method: "rk4" as const, checkFinite: false };

export interface NodeDemoSeries {
  t: number[];
  /** [T][N][2] noisy observations. */
  observed: number[][][];
}

/** One Adam step on the `length` points from `start`; the loss read with `await data()`. */
export async function nodeWindowStep(
  model: NeuralODE,
  optimizer: tf.Optimizer,
  observed: tf.Tensor3D,
  t: number[],
  start: number,
  length: number,
): Promise<number> {
  const batch = subsequenceBatch(observed, t, [start], length);
  try {
    const loss = optimizer.minimize(() => model.loss(batch).loss, true, model.parameters())!;
    const [value] = await loss.data();
    loss.dispose();
    return value;
  } finally {
    tf.dispose([batch.y0, batch.target]);
  }
}

/** The demo's step from its seeds: a fresh model (seed 0) and windows drawn by Rng(1). */
export function nodeDemoStep(
  data: NodeDemoSeries,
  options: { lr?: number; window?: number } = {},
): DemoStep {
  const length = options.window ?? 10;
  const model = new NeuralODE({ seed: 0, solver: NODE_DEMO_SOLVER });
  const optimizer = adam(options.lr ?? 0.01);
  const observed = tf.tensor3d(data.observed);
  const rng = new Rng(1);
  return {
    step: () =>
      nodeWindowStep(model, optimizer, observed, data.t, rng.int(data.t.length - length), length),
    dispose() {
      model.dispose();
      optimizer.dispose();
      observed.dispose();
    },
  };
}
