/**
 * The system check's benchmarks, run on whatever tfjs backend is active: the same code computes
 * the reference numbers at build time (cpu backend, src/pages/system-check.astro) and the
 * device's numbers in the learner's browser (check.runtime.ts), so the two can be
 * compared number for number.
 *
 * - training: lecture 2's demo exactly (NODE 2-64-64-2 ELU, RK4 on the data grid, one window of
 *   10 points × 10 trajectories, Adam lr 0.01); a fixed sequence of windows; the first losses are
 *   the correctness check (they depend on the forward pass, the gradients and Adam's update).
 * - solvers: Van der Pol µ = 1 from [1, 0] on [0, 15]: RK4 on a 300-step grid, and dopri5 at
 *   rtol 1e-3 / atol 1e-4 (torchdiffeq takes 338 evaluations on this problem).
 * Every figure reads its result asynchronously (no dataSync inside the timed training loop).
 */
import * as tf from "@tensorflow/tfjs";
import { NeuralODE } from "../../../lib/models/node.ts";
import { nodeWindowStep } from "../../../lib/zoo/steps/node_vdp.ts";
import { vanDerPolField } from "../../../lib/data/vdp.ts";
import { linspace } from "../../../lib/data/linspace.ts";
import { solveAsync } from "../../../lib/ode/mod.ts";
import { adam } from "../../../lib/train/fused_adam.ts";

export const WINDOW = 10;
export const LEARNING_RATE = 0.01;
/** Steps whose losses are compared with the reference (the first is before any update). */
export const CHECKED_STEPS = 3;
export const RK4_STEPS = 300;
export const DOPRI5 = { rtol: 1e-3, atol: 1e-4, outputs: 500, tEnd: 15 } as const;
/** torchdiffeq's evaluation count for DOPRI5's setting (DESIGN.md, reference numbers). */
export const TORCHDIFFEQ_DOPRI5_NFE = 338;

/** Lecture 2's data, as the page embeds it. */
export interface TrainingData {
  t: number[];
  /** [T][N][2] noisy observations. */
  observed: number[][][];
}

export interface TrainingFigures {
  /** Losses of the first CHECKED_STEPS steps (warm-up, untimed). */
  checkedLosses: number[];
  /** Timed steps after the warm-up. */
  steps: number;
  ms: number;
  stepsPerSecond: number;
  lastLoss: number;
}

export interface SolverFigures {
  method: "rk4" | "dopri5";
  /** Solver steps per solve (accepted + rejected for dopri5). */
  stepsPerSolve: number;
  nfe: number;
  solves: number;
  ms: number;
  stepsPerSecond: number;
  /** State at t = 15. */
  final: number[];
}

export interface Budget {
  /** Checked (untimed) training steps, at most CHECKED_STEPS (default all of them). */
  checkedSteps?: number;
  /** Solve once untimed before timing (default true; the tests' quick mode skips it). */
  warmup?: boolean;
  /** Timed training steps at most (default 30). */
  steps?: number;
  /**
   * Stop timing a part after this many milliseconds (default 4000 for training, 2000 for a
   * solver), once 1 training step or 1 solve is done.
   */
  ms?: number;
}

/** The window start of step k: a fixed walk over [0, T − WINDOW) that covers the series. */
export function windowStart(k: number, T: number): number {
  return (k * 7) % (T - WINDOW);
}

const nextFrame = () => new Promise<void>((r) => setTimeout(r, 0));

/** Trains lecture 2's NODE from its seed; returns the checked losses and the timed speed. */
export async function trainingBenchmark(
  data: TrainingData,
  budget: Budget = {},
): Promise<TrainingFigures> {
  const maxSteps = budget.steps ?? 30;
  const maxMs = budget.ms ?? 4000;
  const model = new NeuralODE({ seed: 0, solver: { method: "rk4", checkFinite: false } });
  const optimizer = adam(LEARNING_RATE);
  const observed = tf.tensor3d(data.observed);
  const T = data.t.length;
  const step = (k: number): Promise<number> =>
    nodeWindowStep(model, optimizer, observed, data.t, windowStart(k, T), WINDOW);
  try {
    const checkedLosses: number[] = [];
    const checked = Math.min(Math.max(budget.checkedSteps ?? CHECKED_STEPS, 1), CHECKED_STEPS);
    for (let k = 0; k < checked; k++) checkedLosses.push(await step(k));
    let steps = 0;
    let lastLoss = checkedLosses[checked - 1];
    const started = performance.now();
    // At least one timed step; a slow backend (10 s a step on a software GPU) stops there.
    while (steps < maxSteps && (steps < 1 || performance.now() - started < maxMs)) {
      lastLoss = await step(checked + steps);
      steps++;
    }
    const ms = performance.now() - started;
    return { checkedLosses, steps, ms, stepsPerSecond: (1000 * steps) / ms, lastLoss };
  } finally {
    optimizer.dispose();
    model.dispose();
    observed.dispose();
  }
}

/** Van der Pol solves with one method, repeated until the budget is spent (one warm-up first). */
export async function solverBenchmark(
  method: "rk4" | "dopri5",
  budget: Budget = {},
): Promise<SolverFigures> {
  const maxMs = budget.ms ?? 2000;
  const field = vanDerPolField(1);
  const options = method === "rk4"
    ? { method, checkFinite: false }
    : { method, rtol: DOPRI5.rtol, atol: DOPRI5.atol };
  const t = method === "rk4"
    ? linspace(0, DOPRI5.tEnd, RK4_STEPS + 1)
    : linspace(0, DOPRI5.tEnd, DOPRI5.outputs);
  const once = async () => {
    const y0 = tf.tensor1d([1, 0]);
    // Awaited reads: dopri5 reads one number per step, and a blocking read on WebGPU stalls.
    const { ys, stats } = await solveAsync(field, y0, t, options);
    const values = await ys.data();
    tf.dispose([y0, ys]);
    const final = Array.from(values.slice(values.length - 2));
    const steps = method === "rk4" ? RK4_STEPS : stats.accepted + stats.rejected;
    return { final, steps, nfe: stats.nfe };
  };
  // Warm-up: shader compilation, wasm instantiation (untimed unless the budget skips it).
  const beforeFirst = performance.now();
  const first = await once();
  const timeFirst = budget.warmup === false;
  let solves = timeFirst ? 1 : 0;
  const started = timeFirst ? beforeFirst : performance.now();
  while (solves < 1 || (performance.now() - started < maxMs && solves < 50)) {
    await once();
    solves++;
    await nextFrame();
  }
  const ms = performance.now() - started;
  return {
    method,
    stepsPerSolve: first.steps,
    nfe: first.nfe,
    solves,
    ms,
    stepsPerSecond: (1000 * solves * first.steps) / ms,
    final: first.final,
  };
}

/** What the build computes on the cpu backend and the page compares against. */
export interface ReferenceFigures {
  checkedLosses: number[];
  rk4Final: number[];
  dopri5Final: number[];
  dopri5Nfe: number;
}

export async function referenceFigures(data: TrainingData): Promise<ReferenceFigures> {
  const training = await trainingBenchmark(data, { steps: 0 });
  const rk4 = await solverBenchmark("rk4", { ms: 0, warmup: false });
  const dopri5 = await solverBenchmark("dopri5", { ms: 0, warmup: false });
  return {
    checkedLosses: training.checkedLosses,
    rk4Final: rk4.final,
    dopri5Final: dopri5.final,
    dopri5Nfe: dopri5.nfe,
  };
}
