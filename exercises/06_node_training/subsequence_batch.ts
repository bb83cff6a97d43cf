// deno-lint-ignore-file no-unused-vars
// Exercise 6.1: this file is yours. Replace the TODO below, then run `deno task grade`.
// Generated from lib/data/vdp.ts; `deno task kit:reset 6.1` restores this stub.
import * as tf from "@tensorflow/tfjs";
import type { SubsequenceBatch } from "../../lib/data/batch.ts";
import { TodoError } from "../_kit/todo.ts";

/**
 * The batch for given start indices: for each start s, all N trajectories' windows
 * observed[s : s + length]; several starts are concatenated along the batch axis (start by
 * start, each with its N trajectories in order). The window times are t[0 : length] − t[0]:
 * every window starts at time 0 (the grid is uniform).
 */
export function subsequenceBatch(
  observed: tf.Tensor3D,
  t: number[],
  starts: number[],
  length: number,
): SubsequenceBatch {
  const [T, N, D] = observed.shape;
  if (!Number.isInteger(length) || length < 2 || length > T) {
    throw new Error(`sub-sequence length must be an integer in [2, ${T}], got ${length}`);
  }
  for (const s of starts) {
    if (!Number.isInteger(s) || s < 0 || s + length > T) {
      throw new Error(`start index ${s} does not leave ${length} points in a series of ${T}`);
    }
  }
  // TODO(6.1): For each start s take tf.slice(observed, [s, 0, 0], [length, N, D]); concatenate the
  // windows along axis 1 (the batch axis). y0 is the first time row of that [L, M·N, D].
  // Lecture: /lectures/02-neural-odes/#training-on-random-sub-sequences
  // More hints: deno task grade hint 6.1
  throw new TodoError("6.1");
}
