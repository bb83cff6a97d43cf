/**
 * Public solver options, their defaults, and the checks that turn bad input into a clear error
 * before any tensor work starts.
 */
import * as tf from "@tensorflow/tfjs";
import { OdeArgumentError } from "./errors.ts";
import type { StepTrial } from "./stats.ts";
import {
  type ButcherTableau,
  isAdaptive,
  METHOD_NAMES,
  type MethodName,
  TABLEAUX,
} from "./tableaux.ts";

export interface SolveOptions {
  /** Default "dopri5". Fixed-step: euler, midpoint, heun, rk4, rk4_38. Adaptive: bosh3, dopri5, tsit5. */
  method?: MethodName;
  /** Relative tolerance of adaptive methods (default 1e-7, as torchdiffeq). */
  rtol?: number;
  /** Absolute tolerance of adaptive methods (default 1e-9, as torchdiffeq). */
  atol?: number;
  /** Grid spacing of fixed-step methods (default: step exactly on the requested times). */
  stepSize?: number;
  /** First trial step of adaptive methods (default: Hairer's rule, one extra evaluation). */
  firstStep?: number;
  /** Most steps (accepted + rejected) one solve may take; default 100 000. */
  maxSteps?: number;
  /**
   * Fixed-step methods check the outputs for NaN/Inf once at the end (one read of the results);
   * set false to skip that read, e.g. inside a GPU training loop. Adaptive methods always check.
   */
  checkFinite?: boolean;
  /**
   * Adaptive methods only: called once per trial step, accepted or rejected, after its error
   * ratio is read and before the next step size is chosen, e.g. to plot the step sizes. It only
   * observes: the steps and the results are the same with or without it, and it costs no extra
   * read. (solveAdjoint reports the forward solve's trials, and the backward solve's when
   * options.adjoint is not given.) Fixed-step methods reject it: their steps are the grid.
   */
  onStep?: (trial: StepTrial) => void;
}

export interface ResolvedOptions {
  tableau: ButcherTableau;
  rtol: number;
  atol: number;
  stepSize?: number;
  firstStep?: number;
  maxSteps: number;
  checkFinite: boolean;
  onStep?: (trial: StepTrial) => void;
  /** −1 while a backward problem is integrated in flipped time; errors report sign·t. */
  timeSign: 1 | -1;
}

export const DEFAULT_RTOL = 1e-7;
export const DEFAULT_ATOL = 1e-9;
export const DEFAULT_MAX_STEPS = 100_000;

function positiveNumber(value: unknown, name: string, fix: string): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) {
    throw new OdeArgumentError(name, `must be a finite number > 0, got ${String(value)}`, fix);
  }
  return value;
}

export function resolveOptions(options: SolveOptions = {}): ResolvedOptions {
  const method = options.method ?? "dopri5";
  if (!Object.hasOwn(TABLEAUX, method)) {
    throw new OdeArgumentError(
      "options.method",
      `unknown method "${String(method)}"`,
      `use one of ${METHOD_NAMES.join(", ")}`,
    );
  }
  const tableau = TABLEAUX[method];
  const adaptive = isAdaptive(tableau);
  const rtol = positiveNumber(
    options.rtol ?? DEFAULT_RTOL,
    "options.rtol",
    "pass e.g. 1e-3 to 1e-7",
  );
  const atol = positiveNumber(
    options.atol ?? DEFAULT_ATOL,
    "options.atol",
    "pass e.g. 1e-4 to 1e-9",
  );
  if (options.stepSize !== undefined) {
    if (adaptive) {
      throw new OdeArgumentError(
        "options.stepSize",
        `"${method}" chooses its own steps`,
        "drop stepSize (use options.firstStep to set the first trial step), or pick a " +
          "fixed-step method such as rk4",
      );
    }
    positiveNumber(options.stepSize, "options.stepSize", "pass the grid spacing, e.g. 0.1");
  }
  if (options.onStep !== undefined) {
    if (typeof options.onStep !== "function") {
      throw new OdeArgumentError(
        "options.onStep",
        `must be a function (trial) => void, got ${typeof options.onStep}`,
        "pass e.g. (trial) => trials.push(trial)",
      );
    }
    if (!adaptive) {
      throw new OdeArgumentError(
        "options.onStep",
        `"${method}" takes fixed steps and reports no trials`,
        "pick an adaptive method (bosh3, dopri5, tsit5), or read the steps off the grid " +
          "(options.stepSize or the output times)",
      );
    }
  }
  if (options.firstStep !== undefined) {
    positiveNumber(options.firstStep, "options.firstStep", "pass a small positive step, e.g. 0.01");
  }
  const maxSteps = options.maxSteps ?? DEFAULT_MAX_STEPS;
  if (!Number.isInteger(maxSteps) || maxSteps < 1) {
    throw new OdeArgumentError(
      "options.maxSteps",
      `must be a positive integer, got ${String(maxSteps)}`,
      `leave it out for the default ${DEFAULT_MAX_STEPS}`,
    );
  }
  return {
    tableau,
    rtol,
    atol,
    stepSize: options.stepSize,
    firstStep: options.firstStep,
    maxSteps,
    checkFinite: options.checkFinite ?? true,
    onStep: options.onStep,
    timeSign: 1,
  };
}

/** Accepts any array-like of numbers; returns a plain array of strictly monotone finite times. */
export function validateTimes(t: ArrayLike<number>, name = "t"): number[] {
  if (t === null || typeof t !== "object" || typeof t.length !== "number") {
    throw new OdeArgumentError(name, "must be an array of times", "pass e.g. [0, 0.5, 1]");
  }
  const ts = Array.from(t);
  if (ts.length < 1) {
    throw new OdeArgumentError(name, "is empty", "pass at least the initial time, e.g. [0, 1]");
  }
  const bad = ts.findIndex((x) => typeof x !== "number" || !Number.isFinite(x));
  if (bad >= 0) {
    throw new OdeArgumentError(
      name,
      `${name}[${bad}] = ${ts[bad]} is not a finite number`,
      "pass finite times",
    );
  }
  if (ts.length > 1) {
    const direction = Math.sign(ts[1] - ts[0]);
    for (let i = 1; i < ts.length; i++) {
      if (Math.sign(ts[i] - ts[i - 1]) !== direction || direction === 0) {
        throw new OdeArgumentError(
          name,
          `times must be strictly increasing or strictly decreasing, but ${name}[${i - 1}] = ` +
            `${ts[i - 1]} and ${name}[${i}] = ${ts[i]} break that`,
          "sort the times and remove duplicates",
        );
      }
    }
  }
  return ts;
}

/** `params` of the adjoint and sensitivity solves: the tensors the field closes over. */
export function validateParams(params: unknown): asserts params is tf.Tensor[] {
  if (!Array.isArray(params) || params.some((p) => !(p instanceof tf.Tensor))) {
    throw new OdeArgumentError(
      "params",
      "must be an array of the tensors f closes over",
      "pass e.g. model.parameters() (or [] when f has no weights)",
    );
  }
}

export function validateInitialState(y0: unknown, name = "y0"): tf.Tensor {
  if (!(y0 instanceof tf.Tensor)) {
    throw new OdeArgumentError(name, "must be a tf.Tensor", `wrap it: tf.tensor(${name})`);
  }
  if (y0.dtype !== "float32") {
    throw new OdeArgumentError(
      name,
      `must be a float32 tensor, got dtype ${y0.dtype}`,
      `convert it with tf.cast(${name}, "float32")`,
    );
  }
  if (y0.isDisposed) {
    throw new OdeArgumentError(
      name,
      "was already disposed",
      "keep it alive until the solve returns",
    );
  }
  return y0;
}
