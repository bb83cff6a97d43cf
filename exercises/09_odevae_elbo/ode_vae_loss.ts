// deno-lint-ignore-file no-unused-vars
// Exercise 9.1: this file is yours. Replace the TODO below, then run `deno task grade`.
// Generated from lib/models/odevae.ts; `deno task kit:reset 9.1` restores this stub.
// It calls the library's bernoulliLogLikelihood (task 7.3), klStandardNormal (task 7.2), not your
// own files: each task is graded on its own.
import * as tf from "@tensorflow/tfjs";
import type { LossParts } from "../../lib/models/loss.ts";
import { bernoulliLogLikelihood, klStandardNormal } from "../../lib/prob/likelihoods.ts";
import { TodoError } from "../_kit/todo.ts";

/**
 * frames: a batch of sequences [b, T, s, s, 1], pixels in [0, 1]; logits: the decoder's Bernoulli
 * logits for them (the same shape); mean and logVar: q(z0 | y)'s µ and log σ², [b, latent];
 * klWeights: the vector field's weight KL, KL(q(w) ‖ p(w)), one scalar for the whole data set;
 * dataSize: the number of training sequences that share it. Returns LossParts: loss, −ELBO per
 * sequence averaged over the batch, and the terms reconstruction (the batch mean of the
 * log-likelihood summed over time and pixels: a log-likelihood, higher is better), klZ0 (the batch
 * mean of the initial state's KL) and klW (the weights' KL charged to one sequence).
 *
 * Minibatches of any size over the same data set must together pay the weights' KL once per pass
 * (the tests check it). Uses the library's bernoulliLogLikelihood (task 7.3) and klStandardNormal
 * (task 7.2). Inputs stay the caller's; only the four scalars are left.
 *
 * Derived in the lecture: /lectures/04-odevae/#the-elbo
 */
export function odeVaeLoss(
  frames: tf.Tensor,
  logits: tf.Tensor,
  mean: tf.Tensor,
  logVar: tf.Tensor,
  klWeights: tf.Scalar,
  dataSize: number,
): LossParts {
  // TODO(9.1): Write this function's body, then check it with `deno task grade 9.1`. Stuck?
  // `deno task hint 9.1` shows hint 1 of 3 (the grader counts the hints you use).
  throw new TodoError("9.1");
}
