// deno-lint-ignore-file no-unused-vars
// Exercise 10.2: this file is yours. Replace the TODO below, then run `deno task grade`.
// Generated from lib/models/latent_ode.ts; `deno task kit:reset 10.2` restores this stub.
import * as tf from "@tensorflow/tfjs";
import { TodoError } from "../_kit/todo.ts";

/**
 * times: each series' K sorted observation times, times[b][0 … K−1] (each series has its own); h0:
 * the hidden states at the last observation, [B, H]; t0: the time to end at (at or before every
 * first observation); evolve(h, dt): moves h by each series' own time step dt[b] (a list of B
 * numbers); update(k, h): folds observation k into h (an RNN cell). Returns the hidden states at
 * t0, [B, H].
 *
 * Reads the series backward in time, so every time step handed to evolve is ≤ 0; each observation
 * is folded in exactly once, and evolve is called K times (the tests record the calls). Call it
 * inside tf.tidy: the intermediate states are the caller's to free.
 *
 * Derived in the lecture: /lectures/05-latent-odes/#the-ode-rnn-encoder
 */
export function odeRnnBackward(
  times: readonly (readonly number[])[],
  h0: tf.Tensor2D,
  t0: number,
  evolve: (h: tf.Tensor2D, dt: number[]) => tf.Tensor2D,
  update: (k: number, h: tf.Tensor2D) => tf.Tensor2D,
): tf.Tensor2D {
  const K = times[0]?.length ?? 0;
  // TODO(10.2): Write this function's body, then check it with `deno task grade 10.2`. Stuck?
  // `deno task hint 10.2` shows hint 1 of 3 (the grader counts the hints you use).
  throw new TodoError("10.2");
}
