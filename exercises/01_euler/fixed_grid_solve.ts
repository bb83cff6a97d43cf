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
 * Solves dy/dt = f(t, y), y(t[0]) = y0 on the grid t (strictly increasing or strictly
 * decreasing) by one `step` from each grid time to the next: y_{i+1} = step(f, t_i, y_i,
 * t_{i+1} − t_i). Returns the states at all grid times stacked, [T, ...y0.shape]; the first row
 * is y0 itself.
 */
export function fixedGridSolve(
  f: VectorField,
  y0: tf.Tensor,
  t: readonly number[],
  step: StepFunction = eulerStep,
): tf.Tensor {
  // TODO(1.2): Start a list with y0; for i = 1 … T−1 take one step from t[i−1] to t[i] with h =
  // t[i] − t[i−1], starting from the previous state; stack the list with tf.stack.
  // Lecture: /lectures/01-odes-and-solvers/#eulers-method
  // More hints: deno task grade hint 1.2
  throw new TodoError("1.2");
}
