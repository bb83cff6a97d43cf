/**
 * Runs a sweep: the planned trials one after another, skipping those already in the results
 * file (so running the same command again resumes), writing the files after every finished
 * trial, and stopping cleanly when the signal fires: the trial in progress is abandoned (its
 * training stops at the next step) and every finished one stays on disk.
 */
import type { ProgressInfo } from "../../lib/train/loop.ts";
import { type Axes, settingsKey } from "./plan.ts";
import {
  bestTrial,
  readResults,
  type SweepResults,
  type SweepRun,
  type TrialRecord,
  writeResults,
} from "./results.ts";
import {
  type Hyperparameter,
  type Settings,
  SweepArgumentError,
  type SweepSpace,
} from "./space.ts";

export type SweepEvent =
  | { type: "trial-start"; index: number; total: number; settings: Settings }
  | { type: "trial-progress"; index: number; total: number; progress: ProgressInfo }
  | { type: "trial-done"; index: number; total: number; record: TrialRecord }
  | { type: "trial-resumed"; index: number; total: number; record: TrialRecord }
  | { type: "stopped"; index: number; total: number };

export interface SweepOptions {
  space: SweepSpace;
  /** The hyperparameters the plan was made with (allParameters(space, steps)). */
  params: Hyperparameter[];
  trials: Settings[];
  plan: { kind: "grid" | "random"; axes: Axes; n?: number };
  seed: number;
  outDir: string;
  /** The command line, recorded in the results file. */
  command: string;
  backend: string;
  hardware: string;
  signal?: AbortSignal;
  onEvent?: (event: SweepEvent) => void;
}

/** What resuming compares: every hyperparameter and the seed. */
export function trialKey(params: readonly Hyperparameter[], settings: Settings, seed: number) {
  return `${settingsKey(params, settings)} seed=${seed}`;
}

function freshResults(options: SweepOptions): SweepResults {
  const { space } = options;
  return {
    model: space.model,
    description: space.description,
    metric: space.metric,
    goal: space.goal,
    parameters: options.params,
    hardware: options.hardware,
    wallTimeSeconds: 0,
    trials: [],
    best: null,
    runs: [],
  };
}

const round1 = (x: number) => Math.round(x * 10) / 10;

export async function runSweep(options: SweepOptions): Promise<SweepResults> {
  const { space, params, trials, seed, outDir, signal, onEvent } = options;
  const existing = await readResults(outDir);
  if (existing && (existing.model !== space.model || existing.metric !== space.metric)) {
    throw new SweepArgumentError(
      `${outDir} holds a sweep of ${existing.model} (metric ${existing.metric}), not of ` +
        `${space.model}. Fix: pass another --out folder.`,
    );
  }
  const results = existing ?? freshResults(options);
  const run: SweepRun = {
    command: options.command,
    plan: { ...options.plan, trials: trials.length },
    seed,
    startedAt: new Date().toISOString(),
    trialsRun: 0,
    wallTimeSeconds: 0,
    status: "running",
  };
  results.runs.push(run);
  const started = performance.now();
  const save = async () => {
    run.wallTimeSeconds = round1((performance.now() - started) / 1000);
    results.wallTimeSeconds = round1(results.trials.reduce((s, t) => s + t.wallTimeSeconds, 0));
    results.best = bestTrial(results.trials, space.goal);
    await writeResults(outDir, results);
  };
  await save();

  const total = trials.length;
  try {
    for (const [i, settings] of trials.entries()) {
      const index = i + 1;
      const key = trialKey(params, settings, seed);
      const done = results.trials.find((t) => t.key === key);
      if (done) {
        onEvent?.({ type: "trial-resumed", index, total, record: done });
        continue;
      }
      if (signal?.aborted) {
        onEvent?.({ type: "stopped", index, total });
        break;
      }
      onEvent?.({ type: "trial-start", index, total, settings });
      const t0 = performance.now();
      let record: TrialRecord;
      try {
        const metrics = await space.runTrial(settings, {
          seed,
          signal,
          onProgress: (progress) => onEvent?.({ type: "trial-progress", index, total, progress }),
        });
        if (metrics === undefined || signal?.aborted) {
          onEvent?.({ type: "stopped", index, total });
          break;
        }
        const metric = metrics[space.metric];
        if (typeof metric !== "number") {
          throw new Error(`${space.model}: the trial returned no "${space.metric}" metric`);
        }
        record = {
          trial: index,
          key,
          settings,
          seed,
          metrics,
          metric: Number.isFinite(metric) ? metric : null,
          wallTimeSeconds: round1((performance.now() - t0) / 1000),
          backend: options.backend,
          finishedAt: new Date().toISOString(),
        };
      } catch (error) {
        if (signal?.aborted) {
          onEvent?.({ type: "stopped", index, total });
          break;
        }
        // A trial that fails (e.g. training diverged at a large learning rate) is a result too.
        if (!(error instanceof Error) || error instanceof SweepArgumentError) throw error;
        record = {
          trial: index,
          key,
          settings,
          seed,
          metrics: {},
          metric: null,
          error: error.message,
          wallTimeSeconds: round1((performance.now() - t0) / 1000),
          backend: options.backend,
          finishedAt: new Date().toISOString(),
        };
      }
      results.trials.push(record);
      run.trialsRun++;
      await save();
      onEvent?.({ type: "trial-done", index, total, record });
    }
  } finally {
    const finished = trials.every((s) =>
      results.trials.some((t) => t.key === trialKey(params, s, seed))
    );
    run.status = finished ? "complete" : "interrupted";
    run.endedAt = new Date().toISOString();
    await save();
  }
  return results;
}
