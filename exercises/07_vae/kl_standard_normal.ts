// deno-lint-ignore-file no-unused-vars
// Exercise 7.2: this file is yours. Replace the TODO below, then run `deno task grade`.
// Generated from lib/prob/likelihoods.ts; `deno task kit:reset 7.2` restores this stub.
import * as tf from "@tensorflow/tfjs";
import { sumPerSample } from "../../lib/prob/reductions.ts";
import { TodoError } from "../_kit/todo.ts";

/** KL(N(mean, exp(logVar)) ‖ N(0, 1)) = ½ Σ (µ² + σ² − 1 − log σ²), per sample. */
export function klStandardNormal(mean: tf.Tensor, logVar: tf.Tensor): tf.Tensor1D {
  // TODO(7.2): Elementwise ½(µ² + σ² − 1 − log σ²) with σ² = exp(logVar) and log σ² = logVar, then
  // one sum per sample.
  // Lecture: /lectures/03-vae-primer/#a-kl-term-in-closed-form
  // More hints: deno task grade hint 7.2
  throw new TodoError("7.2");
}
