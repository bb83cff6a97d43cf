/**
 * The public solver: `solve` (solution + statistics) and `odeint` (solution only), one entry
 * point whichever way the solve is differentiated. As with diffrax's `adjoint=` argument, the
 * gradient method is an option of the solve, not a second function to call:
 *
 *   solve(f, y0, t, { method: "rk4" });                                    // backprop (default)
 *   solve(f, y0, t, { method: "rk4", gradient: "adjoint", params: net.parameters() });
 *
 * "backprop": tfjs autodiff through the solver's steps (memory grows with the steps).
 * "adjoint": the continuous adjoint of adjoint.ts (memory independent of the steps, a second
 * solve backward); it differentiates w.r.t. y0 and `params`, the tensors the field closes over.
 * Backprop ignores `params` (the tape finds them), so a model holding one `gradient` setting
 * passes its parameters every time and never branches on the method.
 */
import * as tf from "@tensorflow/tfjs";
import { type AdjointOptions, solveAdjoint } from "./adjoint.ts";
import { OdeArgumentError } from "./errors.ts";
import { checkedField, integrateReads, validateField } from "./integrate.ts";
import {
  resolveOptions,
  type SolveOptions,
  validateInitialState,
  validateTimes,
} from "./options.ts";
import { type Reads, runAsync, runSync } from "./reads.ts";
import { emptyStats, type SolveStats } from "./stats.ts";

/** dy/dt = f(t, y); must return a tensor with the shape of y. */
export type VectorField = (t: number, y: tf.Tensor) => tf.Tensor;

export interface Solution {
  /** The states at the requested times: shape [T, ...y0.shape]. */
  ys: tf.Tensor;
  stats: SolveStats;
  /** Cost of the adjoint's backward solve (gradient "adjoint"; filled in when it has run). */
  backwardStats?: SolveStats;
}

/** How a solve is differentiated: through its steps, or by the continuous adjoint. */
export type GradientMethod = "backprop" | "adjoint";
export const GRADIENT_METHODS: readonly GradientMethod[] = ["backprop", "adjoint"];

/** The solver's options plus how its result is differentiated. */
export interface GradientOptions extends AdjointOptions {
  /** "backprop" (default) or "adjoint" (see the file's header). */
  gradient?: GradientMethod;
  /** The tensors f closes over: required by "adjoint", ignored by "backprop". */
  params?: tf.Tensor[];
}

/**
 * Solves dy/dt = f(t, y), y(t[0]) = y0, and reports what it cost; `options.gradient` picks how
 * gradients flow through it (default "backprop").
 */
export function solve(
  f: VectorField,
  y0: tf.Tensor,
  t: ArrayLike<number>,
  options: GradientOptions = {},
): Solution {
  const { gradient = "backprop", params, ...solver } = options;
  if (gradient === "backprop") return runSync(solveReads(f, y0, t, solver));
  if (gradient !== "adjoint") {
    throw new OdeArgumentError(
      "options.gradient",
      `unknown gradient method "${String(gradient)}"`,
      `use one of ${GRADIENT_METHODS.join(", ")}`,
    );
  }
  if (params === undefined) {
    throw new OdeArgumentError(
      "options.params",
      'is required by gradient "adjoint"',
      "pass the tensors f closes over, e.g. model.parameters() ([] for y0's gradient only)",
    );
  }
  return solveAdjoint(f, y0, t, params, solver);
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

/**
 * Like `solve`, returning only the states: shape [T, ...y0.shape]. The lectures' and the
 * exercises' plain call; `options.gradient` works here too.
 */
export function odeint(
  f: VectorField,
  y0: tf.Tensor,
  t: ArrayLike<number>,
  options: GradientOptions = {},
): tf.Tensor {
  return solve(f, y0, t, options).ys;
}
