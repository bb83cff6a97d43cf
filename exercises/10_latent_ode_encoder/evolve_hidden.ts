// deno-lint-ignore-file no-unused-vars
// Exercise 10.1: this file is yours. Replace the TODO below, then run `deno task grade`.
// Generated from lib/models/latent_ode.ts; `deno task kit:reset 10.1` restores this stub.
import * as tf from "@tensorflow/tfjs";
import { TodoError } from "../_kit/todo.ts";

/**
 * The ODE part of an ODE-RNN between two observations: evolves every series' hidden state by its
 * own time step, h[b] over dt[b] (negative when the encoder goes back in time), under
 * dh/dt = field(h), with `substeps` Euler steps of size dt[b]/substeps each. h: [B, H]. Returns
 * a new tensor, or h itself when every dt is 0.
 */
export function evolveHidden(
  field: (h: tf.Tensor) => tf.Tensor,
  h: tf.Tensor2D,
  dt: readonly number[],
  substeps: number,
): tf.Tensor2D {
  if (dt.every((d) => d === 0)) return h;
  // TODO(10.1): Make the per-series step a column: tf.tensor2d(dt.map((d) => d / substeps), [B,
  // 1]); it broadcasts over the H hidden units.
  // Lecture: /lectures/05-latent-odes/#the-ode-rnn-encoder
  // More hints: deno task grade hint 10.1
  throw new TodoError("10.1");
}
