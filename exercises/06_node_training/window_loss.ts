// deno-lint-ignore-file no-unused-vars
// Exercise 6.2: this file is yours. Replace the TODO below, then run `deno task grade`.
// Generated from lib/models/node.ts; `deno task kit:reset 6.2` restores this stub.
import * as tf from "@tensorflow/tfjs";
import type { LossParts } from "../../lib/models/loss.ts";
import type { TrajectoryBatch } from "../../lib/models/batch.ts";
import { TodoError } from "../_kit/todo.ts";

/**
 * How well a Neural ODE fits a batch of observed windows: simulate from each window's first
 * observation, `predict(batch.y0, batch.t)` → [L, B, D], and compare with every observation
 * `batch.target` [L, B, D]. "mse": the mean squared error (least squares, i.e. maximum likelihood
 * under Gaussian noise); "l1": the mean absolute error (torchdiffeq's ode_demo). Returns the loss
 * and one term named after the kind.
 */
export function windowLoss(
  predict: (y0: tf.Tensor, t: number[]) => tf.Tensor,
  batch: TrajectoryBatch,
  kind: "mse" | "l1" = "mse",
): LossParts {
  // TODO(6.2): pred = predict(batch.y0, batch.t) is [L, B, D] like batch.target; the loss is the
  // mean of (pred − target)² over everything (or of |pred − target| for "l1").
  // Lecture: /lectures/02-neural-odes/#training-on-random-sub-sequences
  // More hints: deno task grade hint 6.2
  throw new TodoError("6.2");
}
