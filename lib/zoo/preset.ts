/**
 * A model preset: one shipped model as the course defines it — its name, configuration, how to
 * build it untrained, and what its numbers are measured on. Browser-safe (no Deno API, no npm
 * data): the pages build the shipped models from their presets, the training recipes in
 * scripts/recipes/ add training and evaluation to them.
 */
import type { Module } from "../nn/module.ts";

export interface Preset<M extends Module = Module, C = unknown> {
  /** Folder and file stem in weights/, e.g. "vae-mnist". */
  name: string;
  /** One line for tables: the model and its data. */
  description: string;
  /** What the held-out metrics are measured on, for tables: e.g. "official MNIST test set". */
  heldOut: string;
  /** Default training seed and number of optimiser steps. */
  seed: number;
  steps: number;
  /** The configuration the model is built (and trained) with. */
  config: C;
  /**
   * An untrained model with the shipped architecture: the weights' shapes and every build option
   * they do not show (activation, solver), so shipped weights load into it as trained.
   */
  build(seed: number): M;
}
