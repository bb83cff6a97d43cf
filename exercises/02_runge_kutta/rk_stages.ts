// deno-lint-ignore-file no-unused-vars
// Exercise 2.1: this file is yours. Replace the TODO below, then run `deno task grade`.
// Generated from lib/ode/plain/runge_kutta.ts; `deno task kit:reset 2.1` restores this stub.
import * as tf from "@tensorflow/tfjs";
import type { VectorField } from "../../lib/ode/solve.ts";
import type { ButcherTableau } from "../../lib/ode/tableaux.ts";
import { TodoError } from "../_kit/todo.ts";

/**
 * The stages of one explicit Runge–Kutta step of size h from (t, y) with tableau (c, a, b):
 *   k_i = f(t + c_i·h, y + h·Σ_{j<i} a_ij·k_j),   i = 1 … s   (a_1j = 0, so k_1 = f(t, y)).
 * `k1` is f(t, y) when the caller already has it (first-same-as-last methods reuse the previous
 * step's last stage): then f is called s − 1 times instead of s. Returns [k_1, …, k_s]; the
 * caller disposes them.
 */
export function rkStages(
  f: VectorField,
  tableau: ButcherTableau,
  t: number,
  y: tf.Tensor,
  h: number,
  k1?: tf.Tensor,
): tf.Tensor[] {
  // TODO(2.1): k_1 = f(t, y) (or the k1 you were given). For stage i ≥ 2, build the stage's input
  // y_i = y + h·Σ_{j<i} a[i][j]·k_j, then k_i = f(t + c[i]·h, y_i).
  // Lecture: /lectures/01-odes-and-solvers/#rungekutta-methods-and-butcher-tableaux
  // More hints: deno task grade hint 2.1
  throw new TodoError("2.1");
}
