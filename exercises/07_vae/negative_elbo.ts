// deno-lint-ignore-file no-unused-vars
// Exercise 7.4: this file is yours. Replace the TODO below, then run `deno task grade`.
// Generated from lib/models/vae.ts; `deno task kit:reset 7.4` restores this stub.
// It calls the library's bernoulliLogLikelihood (task 7.3), klStandardNormal (task 7.2), not your
// own files: each task is graded on its own.
import * as tf from "@tensorflow/tfjs";
import { bernoulliLogLikelihood, klStandardNormal } from "../../lib/prob/likelihoods.ts";
import type { LossParts } from "../../lib/models/loss.ts";
import { TodoError } from "../_kit/todo.ts";

/**
 * x: a batch of images [b, pixels] in [0, 1]; logits: the decoder's Bernoulli logits for one sample
 * z of q(z | x), [b, pixels]; mean and logVar: q(z | x)'s µ and log σ², [b, latent]; beta ≥ 0
 * weighs the KL (1: the ELBO itself; below 1, e.g. for a warm-up). Returns LossParts: loss, the
 * negative ELBO averaged over the batch (a scalar to minimise), and the terms reconstruction (the
 * batch mean of −log p(x | z)) and kl (the batch mean of KL(q(z | x) ‖ N(0, I))).
 *
 * Uses the library's bernoulliLogLikelihood (task 7.3) and klStandardNormal (task 7.2). Inputs stay
 * the caller's; only the three scalars are left.
 *
 * Derived in the lecture: /lectures/03-vae-primer/#the-evidence-lower-bound
 */
export function negativeElbo(
  x: tf.Tensor,
  logits: tf.Tensor,
  mean: tf.Tensor,
  logVar: tf.Tensor,
  beta = 1,
): LossParts {
  // TODO(7.4): Write this function's body, then check it with `deno task grade 7.4`. Stuck?
  // `deno task hint 7.4` shows hint 1 of 3 (the grader counts the hints you use).
  throw new TodoError("7.4");
}
