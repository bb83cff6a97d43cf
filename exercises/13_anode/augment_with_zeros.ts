// deno-lint-ignore-file no-unused-vars
// Exercise 13.1: this file is yours. Replace the TODO below, then run `deno task grade`.
// Generated from lib/models/anode.ts; `deno task kit:reset 13.1` restores this stub.
import * as tf from "@tensorflow/tfjs";
import { TodoError } from "../_kit/todo.ts";

/**
 * Pads each row of x [B, dim] with `extra` zeros: [B, dim + extra]. The extra coordinates give
 * trajectories room to pass each other (in the input space alone they cannot cross). extra = 0
 * returns a copy of x. Returns a new tensor.
 */
export function augmentWithZeros(x: tf.Tensor, extra: number): tf.Tensor {
  // TODO(13.1): tf.concat([x, tf.zeros([B, extra])], 1); with extra = 0 return x.clone() (a new
  // tensor the caller may dispose).
  // Lecture: /lectures/08-related-work/#augmented-neural-odes
  // More hints: deno task grade hint 13.1
  throw new TodoError("13.1");
}
