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
 * steps: the accepted steps of one solve (DenseStep: t0 and h, the values y0, y1 and the slopes f0,
 * f1 at both ends), sorted, each starting where the previous one ended. times: the requested times,
 * in any order, each inside the steps' span (a time outside throws a RangeError: done for you).
 * Returns the solution at each requested time, [T, ...y0.shape].
 *
 * Uses the library's hermiteInterpolate (task 4.1). A time on the boundary between two steps takes
 * the value of the earlier step, at its end. The steps' tensors stay the caller's; only the result
 * is left.
 *
 * Derived in the lecture: /lectures/01-odes-and-solvers/#dense-output
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
  // TODO(4.2): Write this function's body, then check it with `deno task grade 4.2`. Stuck?
  // `deno task hint 4.2` shows hint 1 of 3 (the grader counts the hints you use).
  throw new TodoError("4.2");
}
