// deno-lint-ignore-file no-unused-vars
// Exercise 4.1: this file is yours. Replace the TODO below, then run `deno task grade`.
// Generated from lib/ode/plain/dense_output.ts; `deno task kit:reset 4.1` restores this stub.
import * as tf from "@tensorflow/tfjs";
import { TodoError } from "../_kit/todo.ts";

/**
 * The cubic Hermite interpolant of one step of size h: the cubic polynomial in x = (t − t0)/h ∈ [0,
 * 1] with value y0 and slope f0 at x = 0 and value y1 and slope f1 at x = 1, the slopes being per
 * unit of time (dy/dt, as the vector field gives them). Returns its value at x, a new tensor shaped
 * like y0.
 *
 * Exact for cubic polynomials; from exact ends and slopes its error inside a step shrinks as h⁴:
 * third order as ODE methods count (order p: local error O(h^(p+1))). The four tensors stay the
 * caller's; only the result is left.
 *
 * Derived in the lecture: /lectures/01-odes-and-solvers/#dense-output
 */
export function hermiteInterpolate(
  x: number,
  h: number,
  y0: tf.Tensor,
  f0: tf.Tensor,
  y1: tf.Tensor,
  f1: tf.Tensor,
): tf.Tensor {
  // TODO(4.1): Write this function's body, then check it with `deno task grade 4.1`. Stuck?
  // `deno task hint 4.1` shows hint 1 of 3 (the grader counts the hints you use).
  throw new TodoError("4.1");
}
