// deno-lint-ignore-file no-unused-vars
// Exercise 13.2: this file is yours. Replace the TODO below, then run `deno task grade`.
// Generated from lib/models/anode.ts; `deno task kit:reset 13.2` restores this stub.
// It calls the library's augmentWithZeros (task 13.1), not your own file: each task is graded on
// its own.
import * as tf from "@tensorflow/tfjs";
import { augmentWithZeros } from "../../lib/models/anode.ts";
import { TodoError } from "../_kit/todo.ts";

/**
 * The ANODE map: pad x [B, dim] with `augmentDims` zeros, carry it along the field with
 * `flow(z0)` (which returns the trajectory [T, B, dim + augmentDims], its last time being the
 * end time), and read out the first `dim` coordinates of the last state: [B, dim].
 */
export function anodeMap(
  flow: (z0: tf.Tensor) => tf.Tensor,
  x: tf.Tensor,
  augmentDims: number,
  dim: number,
): tf.Tensor {
  // TODO(13.2): ys = flow(augmentWithZeros(x, augmentDims)) is [T, B, dim + augmentDims]; the
  // answer is the last time's first dim coordinates.
  // Lecture: /lectures/08-related-work/#augmented-neural-odes
  // More hints: deno task grade hint 13.2
  throw new TodoError("13.2");
}
