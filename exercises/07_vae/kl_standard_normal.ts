// deno-lint-ignore-file no-unused-vars
// Exercise 7.2: this file is yours. Replace the TODO below, then run `deno task grade`.
// Generated from lib/prob/likelihoods.ts; `deno task kit:reset 7.2` restores this stub.
import * as tf from "@tensorflow/tfjs";
import { sumPerSample } from "../../lib/prob/reductions.ts";
import { TodoError } from "../_kit/todo.ts";

/**
 * mean and logVar: µ and log σ² of a diagonal Gaussian q for each sample, [B, …] (the same shape).
 * Returns KL(q ‖ N(0, I)) of each sample in closed form, summed over every axis but the first: [B],
 * ≥ 0, and 0 exactly when µ = 0 and logVar = 0.
 *
 * Differentiable in mean and logVar. Inputs stay the caller's; only the result is left.
 *
 * Derived in the lecture: /lectures/03-vae-primer/#a-kl-term-in-closed-form
 */
export function klStandardNormal(mean: tf.Tensor, logVar: tf.Tensor): tf.Tensor1D {
  // TODO(7.2): Write this function's body, then check it with `deno task grade 7.2`. Stuck?
  // `deno task hint 7.2` shows hint 1 of 3 (the grader counts the hints you use).
  throw new TodoError("7.2");
}
