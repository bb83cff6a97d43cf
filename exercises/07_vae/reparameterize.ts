// deno-lint-ignore-file no-unused-vars
// Exercise 7.1: this file is yours. Replace the TODO below, then run `deno task grade`.
// Generated from lib/prob/likelihoods.ts; `deno task kit:reset 7.1` restores this stub.
import * as tf from "@tensorflow/tfjs";
import { standardNormal } from "../../lib/prob/normal_noise.ts";
import { TodoError } from "../_kit/todo.ts";

/**
 * z = µ + σ⊙ε with σ = exp(½·logVar) and ε ~ N(0, I) (`standardNormal(shape, seed)`): the
 * reparameterisation trick, a sample of N(µ, σ²) through which gradients flow to µ and logVar.
 */
export function reparameterize(mean: tf.Tensor, logVar: tf.Tensor, seed?: number): tf.Tensor {
  // TODO(7.1): σ = exp(½·logVar); ε = standardNormal(mean.shape, seed); z = mean + σ⊙ε.
  // Lecture: /lectures/03-vae-primer/#the-reparameterisation-trick
  // More hints: deno task grade hint 7.1
  throw new TodoError("7.1");
}
