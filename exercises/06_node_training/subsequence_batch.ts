// deno-lint-ignore-file no-unused-vars
// Exercise 6.1: this file is yours. Replace the TODO below, then run `deno task grade`.
// Generated from lib/data/vdp.ts; `deno task kit:reset 6.1` restores this stub.
import * as tf from "@tensorflow/tfjs";
import type { SubsequenceBatch } from "../../lib/data/batch.ts";
import { TodoError } from "../_kit/todo.ts";

/**
 * observed: N trajectories of D coordinates at T common, uniformly spaced times, [T, N, D]; t:
 * those T times; starts: M start indices; length: the window length L (bad lengths or starts throw:
 * done for you). Returns a SubsequenceBatch: target [L, M·N, D], the windows observed[s : s + L] of
 * all N trajectories for each start (start by start, trajectories in order within a start); y0
 * [M·N, D], the first state of each window; t, the L window times counted from the window's start
 * (every window starts at 0); and starts, a copy of the start indices.
 *
 * observed stays the caller's; y0 and target are the only new tensors.
 *
 * Derived in the lecture: /lectures/02-neural-odes/#training-on-random-sub-sequences
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
  // TODO(6.1): Write this function's body, then check it with `deno task grade 6.1`. Stuck?
  // `deno task hint 6.1` shows hint 1 of 3 (the grader counts the hints you use).
  throw new TodoError("6.1");
}
