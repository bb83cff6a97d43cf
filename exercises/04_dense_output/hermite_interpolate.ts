// deno-lint-ignore-file no-unused-vars
// Exercise 4.1: this file is yours. Replace the TODO below, then run `deno task grade`.
// Generated from lib/ode/plain/dense_output.ts; `deno task kit:reset 4.1` restores this stub.
import * as tf from "@tensorflow/tfjs";
import { TodoError } from "../_kit/todo.ts";

/**
 * The cubic Hermite polynomial through (y0, slope f0) at x = 0 and (y1, slope f1) at x = 1, at
 * x = (t − t0)/h ∈ [0, 1] of a step of size h (slopes are per unit of time, hence the factor h):
 *   y(x) = (2x³ − 3x² + 1)·y0 + h·(x³ − 2x² + x)·f0 + (3x² − 2x³)·y1 + h·(x³ − x²)·f1.
 * Exact for cubic polynomials; from exact ends and slopes its error inside a step shrinks as h⁴:
 * third order as ODE methods count (order p: local error O(h^(p+1))). Returns a new tensor.
 */
export function hermiteInterpolate(
  x: number,
  h: number,
  y0: tf.Tensor,
  f0: tf.Tensor,
  y1: tf.Tensor,
  f1: tf.Tensor,
): tf.Tensor {
  // TODO(4.1): Four basis polynomials in x = (t − t0)/h: h00 = 2x³ − 3x² + 1, h10 = x³ − 2x² + x,
  // h01 = 3x² − 2x³, h11 = x³ − x²; y(x) = h00·y0 + h·h10·f0 + h01·y1 + h·h11·f1.
  // Lecture: /lectures/01-odes-and-solvers/#dense-output
  // More hints: deno task grade hint 4.1
  throw new TodoError("4.1");
}
