// deno-lint-ignore-file no-unused-vars
// Exercise 0.1: this file is yours. Replace the TODO below, then run `deno task grade`.
// Generated from lib/models/mse.ts; `deno task kit:reset 0.1` restores this stub.
import * as tf from "@tensorflow/tfjs";
import { TodoError } from "../_kit/todo.ts";

/**
 * pred and target: float32 tensors of the same shape (any rank). Returns the mean squared error of
 * pred against target over every element, as a new scalar tensor.
 *
 * Leaves nothing behind: after the call the only new tensor is the scalar returned. pred and target
 * belong to the caller, who may use them again: do not dispose them.
 *
 * Derived in the lecture: /lectures/00-welcome/#tensorflowjs-for-pytorch-users
 */
export function meanSquaredError(pred: tf.Tensor, target: tf.Tensor): tf.Scalar {
  // TODO(0.1): Write this function's body, then check it with `deno task grade 0.1`. Stuck?
  // `deno task hint 0.1` shows hint 1 of 3 (the grader counts the hints you use).
  throw new TodoError("0.1");
}
