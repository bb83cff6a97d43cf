/// <reference path="../env.d.ts" />
/**
 * The system check's heavy part (loaded by dynamic import when the learner presses Run): every
 * tfjs backend in turn — initialise it (with a timeout), run the training and solver benchmarks
 * of bench.ts, and compare the numbers with the build's cpu reference.
 */
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../../lib/backend.ts";
import {
  type Budget,
  type ReferenceFigures,
  solverBenchmark,
  trainingBenchmark,
  type TrainingData,
} from "./bench.ts";
import { type BackendName, type BackendResult, BACKENDS, compareWithReference } from "./verdict.ts";

export interface CheckOptions {
  data: TrainingData;
  reference: ReferenceFigures;
  /** Training budget per backend; solvers get a third of its milliseconds each. */
  budget: Budget;
  /** Check only these backends (the others are reported as skipped); default all. */
  only?: BackendName[];
  /** Milliseconds a backend may take to initialise. */
  initTimeoutMs: number;
  /** Called when a backend starts ("running") and when its result is in. */
  onUpdate(
    result: BackendResult | { backend: BackendName; status: "running"; phase: string },
  ): void;
}

class Timeout extends Error {}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout>;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Timeout(`${what} took longer than ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function checkBackend(name: BackendName, options: CheckOptions): Promise<BackendResult> {
  const update = (phase: string) => options.onUpdate({ backend: name, status: "running", phase });
  update("starting");
  const started = performance.now();
  try {
    const wasmPaths = new URL(`${import.meta.env.BASE_URL}tfjs-wasm/`, location.href).href;
    const report = await withTimeout(
      initBackend({ order: [name], wasmPaths }),
      options.initTimeoutMs,
      "initialisation",
    );
    if (report.name !== name) throw new Error(`tfjs started ${report.name} instead`);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // initBackend lists why each backend failed; keep the reason only.
    const reason = message.replace(
      /^no tfjs backend could be initialised: \w+ \((.*)\)\..*$/s,
      "$1",
    );
    return { backend: name, status: error instanceof Timeout ? "failed" : "unavailable", reason };
  }
  const initMs = performance.now() - started;
  const solverBudget = { ms: (options.budget.ms ?? 4000) / 3, warmup: options.budget.warmup };
  const problems: string[] = [];
  /** Runs one part; a throw is recorded as a problem, not the end of the backend's check. */
  const part = async <T>(label: string, run: () => Promise<T>): Promise<T | undefined> => {
    update(label);
    try {
      return await run();
    } catch (error) {
      problems.push(`${label} failed: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    }
  };
  const training = await part("training", () => trainingBenchmark(options.data, options.budget));
  const rk4 = await part("RK4", () => solverBenchmark("rk4", solverBudget));
  const dopri5 = await part("dopri5", () => solverBenchmark("dopri5", solverBudget));
  const comparison = compareWithReference(
    {
      losses: training?.checkedLosses,
      rk4: rk4?.final,
      dopri5: dopri5?.final,
      nfe: dopri5?.nfe,
    },
    {
      losses: options.reference.checkedLosses,
      rk4: options.reference.rk4Final,
      dopri5: options.reference.dopri5Final,
      nfe: options.reference.dopri5Nfe,
    },
  );
  const status: BackendResult["status"] = !comparison.ok
    ? "wrong"
    : !training
    ? "failed"
    : problems.length > 0
    ? "partial"
    : "ok";
  return {
    backend: name,
    status,
    initMs,
    totalMs: performance.now() - started,
    trainingStepsPerSecond: training?.stepsPerSecond,
    rk4StepsPerSecond: rk4?.stepsPerSecond,
    dopri5StepsPerSecond: dopri5?.stepsPerSecond,
    dopri5Nfe: dopri5?.nfe,
    problems,
    reason: problems.join("; ") || undefined,
    check: comparison.detail,
  };
}

/** Runs every backend in turn (the page keeps working between steps). */
export async function runSystemCheck(options: CheckOptions): Promise<BackendResult[]> {
  tf.enableProdMode();
  const results: BackendResult[] = [];
  for (const name of BACKENDS) {
    const result: BackendResult = options.only && !options.only.includes(name)
      ? { backend: name, status: "skipped" }
      : await checkBackend(name, options);
    results.push(result);
    options.onUpdate(result);
  }
  return results;
}

/** tfjs's version, for the copied report. */
export const TFJS_VERSION = tf.version.tfjs;
