// deno-lint-ignore-file no-unused-vars
// Exercise 6.3: this file is yours. Replace the TODO below, then run `deno task grade`.
// Generated from lib/train/step.ts; `deno task kit:reset 6.3` restores this stub.
import * as tf from "@tensorflow/tfjs";
import type { LossParts } from "../../lib/models/loss.ts";
import type { StepResult } from "../../lib/train/loop.ts";
import { TodoError } from "../_kit/todo.ts";

/**
 * One step of `optimizer` on `params` for the loss that `lossFn` builds (its gradient taken by
 * tfjs's autodiff inside `optimizer.minimize`). Returns the loss before the step, and its named
 * terms, as plain numbers; no tensor is left behind.
 */
export function optimizerStep(
  optimizer: tf.Optimizer,
  params: tf.Variable[],
  lossFn: () => LossParts,
): StepResult {
  // TODO(6.3): optimizer.minimize(f, true, params) computes the gradient of the scalar that f
  // returns w.r.t. params, applies the update, and (with true) returns that loss as a tensor.
  // Lecture: /lectures/02-neural-odes/#training-on-random-sub-sequences
  // More hints: deno task grade hint 6.3
  throw new TodoError("6.3");
}
