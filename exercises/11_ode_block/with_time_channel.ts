// deno-lint-ignore-file no-unused-vars
// Exercise 11.1: this file is yours. Replace the TODO below, then run `deno task grade`.
// Generated from lib/models/odenet.ts; `deno task kit:reset 11.1` restores this stub.
import * as tf from "@tensorflow/tfjs";
import { TodoError } from "../_kit/todo.ts";

/**
 * Gives a convolutional field the time: appends one channel filled with t to feature maps
 * h [b, height, width, C], giving [b, height, width, C + 1].
 */
export function withTimeChannel(h: tf.Tensor4D, t: number): tf.Tensor4D {
  // TODO(11.1): tf.fill([b, height, width, 1], t) is the extra channel; tf.concat along axis 3 (the
  // channels) appends it.
  // Lecture: /lectures/06-odenet/#the-ode-block
  // More hints: deno task grade hint 11.1
  throw new TodoError("11.1");
}
