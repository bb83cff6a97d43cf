// deno-lint-ignore-file no-unused-vars
// Exercise 7.3: this file is yours. Replace the TODO below, then run `deno task grade`.
// Generated from lib/prob/likelihoods.ts; `deno task kit:reset 7.3` restores this stub.
import * as tf from "@tensorflow/tfjs";
import { sumPerSample } from "../../lib/prob/reductions.ts";
import { TodoError } from "../_kit/todo.ts";

/**
 * log Bernoulli(x | sigmoid(logits)) summed per sample, for x in [0, 1] (grey pixels act as soft
 * labels): x·logits − softplus(logits), stable for large |logits|. Equals −BCE.
 */
export function bernoulliLogLikelihood(x: tf.Tensor, logits: tf.Tensor): tf.Tensor1D {
  // TODO(7.3): x·log σ(l) + (1 − x)·log(1 − σ(l)) simplifies to x·l − softplus(l), which never
  // takes the log of 0 (tf.softplus is stable).
  // Lecture: /lectures/03-vae-primer/#a-bernoulli-likelihood-for-pixels
  // More hints: deno task grade hint 7.3
  throw new TodoError("7.3");
}
