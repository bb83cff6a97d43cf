/**
 * The public solver: `solve` (solution + statistics) and `odeint` (solution only). Both are
 * differentiable by tfjs autodiff through the steps; see adjoint.ts for the memory-light gradient.
 */
import * as tf from "@tensorflow/tfjs";
import { OdeArgumentError, OdeShapeError } from "./errors.ts";
import { integrateAdaptive } from "./integrate_adaptive.ts";
import { integrateFixed } from "./integrate_fixed.ts";
import {
  type ResolvedOptions,
  resolveOptions,
  type SolveOptions,
  validateInitialState,
  validateTimes,
} from "./options.ts";
import { isAdaptive } from "./tableaux.ts";
import { type Reads, runAsync, runSync } from "./reads.ts";
import { negateState, type State, type StateField } from "./state.ts";
import { emptyStats, type SolveStats } from "./stats.ts";

/** dy/dt = f(t, y); must return a tensor with the shape of y. */
export type VectorField = (t: number, y: tf.Tensor) => tf.Tensor;

export interface Solution {
  /** The states at the requested times: shape [T, ...y0.shape]. */
  ys: tf.Tensor;
  stats: SolveStats;
}

/**
 * Integrates a state tuple over strictly monotone times `ts`; returns one state per time.
 * Backward problems (decreasing times) are solved forward in s = −t with the field −f(−s, y),
 * exactly as torchdiffeq does, so both directions share one controller.
 */
export function integrate(...args: Parameters<typeof integrateReads>): State[] {
  return runSync(integrateReads(...args));
}

/** `integrate` with its reads from the device yielded (see reads.ts). */
function* integrateReads(
  f: StateField,
  y0: State,
  ts: number[],
  o: ResolvedOptions,
  stats: SolveStats,
): Reads<State[]> {
  if (ts.length === 1) return [y0.map((x) => x.clone())];
  const run = isAdaptive(o.tableau) ? integrateAdaptive : integrateFixed;
  if (ts[1] > ts[0]) return yield* run(f, y0, ts, o, stats);
  const flipped: StateField = (s, y) => tf.tidy(() => negateState(f(-s, y)));
  return yield* run(flipped, y0, ts.map((t) => -t), { ...o, timeSign: -1 }, stats);
}

/**
 * Wraps a user's field for a tuple of states: counts evaluations and checks every result's
 * shape, so a wrong field fails at its first call with a message naming both shapes.
 */
export function checkedField(
  fields: ((t: number, y: State) => tf.Tensor[]) | VectorField,
  shapes: number[][],
  stats: SolveStats,
  tuple: boolean,
): StateField {
  return (t, y) => {
    stats.nfe++;
    const out = tuple
      ? (fields as (t: number, y: State) => tf.Tensor[])(t, y)
      : [(fields as VectorField)(t, y[0])];
    const problem = checkOutputs(out, shapes, t);
    if (problem) {
      // Free what f made before reporting, so a caught error leaks nothing.
      tf.dispose(out.filter((dy) => dy instanceof tf.Tensor));
      throw problem;
    }
    return out;
  };
}

function checkOutputs(out: unknown[], shapes: number[][], t: number): Error | undefined {
  for (const [c, dy] of out.entries()) {
    if (!(dy instanceof tf.Tensor)) {
      return new OdeArgumentError(
        "f",
        `returned ${typeof dy} instead of a tensor at t=${t}`,
        "return dy/dt as a tf.Tensor",
      );
    }
    const expected = shapes[c];
    if (
      dy.shape.length !== expected.length ||
      dy.shape.some((n: number, i: number) => n !== expected[i])
    ) {
      return new OdeShapeError(expected, dy.shape, t);
    }
  }
}

export function validateField(f: unknown): void {
  if (typeof f !== "function") {
    throw new OdeArgumentError("f", "must be a function (t, y) => dy/dt", "pass the vector field");
  }
}

/** Solves dy/dt = f(t, y), y(t[0]) = y0, and reports what it cost. */
export function solve(
  f: VectorField,
  y0: tf.Tensor,
  t: ArrayLike<number>,
  options: SolveOptions = {},
): Solution {
  return runSync(solveReads(f, y0, t, options));
}

/**
 * `solve` with asynchronous reads (await data() instead of dataSync): the same steps and the same
 * numbers, for a page on WebGPU, where a blocking read stalls the page. Not differentiable (tfjs
 * gradients need a synchronous function): use it to evaluate, and `solve` inside a loss.
 */
export function solveAsync(
  f: VectorField,
  y0: tf.Tensor,
  t: ArrayLike<number>,
  options: SolveOptions = {},
): Promise<Solution> {
  return runAsync(solveReads(f, y0, t, options));
}

function* solveReads(
  f: VectorField,
  y0: tf.Tensor,
  t: ArrayLike<number>,
  options: SolveOptions,
): Reads<Solution> {
  validateField(f);
  validateInitialState(y0);
  const ts = validateTimes(t);
  const o = resolveOptions(options);
  const stats = emptyStats();
  const field = checkedField(f, [y0.shape], stats, false);
  const states = yield* integrateReads(field, [y0], ts, o, stats);
  const ys = tf.stack(states.map((s) => s[0]));
  states.forEach((s) => tf.dispose(s));
  return { ys, stats };
}

/** Like `solve`, returning only the states: shape [T, ...y0.shape]. */
export function odeint(
  f: VectorField,
  y0: tf.Tensor,
  t: ArrayLike<number>,
  options: SolveOptions = {},
): tf.Tensor {
  return solve(f, y0, t, options).ys;
}
