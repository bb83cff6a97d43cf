// deno-lint-ignore-file no-unused-vars
// Exercise 4.2: this file is yours. Replace the TODO below, then run `deno task grade`.
// Generated from lib/ode/plain/dense_output.ts; `deno task kit:reset 4.2` restores this stub.
// It calls the library's hermiteInterpolate (task 4.1), not your own file: each task is graded on
// its own.
import * as tf from "@tensorflow/tfjs";
import type { DenseStep } from "../../lib/ode/plain/types.ts";
import { hermiteInterpolate } from "../../lib/ode/plain/dense_output.ts";
import { TodoError } from "../_kit/todo.ts";

/**
 * The solution at each requested time (increasing or not), from the accepted steps of a solve
 * (sorted, each starting where the previous one ended): for each time, the first step that ends
 * at or after it, interpolated with `hermiteInterpolate`. Returns [T, ...y0.shape].
 */
export function denseOutputAt(steps: readonly DenseStep[], times: readonly number[]): tf.Tensor {
  const start = steps[0]?.t0;
  const end = steps.length ? steps[steps.length - 1].t0 + steps[steps.length - 1].h : NaN;
  const outside = times.find((time) => !(time >= start && time <= end));
  if (outside !== undefined) {
    throw new RangeError(
      `denseOutputAt: time ${outside} is outside the steps' span [${start}, ${end}]`,
    );
  }
  // TODO(4.2): For each requested time, find the first step that ends at or after it (time ≤ t0 +
  // h), and interpolate inside it at x = (time − t0)/h.
  // Lecture: /lectures/01-odes-and-solvers/#dense-output
  // More hints: deno task grade hint 4.2
  throw new TodoError("4.2");
}
