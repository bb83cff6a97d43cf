// deno-lint-ignore-file no-unused-vars
// Exercise 12.2: this file is yours. Replace the TODO below, then run `deno task grade`.
// Generated from lib/models/cnf.ts; `deno task kit:reset 12.2` restores this stub.
import * as tf from "@tensorflow/tfjs";
import { type FieldAndTrace } from "../../lib/models/trace_parts.ts";
import { TodoError } from "../_kit/todo.ts";

/**
 * f(z) and Hutchinson's estimate of Tr(∂f/∂z) for every row of z [n, d]: Tr(A) = E[εᵀAε] for
 * probes ε with E[εεᵀ] = I (Rademacher ±1 or Gaussian), so one probe per row, `epsilon` [n, d],
 * gives an unbiased estimate εᵀJε from a single vector–Jacobian product εᵀJ: one backward pass
 * whatever d is. Differentiable (gradients of gradients); call inside tf.tidy.
 */
export function hutchinsonTrace(
  f: (z: tf.Tensor) => tf.Tensor,
  z: tf.Tensor2D,
  epsilon: tf.Tensor2D,
): FieldAndTrace {
  // TODO(12.2): One vector–Jacobian product with the probes as cotangent: tf.valueAndGrads((x) =>
  // f(x))([z], epsilon) gives f(z) and εᵀJ per row.
  // Lecture: /lectures/07-continuous-normalising-flows/#computing-the-trace
  // More hints: deno task grade hint 12.2
  throw new TodoError("12.2");
}
