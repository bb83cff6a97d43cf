/**
 * The training preamble the recipes share: one Adam optimiser whose learning rate a schedule sets
 * before every step, run by trainLoop (progress, cancellation), and disposed however the run ends.
 * What a step does (its batch, its gradient, what it logs) stays the caller's.
 */
import * as tf from "@tensorflow/tfjs";
import { setLearningRate } from "./learning_rate.ts";
import { type ProgressInfo, type StepResult, trainLoop, type TrainResult } from "./loop.ts";

export interface FitOptions {
  /** Optimiser steps. */
  steps: number;
  /** The learning rate of step `iteration` (0-based), set before that step. */
  learningRate: (iteration: number) => number;
  /**
   * One step: apply `optimizer` (e.g. optimizerStep(optimizer, params, lossFn)) and return the
   * loss before it, with named terms if any.
   */
  step: (
    iteration: number,
    optimizer: tf.Optimizer,
  ) => number | StepResult | Promise<number | StepResult>;
  onProgress?: (info: ProgressInfo) => void | Promise<void>;
  /** Progress every this many steps (trainLoop's reportEvery, default 1). */
  reportEvery?: number;
  signal?: AbortSignal;
  /** Yield to the event loop every this many steps (trainLoop's yieldEvery, default 1; 0 never). */
  yieldEvery?: number;
}

/** Trains with Adam for `steps` steps under the `learningRate` schedule; see FitOptions. */
export async function fit(options: FitOptions): Promise<TrainResult> {
  const { steps, learningRate, step, ...loop } = options;
  const optimizer = tf.train.adam(learningRate(0));
  try {
    return await trainLoop({
      ...loop,
      iterations: steps,
      step: (it) => {
        setLearningRate(optimizer, learningRate(it));
        return step(it, optimizer);
      },
    });
  } finally {
    optimizer.dispose();
  }
}
