/**
 * Mine build only: lecture 1's solver demos solve with the plain solver of lib/ode/plain/ — the
 * one the exercise kit's lecture-1 tasks write — instead of the fused production solver, so the
 * learner's Euler, Runge–Kutta, adaptive-step and dense-output functions are the ones that run.
 * tests/ode/plain_test.ts proves the two solvers equal (same steps and evaluation counts with
 * dopri5), so with the library's functions the demo shows the production solver's numbers.
 *
 * Fixed-step methods step on the same uniform grid as the production solver (`stepSize`) and
 * read the requested times off the grid's cubic Hermite interpolant (denseOutputAt), as it does;
 * their evaluation count includes f at every grid point, which the production solver partly
 * reuses.
 */
import * as tf from "@tensorflow/tfjs";
import {
  DEFAULT_ATOL,
  DEFAULT_MAX_STEPS,
  DEFAULT_RTOL,
  isAdaptive,
  type MethodName,
  type SolveOptions,
  type SolveStats,
  TABLEAUX,
} from "../../../lib/ode/mod.ts";
import { NonFiniteStateError, StepBudgetError } from "../../../lib/ode/errors.ts";
import { uniformGrid } from "../../../lib/ode/integrate_fixed.ts";
import type { VectorField } from "../../../lib/ode/solve.ts";
import { adaptiveSolve } from "../../../lib/ode/plain/adaptive_solve.ts";
import { denseOutputAt } from "../../../lib/ode/plain/dense_output.ts";
import { eulerStep, fixedGridSolve } from "../../../lib/ode/plain/fixed_grid.ts";
import { rungeKuttaStep } from "../../../lib/ode/plain/runge_kutta.ts";
import type { DenseStep, StepFunction } from "../../../lib/ode/plain/types.ts";

/** Solves on increasing times t, as `solve` does; ys: [T, ...y0.shape]. */
export function plainSolve(
  f: VectorField,
  y0: tf.Tensor,
  t: number[],
  options: SolveOptions,
): { ys: tf.Tensor; stats: SolveStats } {
  const method = (options.method ?? "dopri5") as MethodName;
  const tableau = TABLEAUX[method];
  const maxSteps = options.maxSteps ?? DEFAULT_MAX_STEPS;
  if (isAdaptive(tableau)) {
    const { ys, stats } = adaptiveSolve(f, y0, t, {
      tableau,
      rtol: options.rtol ?? DEFAULT_RTOL,
      atol: options.atol ?? DEFAULT_ATOL,
      maxSteps,
    });
    return { ys, stats };
  }
  const stats: SolveStats = { nfe: 0, accepted: 0, rejected: 0 };
  const counted: VectorField = (time, y) => {
    stats.nfe++;
    return f(time, y);
  };
  const grid = options.stepSize === undefined
    ? t
    : uniformGrid(t[0], t[t.length - 1], options.stepSize);
  if (grid.length - 1 > maxSteps) {
    throw new StepBudgetError(
      t[0],
      0,
      `the grid needs ${grid.length - 1} steps but maxSteps = ${maxSteps}`,
    );
  }
  const step: StepFunction = method === "euler"
    ? eulerStep
    : (field, time, y, h) => rungeKuttaStep(field, tableau, time, y, h);
  const onGrid = fixedGridSolve(counted, y0, grid, step);
  stats.accepted = grid.length - 1;
  const ys = grid === t ? onGrid : readOff(counted, onGrid, grid, t);
  if (ys !== onGrid) onGrid.dispose();
  const finite = tf.tidy(() => tf.all(tf.isFinite(ys)).dataSync()[0]);
  if (!finite) {
    ys.dispose();
    throw new NonFiniteStateError(t[t.length - 1], "the solution");
  }
  return { ys, stats };
}

/** The states at times t from the states on the grid, by dense output over the grid's steps. */
function readOff(f: VectorField, onGrid: tf.Tensor, grid: number[], t: number[]): tf.Tensor {
  const states = tf.unstack(onGrid);
  const slopes = states.map((y, i) => f(grid[i], y));
  try {
    const steps: DenseStep[] = grid.slice(0, -1).map((t0, i) => ({
      t0,
      h: grid[i + 1] - t0,
      y0: states[i],
      f0: slopes[i],
      y1: states[i + 1],
      f1: slopes[i + 1],
    }));
    return denseOutputAt(steps, t);
  } finally {
    tf.dispose([...states, ...slopes]);
  }
}
