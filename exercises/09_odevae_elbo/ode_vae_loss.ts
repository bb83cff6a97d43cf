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
 * ODE-VAE's loss on a batch of sequences: −ELBO per sequence, averaged over the batch,
 *   −Σ_n log p(y_n | z_n) + KL(q(z0 | y) ‖ N(0, I)) + KL(q(w) ‖ p(w)) / N,
 * from the frames [b, T, s, s, 1], the decoder's logits for them (same shape; the Bernoulli
 * likelihood sums over time and pixels), q(z0 | y)'s mean and log-variance [b, latent], the
 * field's weight KL `klWeights` (a scalar for the whole data set) and N = `dataSize`, the number of
 * training sequences that share it (minibatch scaling). Terms: "reconstruction" (batch mean of
 * Σ_n log p(y_n | z_n), a log-likelihood), "klZ0" (batch mean) and "klW" (KL(q(w) ‖ p(w)) / N).
 */
export function odeVaeLoss(
  frames: tf.Tensor,
  logits: tf.Tensor,
  mean: tf.Tensor,
  logVar: tf.Tensor,
  klWeights: tf.Scalar,
  dataSize: number,
): LossParts {
  // TODO(9.1): reconstruction = batch mean of bernoulliLogLikelihood(frames, logits) (a
  // log-likelihood: positive is better); klZ0 = batch mean of klStandardNormal(mean, logVar); klW =
  // klWeights / dataSize.
  // Lecture: /lectures/04-odevae/#the-elbo
  // More hints: deno task grade hint 9.1
  throw new TodoError("9.1");
}
