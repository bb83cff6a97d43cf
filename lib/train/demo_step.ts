/**
 * A demo's training step on its own: the model, optimiser and data of one live demo behind a
 * `step()`, with nothing drawn. The page's "auto" backend times it on each backend, the browser
 * benchmark counts its kernels, and Deno runs the very same step on wasm to compare.
 */
import * as tf from "@tensorflow/tfjs";

export interface DemoStep {
  /** One optimiser step; resolves with its loss, read asynchronously (no blocking read). */
  step(): Promise<number>;
  /** Frees every tensor the step holds (its model, optimiser and data). */
  dispose(): void;
}

/** How long to warm a step up and then time it. */
export interface StepBudget {
  /** Timed steps at most. */
  steps: number;
  /** Timed milliseconds at most (at least one step is timed). */
  ms: number;
  /** Untimed steps first, at most (default 20)… */
  warmupSteps?: number;
  /** …or untimed milliseconds, whichever ends first (default 1500). */
  warmupMs?: number;
}

/**
 * Steps per second of `step` once warm. The JIT tiers a step's JavaScript up over its first tens of
 * calls: measured on lecture 2's step in Chromium on wasm, 20 steps after a single warm-up step
 * ran at 25 steps/s and the 60 after them at 64, so a rate taken right after one step says more
 * about the compiler than the backend. The browser benchmark times the page and Deno alike with it.
 */
export async function warmStepsPerSecond(
  step: () => Promise<unknown>,
  budget: StepBudget,
): Promise<{ stepsPerSecond: number; steps: number }> {
  const warmupSteps = budget.warmupSteps ?? 20;
  const warmupMs = budget.warmupMs ?? 1500;
  const warming = performance.now();
  for (let i = 0; i < warmupSteps && performance.now() - warming < warmupMs; i++) await step();
  let steps = 0;
  const started = performance.now();
  while (steps < budget.steps && (steps < 1 || performance.now() - started < budget.ms)) {
    await step();
    steps++;
  }
  return { stepsPerSecond: (1000 * steps) / (performance.now() - started), steps };
}

/** What the browser benchmark measures of a step: its warm rate and its kernels per step. */
export interface StepMeasure {
  stepsPerSecond: number;
  steps: number;
  /** Kernels one step dispatches (tf.profile around it). */
  kernels: number;
}

/**
 * The browser benchmark's measure of a step that already ran once, the same in the page and in
 * Deno (scripts/bench_browser.ts compares the two): warmed up and timed first, its kernels counted
 * on one more step after. A profiled step runs every kernel through tfjs's profiler, so it comes
 * last: before, only the page's timing followed one, and the two sides were not timed alike.
 */
export async function measureStep(
  step: () => Promise<unknown>,
  budget: StepBudget,
): Promise<StepMeasure> {
  const timed = await warmStepsPerSecond(step, budget);
  const profile = await tf.profile(() => step() as Promise<void>);
  return { ...timed, kernels: profile.kernels.length };
}
