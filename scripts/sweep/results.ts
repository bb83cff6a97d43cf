/**
 * A sweep's results file (results.json) and its table (results.csv): every finished trial with
 * its settings, held-out metrics and wall time; the best trial by the space's metric; and each
 * run of the sweep command (to resume one, run the same command again). Both files are
 * rewritten after every trial, atomically (written beside, then renamed), so a sweep stopped at
 * any moment leaves complete files with every finished trial.
 */
import { writeTextAtomically } from "../atomic_write.ts";
import type { Metrics } from "../../lib/io/manifest.ts";
import type { Axes } from "./plan.ts";
import { type Hyperparameter, type Settings, SweepArgumentError } from "./space.ts";

export interface TrialRecord {
  /** Position in the plan of the run that produced it (1-based). */
  trial: number;
  /** Settings and seed in one string: what resuming compares. */
  key: string;
  settings: Settings;
  seed: number;
  /** Held-out metrics; empty when the trial failed. */
  metrics: Metrics;
  /** The space's selection metric (null when the trial failed, e.g. training diverged). */
  metric: number | null;
  error?: string;
  wallTimeSeconds: number;
  backend: string;
  finishedAt: string;
}

export interface SweepRun {
  command: string;
  plan: { kind: "grid" | "random"; axes: Axes; trials: number; n?: number };
  seed: number;
  startedAt: string;
  endedAt?: string;
  /** Trials this run trained (finished ones it found in the file are not counted). */
  trialsRun: number;
  wallTimeSeconds: number;
  status: "running" | "complete" | "interrupted";
}

export interface SweepResults {
  model: string;
  description: string;
  metric: string;
  goal: "min" | "max";
  parameters: Hyperparameter[];
  hardware: string;
  /** Sum of the trials' wall times (training and evaluation), seconds. */
  wallTimeSeconds: number;
  trials: TrialRecord[];
  /** The trial with the best metric among `trials` (ties: the earliest). */
  best: TrialRecord | null;
  runs: SweepRun[];
}

/** The best finished trial: lowest (goal "min") or highest metric; failed trials never win. */
export function bestTrial(trials: readonly TrialRecord[], goal: "min" | "max"): TrialRecord | null {
  let best: TrialRecord | null = null;
  for (const t of trials) {
    if (t.metric === null || !Number.isFinite(t.metric)) continue;
    if (!best || (goal === "min" ? t.metric < best.metric! : t.metric > best.metric!)) best = t;
  }
  return best;
}

export function resultsPaths(dir: string): { json: string; csv: string } {
  const base = dir.endsWith("/") ? dir : `${dir}/`;
  return { json: `${base}results.json`, csv: `${base}results.csv` };
}

/** The results file in `dir`, or undefined when there is none yet. */
export async function readResults(dir: string): Promise<SweepResults | undefined> {
  const { json } = resultsPaths(dir);
  let text: string;
  try {
    text = await Deno.readTextFile(json);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return undefined;
    throw error;
  }
  try {
    const parsed = JSON.parse(text) as SweepResults;
    if (!Array.isArray(parsed.trials)) throw new Error("no trials array");
    return parsed;
  } catch (error) {
    throw new SweepArgumentError(
      `${json} is not a sweep results file (${(error as Error).message}). Fix: move it away, ` +
        "or pass another --out folder.",
    );
  }
}

function csvField(value: unknown): string {
  const s = value === null || value === undefined ? "" : String(value);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One row per trial: trial, settings columns, seed, every metric, wall time, error. */
export function resultsCsv(results: SweepResults): string {
  const params = results.parameters.map((p) => p.name);
  const metricNames = [...new Set(results.trials.flatMap((t) => Object.keys(t.metrics)))];
  const header = ["trial", ...params, "seed", ...metricNames, "wallTimeSeconds", "error"];
  const rows = results.trials.map((t) => [
    t.trial,
    ...params.map((p) => t.settings[p]),
    t.seed,
    ...metricNames.map((m) => t.metrics[m]),
    t.wallTimeSeconds,
    t.error ?? "",
  ]);
  return [header, ...rows].map((r) => r.map(csvField).join(",")).join("\n") + "\n";
}

/** Writes results.json and results.csv into `dir` (created if needed), each atomically. */
export async function writeResults(dir: string, results: SweepResults): Promise<void> {
  await Deno.mkdir(dir, { recursive: true });
  const { json, csv } = resultsPaths(dir);
  await writeTextAtomically(json, JSON.stringify(results, null, 2) + "\n");
  await writeTextAtomically(csv, resultsCsv(results));
}
