/**
 * A search space: a model's named hyperparameters (type, valid values, default), the held-out
 * metric a sweep selects on, and how one trial trains and evaluates a fresh model.
 * Values typed on the command line are parsed here, and refused with the list of valid ones.
 */
import { descendants } from "../../lib/cards/introspect.ts";
import type { Module } from "../../lib/nn/module.ts";
import type { ProgressInfo } from "../../lib/train/loop.ts";
import type { Metrics } from "../../lib/io/manifest.ts";

export type Value = number | string;
export type Settings = Record<string, Value>;

export interface Hyperparameter {
  name: string;
  description: string;
  type: "int" | "float" | "choice";
  /** int and float: inclusive bounds of the valid (and the random search's) range. */
  min?: number;
  max?: number;
  /** Random search samples on a log scale (learning rates, widths). */
  log?: boolean;
  /** choice: the valid values. */
  choices?: readonly string[];
  /** The shipped recipe's value: used for every hyperparameter a sweep does not vary. */
  default: Value;
}

export interface TrialOptions {
  seed: number;
  signal?: AbortSignal;
  onProgress?: (p: ProgressInfo) => void;
}

export interface SweepSpace {
  /** The model's name (as in scripts/recipes and weights/). */
  model: string;
  /** What a trial trains and on which data, in one line. */
  description: string;
  /** The held-out metric the sweep selects on: a key of runTrial's metrics. */
  metric: string;
  goal: "min" | "max";
  /** Optimiser steps per trial unless --steps or a `steps=` axis says otherwise. */
  defaultSteps: number;
  params: readonly Hyperparameter[];
  /**
   * Trains a fresh model with `settings` (every hyperparameter, `steps` included) and returns
   * its held-out metrics; undefined when the signal stopped it before the end.
   */
  runTrial(settings: Settings, options: TrialOptions): Promise<Metrics | undefined>;
}

/** Bad sweep input: an unknown hyperparameter, a bad value, a bad plan. */
export class SweepArgumentError extends Error {
  override name = "SweepArgumentError";
}

/** The optimiser-step budget, a hyperparameter of every space. */
export function stepsParameter(defaultSteps: number): Hyperparameter {
  return {
    name: "steps",
    description: "optimiser steps per trial (--steps sets the default)",
    type: "int",
    min: 1,
    max: 1_000_000,
    default: defaultSteps,
  };
}

/** The space's hyperparameters followed by `steps` (default: `steps` or the space's). */
export function allParameters(space: SweepSpace, steps?: number): Hyperparameter[] {
  return [...space.params, stepsParameter(steps ?? space.defaultSteps)];
}

/** "float in [0.0001, 0.03] (log scale)", "one of elu, relu", "int in [1, 64]". */
export function rangeText(p: Hyperparameter): string {
  if (p.type === "choice") return `one of ${p.choices!.join(", ")}`;
  return `${p.type} in [${p.min}, ${p.max}]${p.log ? " (log scale)" : ""}`;
}

/** One line per hyperparameter: name, valid values, default, meaning. */
export function parametersText(params: readonly Hyperparameter[]): string {
  const width = Math.max(...params.map((p) => p.name.length));
  const ranges = params.map(rangeText);
  const rangeWidth = Math.max(...ranges.map((r) => r.length));
  const defaults = params.map((p) => `default ${p.default}`);
  const defaultWidth = Math.max(...defaults.map((d) => d.length));
  return params
    .map((p, i) =>
      `  ${p.name.padEnd(width)}  ${ranges[i].padEnd(rangeWidth)}  ` +
      `${defaults[i].padEnd(defaultWidth)}  ${p.description}`
    )
    .join("\n");
}

/** The hyperparameter called `name`, or an error listing the valid ones. */
export function findParameter(params: readonly Hyperparameter[], name: string, model: string) {
  const p = params.find((q) => q.name === name);
  if (!p) {
    throw new SweepArgumentError(
      `unknown hyperparameter "${name}" for ${model}. Valid hyperparameters:\n` +
        parametersText(params),
    );
  }
  return p;
}

/** Parses one value typed for `p`; refuses anything outside its valid values. */
export function parseValue(p: Hyperparameter, text: string): Value {
  const bad = () =>
    new SweepArgumentError(
      `${p.name}=${text} is not valid: ${p.name} is ${rangeText(p)} (default ${p.default})`,
    );
  if (p.type === "choice") {
    if (!p.choices!.includes(text)) throw bad();
    return text;
  }
  const x = text.trim() === "" ? NaN : Number(text);
  if (!Number.isFinite(x) || x < p.min! || x > p.max!) throw bad();
  if (p.type === "int" && !Number.isInteger(x)) throw bad();
  return x;
}

/**
 * Frees a trained model entirely: every submodule's own dispose too (an MLP's frees its cached
 * transposed weights, which the model's dispose, freeing variables only, would leave).
 */
export function disposeModel(model: Module): void {
  for (const m of descendants(model)) m.dispose();
  model.dispose();
}
