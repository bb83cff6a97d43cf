// deno-lint-ignore-file no-unused-vars
// Exercise 6.3: this file is yours. Replace the TODO below, then run `deno task grade`.
// Generated from lib/train/step.ts; `deno task kit:reset 6.3` restores this stub.
import * as tf from "@tensorflow/tfjs";
import type { LossParts } from "../../lib/models/loss.ts";
import type { StepResult } from "../../lib/train/loop.ts";
import { TodoError } from "../_kit/todo.ts";

/**
 * optimizer: a tfjs optimiser (Adam, SGD …); params: the variables it updates; lossFn(): builds the
 * loss on the current params and returns LossParts (a scalar loss and optional named scalar terms).
 * Takes one optimiser step on params and returns the loss before the step and its terms as plain
 * numbers (a StepResult: { loss }, or { loss, terms } when lossFn gave terms).
 *
 * The gradient is tfjs's autodiff of the loss with respect to params; params change only through
 * the optimiser. No tensor is left behind: the loss, its terms and the gradients are all freed.
 *
 * Derived in the lecture: /lectures/02-neural-odes/#training-on-random-sub-sequences
 */
export function optimizerStep(
  optimizer: tf.Optimizer,
  params: tf.Variable[],
  lossFn: () => LossParts,
): StepResult {
  // TODO(6.3): Write this function's body, then check it with `deno task grade 6.3`. Stuck?
  // `deno task hint 6.3` shows hint 1 of 3 (the grader counts the hints you use).
  throw new TodoError("6.3");
}
