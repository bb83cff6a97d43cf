// deno-lint-ignore-file no-unused-vars
// Exercise 3.2: this file is yours. Replace the TODO below, then run `deno task grade`.
// Generated from lib/ode/plain/adaptive_step.ts; `deno task kit:reset 3.2` restores this stub.
import * as tf from "@tensorflow/tfjs";
import { TodoError } from "../_kit/todo.ts";

/**
 * err: a step's error estimate; y0 and y1: the states at the start and the end of the step (the
 * same shape as err, batch rows included); rtol and atol: the relative and absolute tolerances (≥
 * 0, not both 0). Returns one plain number ≥ 0 for the whole tensor (one controller for every batch
 * row): how large err is against what the tolerances allow, where 1 means exactly at the tolerance
 * and ≤ 1 accurate enough (torchdiffeq's rule).
 *
 * Reads that one number from the device and leaves no tensor behind; the inputs stay the caller's.
 *
 * Derived in the lecture: /lectures/01-odes-and-solvers/#adaptive-steps-dormandprince-dopri5
 */
export function errorRatio(
  err: tf.Tensor,
  y0: tf.Tensor,
  y1: tf.Tensor,
  rtol: number,
  atol: number,
): number {
  // TODO(3.2): Write this function's body, then check it with `deno task grade 3.2`. Stuck?
  // `deno task hint 3.2` shows hint 1 of 3 (the grader counts the hints you use).
  throw new TodoError("3.2");
}
