// deno-lint-ignore-file no-unused-vars
// Exercise 12.2: this file is yours. Replace the TODO below, then run `deno task grade`.
// Generated from lib/models/cnf.ts; `deno task kit:reset 12.2` restores this stub.
import * as tf from "@tensorflow/tfjs";
import { type FieldAndTrace } from "../../lib/models/trace_parts.ts";
import { TodoError } from "../_kit/todo.ts";

/**
 * f: a field on points, [n, d] → [n, d], row by row; z: n points, [n, d]; epsilon: one probe vector
 * per point, [n, d], with E[εεᵀ] = I (Rademacher ±1 or Gaussian). Returns a FieldAndTrace: dz =
 * f(z), [n, d], and trace, [n], an unbiased estimate of Tr(∂f/∂z) at each point from these probes
 * (its mean over many probes is the exact trace).
 *
 * One backward pass whatever d is, and differentiable (gradients of gradients). Call it inside
 * tf.tidy; z and epsilon stay the caller's.
 *
 * Derived in the lecture: /lectures/07-continuous-normalising-flows/#computing-the-trace
 */
export function hutchinsonTrace(
  f: (z: tf.Tensor) => tf.Tensor,
  z: tf.Tensor2D,
  epsilon: tf.Tensor2D,
): FieldAndTrace {
  // TODO(12.2): Write this function's body, then check it with `deno task grade 12.2`. Stuck?
  // `deno task hint 12.2` shows hint 1 of 3 (the grader counts the hints you use).
  throw new TodoError("12.2");
}
