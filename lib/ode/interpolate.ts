/**
 * Dense output: the solution at a time inside a step, as ONE linear combination of tensors the
 * step already has (y0, y1 and the stages), with polynomial weights computed in plain numbers.
 * No coefficient tensors are built for steps that no output time falls into.
 */
import type { DenseOutput } from "./tableaux.ts";
import { lincomb, type State, type Term } from "./state.ts";

/**
 * Cubic Hermite through (y0, f0) and (y1, f1) at x = (t − t0)/dt ∈ [0, 1]: third-order accurate.
 */
export function hermite(
  x: number,
  dt: number,
  y0: State,
  f0: State,
  y1: State,
  f1: State,
): State {
  const x2 = x * x;
  const x3 = x2 * x;
  return lincomb([
    [y0, 2 * x3 - 3 * x2 + 1],
    [f0, dt * (x3 - 2 * x2 + x)],
    [y1, 3 * x2 - 2 * x3],
    [f1, dt * (x3 - x2)],
  ]);
}

/**
 * The quartic through y0, y1, f0 = k_1, f1 = k_s and the midpoint value
 * y_mid = y0 + dt·Σ mid_i·k_i (torchdiffeq's dopri5 interpolant), expanded so that the result is
 * one combination of y0, y1 and the stages:
 *   y(x) = (1 − 11x² + 18x³ − 8x⁴)·y0 + (−5x² + 14x³ − 8x⁴)·y1 + 16x²(1 − x)²·y_mid
 *        + dt·(x − 4x² + 5x³ − 2x⁴)·f0 + dt·(x² − 3x³ + 2x⁴)·f1.
 */
export function quartic(
  x: number,
  dt: number,
  mid: readonly number[],
  y0: State,
  y1: State,
  k: State[],
): State {
  const x2 = x * x;
  const x3 = x2 * x;
  const x4 = x3 * x;
  const wMid = 16 * x2 * (1 - x) * (1 - x);
  const wF0 = x - 4 * x2 + 5 * x3 - 2 * x4;
  const wF1 = x2 - 3 * x3 + 2 * x4;
  const last = k.length - 1;
  const stageWeights = k.map((_, i) =>
    dt * (wMid * mid[i] + (i === 0 ? wF0 : 0) + (i === last ? wF1 : 0))
  );
  return lincomb([
    [y0, 1 - 11 * x2 + 18 * x3 - 8 * x4 + wMid],
    [y1, -5 * x2 + 14 * x3 - 8 * x4],
    ...k.map((ki, i): Term => [ki, stageWeights[i]]),
  ]);
}

/** The accepted step an output time falls into, with everything dense output needs. */
export interface StepRecord {
  t0: number;
  dt: number;
  y0: State;
  y1: State;
  k: State[];
  /** f(t1, y1); for FSAL tableaux this is the last stage. */
  f1: State;
}

export function denseOutput(dense: DenseOutput, step: StepRecord, t: number): State {
  const x = (t - step.t0) / step.dt;
  if (dense.kind === "quartic") return quartic(x, step.dt, dense.mid, step.y0, step.y1, step.k);
  return hermite(x, step.dt, step.y0, step.k[0], step.y1, step.f1);
}
