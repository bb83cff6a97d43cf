/**
 * The types of weights/: manifest.json (what was shipped for each model, how it was made, what
 * it reached) and a model's history.json. One definition for the scripts that write and check
 * them, the site's build-time figures and the pages that fetch them. Types only: reading the
 * files is the caller's (Deno.readTextFile in scripts, fetch in a page).
 */

/** Named metric values, e.g. { "test −ELBO/image": 104.2, "NFE/forward": 26 }. */
export type Metrics = Record<string, number>;

/** Bounds a metric must satisfy, e.g. { "test accuracy": { min: 0.98 } }. */
export type Targets = Record<string, { min?: number; max?: number }>;

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

/** One model's entry in weights/manifest.json. */
export interface ModelEntry {
  /** sha256 of each file in weights/<name>/. */
  files: Record<string, string>;
  shapes: Record<string, number[]>;
  parameters: number;
  command: string;
  seed: number;
  steps: number;
  wallTimeSeconds: number;
  /**
   * CPU time of the training process (user + system, all threads), seconds: beside the wall
   * time, it shows whether other work on the machine stretched the run.
   */
  cpuSeconds?: number;
  backend: string;
  hardware: string;
  trainedAt: string;
  /** Full held-out evaluation. */
  metrics: Metrics;
  /** The fast subset's values, reproduced exactly by the tests. */
  metricsFast: Metrics;
  targets: Targets;
}

/** weights/manifest.json. How to build each model is its preset's (lib/zoo), not the manifest's. */
export interface Manifest {
  description: string;
  models: Record<string, ModelEntry>;
}
