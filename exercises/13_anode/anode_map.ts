// deno-lint-ignore-file no-unused-vars
// Exercise 13.2: this file is yours. Replace the TODO below, then run `deno task grade`.
// Generated from lib/models/anode.ts; `deno task kit:reset 13.2` restores this stub.
// It calls the library's augmentWithZeros (task 13.1), not your own file: each task is graded on
// its own.
import * as tf from "@tensorflow/tfjs";
import { augmentWithZeros } from "../../lib/models/anode.ts";
import { TodoError } from "../_kit/todo.ts";

/**
 * flow(z0): carries the augmented initial states z0 [B, dim + augmentDims] along the learned field
 * and returns the trajectory [T, B, dim + augmentDims], its last time being the end time. x: the
 * inputs [B, dim]; augmentDims ≥ 0: how many zero coordinates to add (the library's
 * augmentWithZeros, task 13.1). Returns the map's output, [B, dim]: the first dim coordinates of
 * each state at the end time.
 *
 * Gradients flow through flow to its weights. x stays the caller's; only the result is left (the
 * trajectory is freed).
 *
 * Derived in the lecture: /lectures/08-related-work/#augmented-neural-odes
 */
export function anodeMap(
  flow: (z0: tf.Tensor) => tf.Tensor,
  x: tf.Tensor,
  augmentDims: number,
  dim: number,
): tf.Tensor {
  // TODO(13.2): Write this function's body, then check it with `deno task grade 13.2`. Stuck?
  // `deno task hint 13.2` shows hint 1 of 3 (the grader counts the hints you use).
  throw new TodoError("13.2");
}
