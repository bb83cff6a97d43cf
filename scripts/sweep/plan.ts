/**
 * Which trials a sweep runs: a grid (every combination of the listed values) or N seeded random
 * settings. Axes come from the command line as `key=v1,v2,…` (values) or `key=lo:hi` (a range,
 * random search only); hyperparameters without an axis keep their defaults. Every trial is
 * identified by its settings key, which is how a resumed sweep recognises finished trials.
 */
import { Rng } from "../../lib/prob/random.ts";
import {
  findParameter,
  type Hyperparameter,
  parseValue,
  type Settings,
  SweepArgumentError,
  type Value,
} from "./space.ts";

/** Values to take, or (random search) a range to sample from. */
export type Axis = { values: Value[] } | { min: number; max: number };

export type Axes = Record<string, Axis>;

/** Parses `key=v1,v2` and `key=lo:hi` specs against the hyperparameters. */
export function parseAxes(params: readonly Hyperparameter[], specs: string[], model: string): Axes {
  const axes: Axes = {};
  for (const spec of specs) {
    const eq = spec.indexOf("=");
    if (eq <= 0) {
      throw new SweepArgumentError(
        `"${spec}" is not key=v1,v2,… or key=lo:hi (e.g. lr=1e-3,3e-3 or lr=1e-4:1e-2)`,
      );
    }
    const name = spec.slice(0, eq);
    const text = spec.slice(eq + 1);
    const p = findParameter(params, name, model);
    if (name in axes) throw new SweepArgumentError(`${name} is given twice`);
    const range = /^([^:,]+):([^:,]+)$/.exec(text);
    if (range && p.type !== "choice") {
      const [lo, hi] = [parseValue(p, range[1]), parseValue(p, range[2])] as number[];
      if (!(lo < hi)) throw new SweepArgumentError(`${name}=${text}: the range needs lo < hi`);
      axes[name] = { min: lo, max: hi };
    } else {
      const values = text.split(",").map((v) => parseValue(p, v.trim()));
      if (new Set(values).size !== values.length) {
        throw new SweepArgumentError(`${name}=${text} repeats a value`);
      }
      axes[name] = { values };
    }
  }
  return axes;
}

function defaults(params: readonly Hyperparameter[]): Settings {
  return Object.fromEntries(params.map((p) => [p.name, p.default]));
}

/** Every combination of the axes' values (the first axis varies slowest). */
export function gridPlan(params: readonly Hyperparameter[], axes: Axes): Settings[] {
  const entries = Object.entries(axes);
  if (entries.length === 0) {
    throw new SweepArgumentError("--grid needs at least one key=v1,v2,… (e.g. lr=1e-3,3e-3)");
  }
  let plans: Settings[] = [defaults(params)];
  for (const [name, axis] of entries) {
    if (!("values" in axis)) {
      throw new SweepArgumentError(
        `${name}=${axis.min}:${axis.max}: a grid needs listed values (ranges are for --random)`,
      );
    }
    plans = plans.flatMap((s) => axis.values.map((v) => ({ ...s, [name]: v })));
  }
  return plans;
}

/** A number rounded to 3 significant digits (sampled values stay readable in keys and tables). */
const readable = (x: number) => Number(x.toPrecision(3));

function sample(p: Hyperparameter, axis: Axis | undefined, rng: Rng): Value {
  if (axis && "values" in axis) return axis.values[rng.int(axis.values.length)];
  if (p.type === "choice") return p.choices![rng.int(p.choices!.length)];
  const lo = axis ? axis.min : p.min!;
  const hi = axis ? axis.max : p.max!;
  if (p.type === "int") {
    if (p.log && lo > 0) {
      const x = Math.exp(rng.uniform(Math.log(lo - 0.5 + 1e-9), Math.log(hi + 0.5)));
      return Math.min(hi, Math.max(lo, Math.round(x)));
    }
    return lo + rng.int(hi - lo + 1);
  }
  const x = p.log && lo > 0
    ? Math.exp(rng.uniform(Math.log(lo), Math.log(hi)))
    : rng.uniform(lo, hi);
  return Math.min(hi, Math.max(lo, readable(x)));
}

/**
 * `n` distinct seeded random settings. With axes, only those hyperparameters vary (each within
 * its axis); without, every hyperparameter but `steps` varies over its whole valid range.
 */
export function randomPlan(
  params: readonly Hyperparameter[],
  axes: Axes,
  n: number,
  seed: number,
): Settings[] {
  if (!Number.isInteger(n) || n < 1) {
    throw new SweepArgumentError(`--random needs a whole number of trials ≥ 1, got ${n}`);
  }
  const varied = Object.keys(axes).length > 0
    ? params.filter((p) => p.name in axes)
    : params.filter((p) => p.name !== "steps");
  const rng = new Rng(seed);
  const seen = new Set<string>();
  const out: Settings[] = [];
  for (let attempt = 0; out.length < n && attempt < 100 * n; attempt++) {
    const s = defaults(params);
    for (const p of varied) s[p.name] = sample(p, axes[p.name], rng);
    const key = settingsKey(params, s);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(s);
  }
  return out;
}

/** "latent=8 lr=0.003 steps=1000": every hyperparameter, in the space's order. */
export function settingsKey(params: readonly Hyperparameter[], settings: Settings): string {
  return params.map((p) => `${p.name}=${settings[p.name]}`).join(" ");
}

/** Only the hyperparameters that differ between trials (for tables): "latent=8 lr=0.003". */
export function variedKey(
  params: readonly Hyperparameter[],
  plan: readonly Settings[],
  settings: Settings,
): string {
  const varied = params.filter((p) => new Set(plan.map((s) => s[p.name])).size > 1);
  return (varied.length ? varied : params).map((p) => `${p.name}=${settings[p.name]}`).join(" ");
}
