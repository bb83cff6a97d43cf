// deno-lint-ignore-file no-unused-vars
// Exercise 7.1: this file is yours. Replace the TODO below, then run `deno task grade`.
// Generated from lib/prob/likelihoods.ts; `deno task kit:reset 7.1` restores this stub.
import * as tf from "@tensorflow/tfjs";
import { standardNormal } from "../../lib/prob/normal_noise.ts";
import { TodoError } from "../_kit/todo.ts";

/**
 * mean and logVar: the mean µ and the log-variance log σ² of a diagonal Gaussian, the same shape
 * (e.g. [B, latent]); seed: an integer that fixes the noise (0 included), or undefined for fresh
 * noise on every call. Returns one sample z of N(µ, σ²), a new tensor of that shape, through which
 * gradients flow to mean and logVar.
 *
 * The same seed gives the same z; different seeds, or no seed, give different ones (the tests check
 * all three). The noise comes from standardNormal (imported). Inputs stay the caller's; only z is
 * left.
 *
 * Derived in the lecture: /lectures/03-vae-primer/#the-reparameterisation-trick
 */
export function reparameterize(mean: tf.Tensor, logVar: tf.Tensor, seed?: number): tf.Tensor {
  // TODO(7.1): Write this function's body, then check it with `deno task grade 7.1`. Stuck?
  // `deno task hint 7.1` shows hint 1 of 3 (the grader counts the hints you use).
  throw new TodoError("7.1");
}
