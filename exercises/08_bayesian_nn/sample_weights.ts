// deno-lint-ignore-file no-unused-vars
// Exercise 8.1: this file is yours. Replace the TODO below, then run `deno task grade`.
// Generated from lib/nn/bnn.ts; `deno task kit:reset 8.1` restores this stub.
import * as tf from "@tensorflow/tfjs";
import { standardNormal } from "../../lib/prob/normal_noise.ts";
import { TodoError } from "../_kit/todo.ts";

/**
 * means and rhos: for each weight tensor k of a network, the mean µ_k and the unconstrained scale
 * ρ_k of its mean-field Gaussian posterior, whose standard deviation is σ_k = softplus(ρ_k) > 0
 * (pairwise the same shape); seed: an integer. Returns one draw of every weight tensor, new tensors
 * shaped like means, through which gradients flow to every µ and ρ.
 *
 * One seed fixes one whole function: tensor k's noise must be standardNormal(shape, seed + k)
 * (imported), so that tensors of the same shape do not share noise and the draw equals the
 * library's BayesianMLP. Inputs stay the caller's; only the returned tensors are left.
 *
 * Derived in the lecture: /lectures/04-odevae/#one-function-sample-then-solve
 */
export function sampleWeights(
  means: readonly tf.Tensor[],
  rhos: readonly tf.Tensor[],
  seed: number,
): tf.Tensor[] {
  // TODO(8.1): Write this function's body, then check it with `deno task grade 8.1`. Stuck?
  // `deno task hint 8.1` shows hint 1 of 3 (the grader counts the hints you use).
  throw new TodoError("8.1");
}
