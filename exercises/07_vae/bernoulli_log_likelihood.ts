// deno-lint-ignore-file no-unused-vars
// Exercise 7.3: this file is yours. Replace the TODO below, then run `deno task grade`.
// Generated from lib/prob/likelihoods.ts; `deno task kit:reset 7.3` restores this stub.
import * as tf from "@tensorflow/tfjs";
import { sumPerSample } from "../../lib/prob/reductions.ts";
import { TodoError } from "../_kit/todo.ts";

/**
 * x: pixel values in [0, 1], [B, …] (grey values act as soft labels); logits: the decoder's logits
 * for them, the same shape (p = sigmoid(logits)). Returns log p(x | logits) of each sample, summed
 * over its pixels: [B] (≤ 0 for binary x; it equals minus the binary cross-entropy).
 *
 * Finite and accurate for logits of any size (±100 included), where log(sigmoid(l)) underflows.
 * Inputs stay the caller's; only the result is left.
 *
 * Derived in the lecture: /lectures/03-vae-primer/#a-bernoulli-likelihood-for-pixels
 */
export function bernoulliLogLikelihood(x: tf.Tensor, logits: tf.Tensor): tf.Tensor1D {
  // TODO(7.3): Write this function's body, then check it with `deno task grade 7.3`. Stuck?
  // `deno task hint 7.3` shows hint 1 of 3 (the grader counts the hints you use).
  throw new TodoError("7.3");
}
