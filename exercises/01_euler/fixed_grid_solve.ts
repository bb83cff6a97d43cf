// deno-lint-ignore-file no-unused-vars
// Exercise 1.2: this file is yours. Replace the TODO below, then run `deno task grade`.
// Generated from lib/ode/plain/fixed_grid.ts; `deno task kit:reset 1.2` restores this stub.
// It calls the library's eulerStep (task 1.1), not your own file: each task is graded on its own.
import * as tf from "@tensorflow/tfjs";
import type { VectorField } from "../../lib/ode/solve.ts";
import type { StepFunction } from "../../lib/ode/plain/types.ts";
import { eulerStep } from "../../lib/ode/plain/fixed_grid.ts";
import { TodoError } from "../_kit/todo.ts";

/**
 * Solves dy/dt = f(t, y) from y(t[0]) = y0 over the grid t (T ≥ 1 times, strictly increasing or
 * strictly decreasing) with the one-step method `step` (a StepFunction: (f, t, y, h) → the state at
 * t + h; eulerStep by default).
 *
 * Returns the states at every grid time stacked, [T, ...y0.shape]; row 0 equals y0. Calls step
 * exactly T − 1 times (the tests record each call). y0 stays the caller's; only the returned tensor
 * is left.
 *
 * Derived in the lecture: /lectures/01-odes-and-solvers/#eulers-method
 */
export function fixedGridSolve(
  f: VectorField,
  y0: tf.Tensor,
  t: readonly number[],
  step: StepFunction = eulerStep,
): tf.Tensor {
  // TODO(1.2): Write this function's body, then check it with `deno task grade 1.2`. Stuck?
  // `deno task hint 1.2` shows hint 1 of 3 (the grader counts the hints you use).
  throw new TodoError("1.2");
}
