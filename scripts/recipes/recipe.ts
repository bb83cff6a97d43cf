/**
 * A training recipe: how one shipped model is built, trained and evaluated. `deno task train`
 * runs `train`, saves the module with lib/io and records the recipe's metrics in
 * weights/manifest.json; `deno task evaluate` and the tests rebuild the model, load the weights
 * and call `evaluate`.
 */
import type { Module } from "../../lib/nn/module.ts";
import type { ProgressInfo } from "../../lib/train/loop.ts";

/** Named metric values, e.g. { "test −ELBO/image": 104.2, "NFE/forward": 26 }. */
export type Metrics = Record<string, number>;

/** One logged step of a training history: `step` (optimiser steps done) and named values. */
export type HistoryRow = { step: number } & Record<string, number>;

/**
 * What a recipe recorded while training, if it records anything: `deno task train` saves it
 * beside the weights as weights/<model>/history.json (listed and hashed in the manifest).
 */
export interface TrainingHistory {
  /** The manifest metric the last row's values correspond to, e.g. "train −ELBO/trajectory". */
  metric: string;
  /** Optimiser steps between rows (the last row is at the final step in any case). */
  every: number;
  /** What each column of a row holds. */
  columns: Record<string, string>;
  /** Rows in order of increasing step. */
  rows: HistoryRow[];
}

export interface Recipe<M extends Module = Module> {
  /** Folder and file stem in weights/, e.g. "vae-mnist". */
  name: string;
  /** One line for tables: the model and its data. */
  description: string;
  /** What `evaluate` measures on, for tables: e.g. "official MNIST test set (10,000)". */
  heldOut: string;
  /** Default seed and number of optimiser steps (overridable on the command line). */
  seed: number;
  steps: number;
  /**
   * Build options the weights' shapes do not show (an activation, the solver), recorded in the
   * manifest so that a page rebuilding the model from the shipped files builds the same one.
   */
  architecture?: Record<string, string | number | boolean>;
  /** Builds an untrained model with the shipped architecture (same shapes as the weights). */
  build(seed: number): M;
  /**
   * Trains in place for `steps` optimiser steps, reporting progress; resolves when done, with
   * the training history when the recipe records one.
   */
  train(
    model: M,
    options: {
      steps: number;
      seed: number;
      onProgress: (p: ProgressInfo) => void;
      signal?: AbortSignal;
    },
  ): Promise<TrainingHistory | void>;
  /**
   * Held-out metrics. `fast` evaluates a small fixed subset (seconds, for tests); the full
   * evaluation is what the manifest records. Both are deterministic.
   */
  evaluate(model: M, options: { fast: boolean }): Promise<Metrics> | Metrics;
  /**
   * Bounds each metric must satisfy, checked after training and by the tests: e.g.
   * { "test accuracy": { min: 0.98 } }.
   */
  targets: Record<string, { min?: number; max?: number }>;
}
