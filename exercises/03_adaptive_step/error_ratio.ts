// deno-lint-ignore-file no-unused-vars
// Exercise 3.2: this file is yours. Replace the TODO below, then run `deno task grade`.
// Generated from lib/ode/plain/adaptive_step.ts; `deno task kit:reset 3.2` restores this stub.
import * as tf from "@tensorflow/tfjs";
import { TodoError } from "../_kit/todo.ts";

/**
 * How large the error estimate is compared with what the tolerances allow, as one number:
 *   ratio = RMS over all elements of err / (atol + rtol·max(|y0|, |y1|)).
 * ratio ≤ 1 means the step is accurate enough (torchdiffeq's rule).
 */
export function errorRatio(
  err: tf.Tensor,
  y0: tf.Tensor,
  y1: tf.Tensor,
  rtol: number,
  atol: number,
): number {
  // TODO(3.2): Scale each element of the error by what the tolerances allow there: atol +
  // rtol·max(|y0|, |y1|). The ratio is the root mean square of the scaled error.
  // Lecture: /lectures/01-odes-and-solvers/#adaptive-steps-dormandprince-dopri5
  // More hints: deno task grade hint 3.2
  throw new TodoError("3.2");
}
