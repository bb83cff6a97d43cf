// deno-lint-ignore-file no-unused-vars
// Exercise 8.1: this file is yours. Replace the TODO below, then run `deno task grade`.
// Generated from lib/nn/bnn.ts; `deno task kit:reset 8.1` restores this stub.
import * as tf from "@tensorflow/tfjs";
import { standardNormal } from "../../lib/prob/normal_noise.ts";
import { TodoError } from "../_kit/todo.ts";

/**
 * One draw of mean-field Gaussian weights: for the k-th tensor, w_k = µ_k + σ_k⊙ε_k with
 * σ_k = softplus(ρ_k) and ε_k ~ N(0, I) from `standardNormal(shape, seed + k)`, so one seed
 * fixes one whole function. Gradients flow to every µ and ρ. Returns new tensors.
 */
export function sampleWeights(
  means: readonly tf.Tensor[],
  rhos: readonly tf.Tensor[],
  seed: number,
): tf.Tensor[] {
  // TODO(8.1): For the k-th tensor: σ_k = tf.softplus(rhos[k]) and ε_k = standardNormal(mean.shape,
  // seed + k); w_k = means[k] + σ_k⊙ε_k.
  // Lecture: /lectures/04-odevae/#one-function-sample-then-solve
  // More hints: deno task grade hint 8.1
  throw new TodoError("8.1");
}
