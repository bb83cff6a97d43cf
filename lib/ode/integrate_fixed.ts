/**
 * The fixed-grid loop (euler, midpoint, heun, rk4, rk4_38). The grid is the requested times, or
 * a uniform grid of `stepSize` ending exactly at the last time (as torchdiffeq builds it).
 * Outputs between grid points use cubic Hermite interpolation; the f(t1, y1) it needs is reused
 * as the next step's first stage, so interpolation costs at most one extra evaluation per solve.
 */
import * as tf from "@tensorflow/tfjs";
import { NonFiniteStateError, StepBudgetError } from "./errors.ts";
import { hermite } from "./interpolate.ts";
import type { ResolvedOptions } from "./options.ts";
import { rkStep } from "./rk_step.ts";
import type { Reads } from "./reads.ts";
import { nonFiniteProbe, type State, type StateField } from "./state.ts";
import type { SolveStats } from "./stats.ts";

/** Number of steps of the uniform grid from start to end with spacing h. */
export function uniformSteps(start: number, end: number, h: number): number {
  return Math.max(1, Math.ceil((end - start) / h - 1e-9));
}

/** start, start + h, …, then the end itself; a last gap shorter than 1e-9·h is merged. */
export function uniformGrid(start: number, end: number, h: number): number[] {
  const steps = uniformSteps(start, end, h);
  const grid = Array.from({ length: steps }, (_, i) => start + i * h);
  grid.push(end);
  return grid;
}

/**
 * Times must be strictly increasing (the caller flips backward problems). Yields its one read,
 * the finiteness check of the outputs, when options.checkFinite asks for it (see reads.ts).
 */
export function* integrateFixed(
  f: StateField,
  y0: State,
  ts: number[],
  o: ResolvedOptions,
  stats: SolveStats,
): Reads<State[]> {
  const end = ts[ts.length - 1];
  const steps = o.stepSize === undefined ? ts.length - 1 : uniformSteps(ts[0], end, o.stepSize);
  if (steps > o.maxSteps) {
    throw new StepBudgetError(
      o.timeSign * ts[0],
      0,
      `the grid needs ${steps} steps but options.maxSteps = ${o.maxSteps}`,
    );
  }
  const grid = o.stepSize === undefined ? ts : uniformGrid(ts[0], end, o.stepSize);
  // Output times this close to a grid point are that grid point (float rounding of i·h).
  const snap = o.stepSize === undefined ? 0 : 1e-9 * o.stepSize;
  const outputs: State[] = [y0.map((x) => x.clone())];
  let y = y0;
  let fy: State | undefined;
  const dropCurrent = () => {
    if (y !== y0) tf.dispose(y);
    if (fy) tf.dispose(fy);
  };
  try {
    let j = 1;
    for (let n = 0; j < ts.length; n++) {
      const t0 = grid[n];
      const t1 = grid[n + 1];
      const dt = t1 - t0;
      const f0 = fy ?? f(t0, y);
      fy = f0;
      const yPrev = y;
      const y1 = tf.tidy(() => rkStep(f, o.tableau, t0, dt, yPrev, f0).y1);
      stats.accepted++;
      let f1: State | undefined;
      for (; j < ts.length && ts[j] <= t1 + snap; j++) {
        if (Math.abs(ts[j] - t1) <= snap) {
          outputs.push(y1.map((x) => x.clone()));
        } else {
          f1 ??= f(t1, y1);
          const x = (ts[j] - t0) / dt;
          const f1Now = f1;
          outputs.push(tf.tidy(() => hermite(x, dt, yPrev, f0, y1, f1Now)));
        }
      }
      dropCurrent();
      y = y1;
      fy = f1;
    }
    if (o.checkFinite) yield* assertFiniteOutputs(outputs, ts, o.timeSign);
    return outputs;
  } catch (error) {
    outputs.forEach((s) => tf.dispose(s));
    throw error;
  } finally {
    dropCurrent();
  }
}

function* assertFiniteOutputs(outputs: State[], ts: number[], sign: number): Reads<void> {
  const probes = yield tf.tidy(() => tf.stack(outputs.map((s) => nonFiniteProbe(s))));
  const bad = probes.findIndex((p) => !Number.isFinite(p));
  if (bad >= 0) throw new NonFiniteStateError(sign * ts[bad], "the solution");
}
