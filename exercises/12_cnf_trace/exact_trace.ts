// deno-lint-ignore-file no-unused-vars
// Exercise 12.1: this file is yours. Replace the TODO below, then run `deno task grade`.
// Generated from lib/models/cnf.ts; `deno task kit:reset 12.1` restores this stub.
import * as tf from "@tensorflow/tfjs";
import { type FieldAndTrace, unitCotangents } from "../../lib/models/trace_parts.ts";
import { TodoError } from "../_kit/todo.ts";

/**
 * f(z) and the exact trace of its Jacobian, Tr(∂f/∂z), for every row of z [n, d], in ONE backward
 * pass: the batch is repeated d times ([d·n, d]) and copy k gets the cotangent e_k, so the
 * vector–Jacobian product of copy k is row k of the Jacobian, e_kᵀJ; its k-th entry is J_kk.
 * Summing those diagonal entries over the copies gives the trace. `units` are the cotangents
 * (`unitCotangents(n, d)`; pass them when f is evaluated many times, e.g. in a solve).
 * Differentiable (gradients of gradients); call inside tf.tidy.
 */
export function exactTrace(
  f: (z: tf.Tensor) => tf.Tensor,
  z: tf.Tensor2D,
  units: tf.Tensor2D = unitCotangents(z.shape[0], z.shape[1]),
): FieldAndTrace {
  const [n, d] = z.shape;
  // TODO(12.1): tf.valueAndGrads((x) => f(x))([tf.tile(z, [d, 1])], units) returns f on the d
  // copies and the vector–Jacobian products: row k·n + i is e_kᵀJ(z_i).
  // Lecture: /lectures/07-continuous-normalising-flows/#computing-the-trace
  // More hints: deno task grade hint 12.1
  throw new TodoError("12.1");
}
