// deno-lint-ignore-file no-unused-vars
// Exercise 12.1: this file is yours. Replace the TODO below, then run `deno task grade`.
// Generated from lib/models/cnf.ts; `deno task kit:reset 12.1` restores this stub.
import * as tf from "@tensorflow/tfjs";
import { type FieldAndTrace, unitCotangents } from "../../lib/models/trace_parts.ts";
import { TodoError } from "../_kit/todo.ts";

/**
 * f: a field on points, [n, d] → [n, d], row by row (row i of f(z) depends only on row i of z); z:
 * n points in d dimensions, [n, d]; units: the cotangents that unitCotangents(n, d) builds (pass
 * them when f is evaluated many times, e.g. in a solve). Returns a FieldAndTrace: dz = f(z), [n,
 * d], and trace, the exact trace of the Jacobian ∂f/∂z at each point, [n].
 *
 * One backward pass whatever d is, and differentiable: training a CNF takes gradients of the trace
 * (gradients of gradients). Call it inside tf.tidy; z stays the caller's.
 *
 * Derived in the lecture: /lectures/07-continuous-normalising-flows/#computing-the-trace
 */
export function exactTrace(
  f: (z: tf.Tensor) => tf.Tensor,
  z: tf.Tensor2D,
  units: tf.Tensor2D = unitCotangents(z.shape[0], z.shape[1]),
): FieldAndTrace {
  const [n, d] = z.shape;
  // TODO(12.1): Write this function's body, then check it with `deno task grade 12.1`. Stuck?
  // `deno task hint 12.1` shows hint 1 of 3 (the grader counts the hints you use).
  throw new TodoError("12.1");
}
