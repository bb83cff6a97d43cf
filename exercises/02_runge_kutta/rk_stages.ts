// deno-lint-ignore-file no-unused-vars
// Exercise 2.1: this file is yours. Replace the TODO below, then run `deno task grade`.
// Generated from lib/ode/plain/runge_kutta.ts; `deno task kit:reset 2.1` restores this stub.
import * as tf from "@tensorflow/tfjs";
import type { VectorField } from "../../lib/ode/solve.ts";
import type { ButcherTableau } from "../../lib/ode/tableaux.ts";
import { TodoError } from "../_kit/todo.ts";

/**
 * tableau: an explicit Butcher tableau with s stages (ButcherTableau: nodes c, the lower-triangular
 * rows a — row i has one entry per earlier stage — and weights b); y: the state at time t; h: the
 * step size. Returns the s stage derivatives [k_1, …, k_s] of one step, new tensors shaped like y
 * (k_1 is k1 itself when k1 is given).
 *
 * k1, when given, is f(t, y) already computed (first-same-as-last pairs reuse the previous step's
 * last stage): f is then called s − 1 times, otherwise s times (the tests count). Entries of a may
 * be zero or negative. The caller disposes the stages; nothing else is left behind.
 *
 * Derived in the lecture: /lectures/01-odes-and-solvers/#rungekutta-methods-and-butcher-tableaux
 */
export function rkStages(
  f: VectorField,
  tableau: ButcherTableau,
  t: number,
  y: tf.Tensor,
  h: number,
  k1?: tf.Tensor,
): tf.Tensor[] {
  // TODO(2.1): Write this function's body, then check it with `deno task grade 2.1`. Stuck?
  // `deno task hint 2.1` shows hint 1 of 3 (the grader counts the hints you use).
  throw new TodoError("2.1");
}
