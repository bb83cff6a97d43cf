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
 * A VAE's loss on a batch x [b, pixels] in [0, 1]: the negative ELBO per image, averaged over
 * the batch, from one sample z = µ + σ⊙ε of q(z | x) = N(µ, σ²) (µ = mean, σ² = exp(logVar),
 * each [b, latent]) decoded to the Bernoulli logits [b, pixels]:
 *   −ELBO(x) = −log p(x | z) + β·KL(q(z | x) ‖ N(0, I)).
 * β = 1 is the ELBO (β < 1 down-weights the KL, e.g. for a warm-up). Terms: "reconstruction"
 * (batch mean of −log p(x | z)) and "kl" (batch mean of the KL).
 */
export function negativeElbo(
  x: tf.Tensor,
  logits: tf.Tensor,
  mean: tf.Tensor,
  logVar: tf.Tensor,
  beta = 1,
): LossParts {
  // TODO(7.4): reconstruction = batch mean of −bernoulliLogLikelihood(x, logits); kl = batch mean
  // of klStandardNormal(mean, logVar); loss = reconstruction + β·kl.
  // Lecture: /lectures/03-vae-primer/#the-evidence-lower-bound
  // More hints: deno task grade hint 7.4
  throw new TodoError("7.4");
}
