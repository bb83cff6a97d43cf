// deno-lint-ignore-file no-unused-vars
// Exercise 6.2: this file is yours. Replace the TODO below, then run `deno task grade`.
// Generated from lib/models/node.ts; `deno task kit:reset 6.2` restores this stub.
import * as tf from "@tensorflow/tfjs";
import type { LossParts } from "../../lib/models/loss.ts";
import type { TrajectoryBatch } from "../../lib/models/batch.ts";
import { TodoError } from "../_kit/todo.ts";

/**
 * predict(y0, t): simulates the model from the initial states y0 [B, D] over the L times t and
 * returns the trajectory [L, B, D]. batch: a TrajectoryBatch (t, y0 [B, D] and target [L, B, D],
 * the observed windows). kind: "mse" (mean squared error, least squares) or "l1" (mean absolute
 * error, as in torchdiffeq's ode_demo), each averaged over every element. Returns LossParts: the
 * scalar loss and terms with one entry named after the kind (the same scalar).
 *
 * Gradients must flow from the loss to whatever predict depends on. batch stays the caller's; only
 * the loss is left (the prediction is freed).
 *
 * Derived in the lecture: /lectures/02-neural-odes/#training-on-random-sub-sequences
 */
export function windowLoss(
  predict: (y0: tf.Tensor, t: number[]) => tf.Tensor,
  batch: TrajectoryBatch,
  kind: "mse" | "l1" = "mse",
): LossParts {
  // TODO(6.2): Write this function's body, then check it with `deno task grade 6.2`. Stuck?
  // `deno task hint 6.2` shows hint 1 of 3 (the grader counts the hints you use).
  throw new TodoError("6.2");
}
