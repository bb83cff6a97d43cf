// deno-lint-ignore-file no-unused-vars
// Exercise 13.1: this file is yours. Replace the TODO below, then run `deno task grade`.
// Generated from lib/models/anode.ts; `deno task kit:reset 13.1` restores this stub.
import * as tf from "@tensorflow/tfjs";
import { TodoError } from "../_kit/todo.ts";

/**
 * x: B states of dim coordinates, [B, dim]; extra ≥ 0: how many coordinates to add. Returns [B, dim
 * + extra]: each row of x followed by `extra` zeros, room for trajectories to pass each other (in
 * the input space alone they cannot cross).
 *
 * Always a new tensor that the caller may dispose, even for extra = 0 (a copy of x then). x stays
 * the caller's; nothing else is left.
 *
 * Derived in the lecture: /lectures/08-related-work/#augmented-neural-odes
 */
export function augmentWithZeros(x: tf.Tensor, extra: number): tf.Tensor {
  // TODO(13.1): Write this function's body, then check it with `deno task grade 13.1`. Stuck?
  // `deno task hint 13.1` shows hint 1 of 3 (the grader counts the hints you use).
  throw new TodoError("13.1");
}
