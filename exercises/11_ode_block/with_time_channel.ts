// deno-lint-ignore-file no-unused-vars
// Exercise 11.1: this file is yours. Replace the TODO below, then run `deno task grade`.
// Generated from lib/models/odenet.ts; `deno task kit:reset 11.1` restores this stub.
import * as tf from "@tensorflow/tfjs";
import { TodoError } from "../_kit/todo.ts";

/**
 * h: feature maps [b, height, width, C] (channels last); t: the current time, a number. Returns [b,
 * height, width, C + 1]: h's channels unchanged, then one more channel whose every entry is t, so
 * that a convolutional vector field sees the time.
 *
 * h stays the caller's; only the result is left.
 *
 * Derived in the lecture: /lectures/06-odenet/#the-ode-block
 */
export function withTimeChannel(h: tf.Tensor4D, t: number): tf.Tensor4D {
  // TODO(11.1): Write this function's body, then check it with `deno task grade 11.1`. Stuck?
  // `deno task hint 11.1` shows hint 1 of 3 (the grader counts the hints you use).
  throw new TodoError("11.1");
}
