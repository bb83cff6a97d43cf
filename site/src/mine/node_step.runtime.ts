/**
 * Mine build only: lecture 2's training step through the exercise kit's `optimizerStep` (task
 * 6.3), so a learner who wrote it sees it train the Neural ODE. The normal demo's step
 * (lib/zoo/steps/node_vdp.ts: nodeWindowStep) does the same Adam step but reads the loss with an
 * awaited `data()`; optimizerStep's contract reads it synchronously, which blocks a GPU backend
 * for a moment per step — acceptable for a learner's own build, not for the course's default.
 */
import * as tf from "@tensorflow/tfjs";
import { subsequenceBatch } from "../../../lib/data/vdp.ts";
import type { NeuralODE } from "../../../lib/models/node.ts";
import { optimizerStep } from "../../../lib/train/step.ts";

/** One Adam step on the `length` points from `start`; returns the loss before the step. */
export function mineNodeWindowStep(
  model: NeuralODE,
  optimizer: tf.Optimizer,
  observed: tf.Tensor3D,
  t: number[],
  start: number,
  length: number,
): Promise<number> {
  const batch = subsequenceBatch(observed, t, [start], length);
  try {
    return Promise.resolve(
      optimizerStep(optimizer, model.parameters(), () => model.loss(batch)).loss,
    );
  } finally {
    tf.dispose([batch.y0, batch.target]);
  }
}
