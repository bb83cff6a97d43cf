/**
 * A training recipe: a model's preset (lib/zoo: name, config, build) with how it is trained and
 * evaluated. `deno task train` runs `train`, saves the module with lib/io and records the
 * recipe's metrics in weights/manifest.json; `deno task evaluate` and the tests rebuild the model
 * from the preset, load the weights and call `evaluate`.
 */
import type { Metrics, Targets, TrainingHistory } from "../../lib/io/manifest.ts";
import type { Module } from "../../lib/nn/module.ts";
import type { ProgressInfo } from "../../lib/train/loop.ts";
import type { Preset } from "../../lib/zoo/preset.ts";

// The files' types live in lib/io/manifest.ts (the pages read them too).
export type { HistoryRow, Metrics, TrainingHistory } from "../../lib/io/manifest.ts";

export interface Recipe<M extends Module = Module, C = unknown> extends Preset<M, C> {
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
  targets: Targets;
}
