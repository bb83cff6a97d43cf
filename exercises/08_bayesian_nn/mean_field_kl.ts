// deno-lint-ignore-file no-unused-vars
// Exercise 8.2: this file is yours. Replace the TODO below, then run `deno task grade`.
// Generated from lib/nn/bnn.ts; `deno task kit:reset 8.2` restores this stub.
import * as tf from "@tensorflow/tfjs";
import { klGaussians } from "../../lib/prob/reductions.ts";
import { TodoError } from "../_kit/todo.ts";

/**
 * KL(q(w) ‖ p(w)) of a mean-field Gaussian posterior q = Π N(µ, softplus(ρ)²) against the prior
 * p = Π N(0, priorStd²), summed over every element of every tensor: a scalar. `klGaussians`
 * gives one tensor's sum from the posterior's mean and log-variance.
 */
export function meanFieldKl(
  means: readonly tf.Tensor[],
  rhos: readonly tf.Tensor[],
  priorStd: number,
): tf.Scalar {
  // TODO(8.2): klGaussians(meanQ, logVarQ, meanP, logVarP) sums one tensor's KL. Here meanP = 0,
  // logVarP = 2·log(priorStd) and logVarQ = 2·log(softplus(ρ)).
  // Lecture: /lectures/04-odevae/#the-variational-posterior
  // More hints: deno task grade hint 8.2
  throw new TodoError("8.2");
}
