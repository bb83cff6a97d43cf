// deno-lint-ignore-file no-unused-vars
// Exercise 2.2: this file is yours. Replace the TODO below, then run `deno task grade`.
// Generated from lib/ode/plain/runge_kutta.ts; `deno task kit:reset 2.2` restores this stub.
// It calls the library's rkStages (task 2.1), not your own file: each task is graded on its own.
import * as tf from "@tensorflow/tfjs";
import type { VectorField } from "../../lib/ode/solve.ts";
import type { ButcherTableau } from "../../lib/ode/tableaux.ts";
import { rkStages } from "../../lib/ode/plain/runge_kutta.ts";
import { TodoError } from "../_kit/todo.ts";

/**
 * One explicit Runge–Kutta step: y(t + h) ≈ y + h·Σ_i b_i·k_i, with the stages k_i of
 * `rkStages`. Midpoint, Heun, RK4 … differ only in their tableau. Returns a new tensor.
 */
export function rungeKuttaStep(
  f: VectorField,
  tableau: ButcherTableau,
  t: number,
  y: tf.Tensor,
  h: number,
): tf.Tensor {
  // TODO(2.2): Get the stages with rkStages(f, tableau, t, y, h), then combine them with the
  // solution weights: y1 = y + h·Σ_i tableau.b[i]·k_i.
  // Lecture: /lectures/01-odes-and-solvers/#rungekutta-methods-and-butcher-tableaux
  // More hints: deno task grade hint 2.2
  throw new TodoError("2.2");
}
