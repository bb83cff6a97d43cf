// deno-lint-ignore-file no-unused-vars
// Exercise 8.2: this file is yours. Replace the TODO below, then run `deno task grade`.
// Generated from lib/nn/bnn.ts; `deno task kit:reset 8.2` restores this stub.
import * as tf from "@tensorflow/tfjs";
import { klGaussians } from "../../lib/prob/reductions.ts";
import { TodoError } from "../_kit/todo.ts";

/**
 * means and rhos: the posterior's µ and ρ for each weight tensor (σ = softplus(ρ)), as in task 8.1;
 * priorStd > 0: the standard deviation of the prior N(0, priorStd²) on every weight. Returns
 * KL(q(w) ‖ p(w)) summed over every element of every tensor: a scalar tensor ≥ 0, differentiable in
 * every µ and ρ.
 *
 * klGaussians (imported) sums the Gaussian KL over one tensor, given both means and both
 * log-variances. Inputs stay the caller's; only the scalar is left.
 *
 * Derived in the lecture: /lectures/04-odevae/#the-variational-posterior
 */
export function meanFieldKl(
  means: readonly tf.Tensor[],
  rhos: readonly tf.Tensor[],
  priorStd: number,
): tf.Scalar {
  // TODO(8.2): Write this function's body, then check it with `deno task grade 8.2`. Stuck?
  // `deno task hint 8.2` shows hint 1 of 3 (the grader counts the hints you use).
  throw new TodoError("8.2");
}
