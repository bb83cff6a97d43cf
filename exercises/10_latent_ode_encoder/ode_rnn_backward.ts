// deno-lint-ignore-file no-unused-vars
// Exercise 10.2: this file is yours. Replace the TODO below, then run `deno task grade`.
// Generated from lib/models/latent_ode.ts; `deno task kit:reset 10.2` restores this stub.
import * as tf from "@tensorflow/tfjs";
import { TodoError } from "../_kit/todo.ts";

/**
 * The ODE-RNN encoder's pass over irregularly timed series, read backward in time: series b is
 * observed at its own sorted times times[b][0 … K−1]. Starting from h0 at the last observation,
 * for k = K−1 down to 0: first (for k < K−1) `evolve` h from observation k + 1 back to k, by each
 * series' own gap times[b][k] − times[b][k+1] (≤ 0); then `update(k, h)` folds observation k in.
 * After observation 0, evolve back to t0 by t0 − times[b][0]. Returns h at t0, [B, H]. Call it
 * inside tf.tidy (the intermediate states are the caller's to free).
 */
export function odeRnnBackward(
  times: readonly (readonly number[])[],
  h0: tf.Tensor2D,
  t0: number,
  evolve: (h: tf.Tensor2D, dt: number[]) => tf.Tensor2D,
  update: (k: number, h: tf.Tensor2D) => tf.Tensor2D,
): tf.Tensor2D {
  const K = times[0]?.length ?? 0;
  // TODO(10.2): Loop k = K−1 … 0. Before folding in observation k (except the last one), evolve h
  // by the gaps times[b][k] − times[b][k+1], one per series; then h = update(k, h).
  // Lecture: /lectures/05-latent-odes/#the-ode-rnn-encoder
  // More hints: deno task grade hint 10.2
  throw new TodoError("10.2");
}
