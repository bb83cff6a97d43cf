/**
 * Dense output: the solution at a time inside a step, as ONE linear combination of tensors the
 * step already has (y0, y1 and the stages), with polynomial weights computed in plain numbers.
 * No coefficient tensors are built for steps that no output time falls into.
 *
 * The same interpolants as matrices (hermiteMatrices, linearInterpolationMatrix): weights of
 * many output times over a whole grid of states at once, for a batch of series whose output
 * times differ per series, so reading every series at its own times is one batched product.
 */
import * as tf from "@tensorflow/tfjs";
import type { DenseOutput } from "./tableaux.ts";
import { lincomb, type State, type Term } from "./state.ts";

/**
 * The cubic Hermite weights at x = (t − t0)/dt ∈ [0, 1]: y(t) = a0·y0 + c0·f0 + a1·y1 + c1·f1
 * for the states y0, y1 and slopes f0, f1 at the ends of a step of size dt.
 */
export function hermiteWeights(
  x: number,
  dt: number,
): { a0: number; c0: number; a1: number; c1: number } {
  const x2 = x * x;
  const x3 = x2 * x;
  return {
    a0: 2 * x3 - 3 * x2 + 1,
    c0: dt * (x3 - 2 * x2 + x),
    a1: 3 * x2 - 2 * x3,
    c1: dt * (x3 - x2),
  };
}

/**
 * Cubic Hermite through (y0, f0) and (y1, f1) at x = (t − t0)/dt ∈ [0, 1]: exact for cubics, its
 * error inside a step O(dt⁴): third order, as ODE methods count.
 */
export function hermite(
  x: number,
  dt: number,
  y0: State,
  f0: State,
  y1: State,
  f1: State,
): State {
  const { a0, c0, a1, c1 } = hermiteWeights(x, dt);
  return lincomb([[y0, a0], [f0, c0], [y1, a1], [f1, c1]]);
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

/**
 * Cubic Hermite weights of output times on a grid: out = a·Y + c·F, with Y the grid states and
 * F the slopes there. `rows`: the output times of each series; returns [B, T, S+1] each (on a
 * grid point the weights pick that state exactly).
 */
export function hermiteMatrices(
  grid: readonly number[],
  rows: readonly (readonly number[])[],
): { a: tf.Tensor3D; c: tf.Tensor3D } {
  const S1 = grid.length;
  const T = rows[0].length;
  const a = new Float32Array(rows.length * T * S1);
  const c = new Float32Array(rows.length * T * S1);
  rows.forEach((times, b) => {
    if (times.length !== T) throw new Error("hermiteMatrices: rows of different lengths");
    let n = 0;
    times.forEach((t, j) => {
      if (t < grid[0] || t > grid[S1 - 1]) {
        throw new Error(`hermiteMatrices: time ${t} outside [${grid[0]}, ${grid[S1 - 1]}]`);
      }
      while (n < S1 - 2 && t > grid[n + 1]) n++;
      while (n > 0 && t < grid[n]) n--;
      const h = grid[n + 1] - grid[n];
      const w = hermiteWeights((t - grid[n]) / h, h);
      const o = (b * T + j) * S1 + n;
      a[o] = w.a0;
      a[o + 1] = w.a1;
      c[o] = w.c0;
      c[o + 1] = w.c1;
    });
  });
  const shape: [number, number, number] = [rows.length, T, S1];
  return { a: tf.tensor3d(a, shape), c: tf.tensor3d(c, shape) };
}

/**
 * Piecewise-linear interpolation as a matrix: out = W·values, W [B, S, K], where series b's
 * first real[b] observations at times[b] are read at `at[b]` (S times each); before the first
 * observation the value is held at the first (padding, k ≥ real[b], gets weight 0).
 */
export function linearInterpolationMatrix(
  times: readonly (readonly number[])[],
  real: readonly number[],
  at: readonly (readonly number[])[],
): tf.Tensor3D {
  const B = times.length;
  const K = times[0].length;
  const S = at[0].length;
  const w = new Float32Array(B * S * K);
  at.forEach((row, b) => {
    const obs = times[b];
    const n = real[b];
    let k = 0;
    row.forEach((t, s) => {
      const o = (b * S + s) * K;
      if (n === 1 || t <= obs[0]) {
        w[o] = 1;
        return;
      }
      if (t >= obs[n - 1]) {
        w[o + n - 1] = 1;
        return;
      }
      while (k < n - 2 && t > obs[k + 1]) k++;
      while (k > 0 && t < obs[k]) k--;
      const gap = obs[k + 1] - obs[k];
      const x = gap > 0 ? (t - obs[k]) / gap : 1;
      w[o + k] = 1 - x;
      w[o + k + 1] = x;
    });
  });
  return tf.tensor3d(w, [B, S, K]);
}
