// deno-lint-ignore-file no-unused-vars
// Exercise 0.1: this file is yours. Replace the TODO below, then run `deno task grade`.
// Generated from lib/models/mse.ts; `deno task kit:reset 0.1` restores this stub.
import * as tf from "@tensorflow/tfjs";
import { TodoError } from "../_kit/todo.ts";

/**
 * The mean squared error of a prediction against its target (same shape): mean((pred − target)²)
 * over every element, a scalar. Both inputs stay the caller's; the difference and the squares
 * made on the way are freed, so the only new tensor is the scalar returned.
 */
export function meanSquaredError(pred: tf.Tensor, target: tf.Tensor): tf.Scalar {
  // TODO(0.1): tf.sub, tf.square and tf.mean do it; but each makes a new tensor that nothing frees
  // (tfjs has no garbage collector for tensor memory). Wrap the arithmetic in tf.tidy(() => …): the
  // tensors made inside are freed, the one returned survives.
  // Lecture: /lectures/00-welcome/#tensorflowjs-for-pytorch-users
  // More hints: deno task grade hint 0.1
  throw new TodoError("0.1");
}
