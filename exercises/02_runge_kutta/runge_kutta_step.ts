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
 * One step of the explicit Runge–Kutta method `tableau` from the state y at time t with step size h
 * (negative: backward in time). Returns the approximate state at t + h, a new tensor shaped like y.
 * Midpoint, Heun, RK4 … differ only in their tableau.
 *
 * Uses the library's rkStages (task 2.1), so f is called s times. Every weight in b counts, zero or
 * negative. y stays the caller's; only the result is left (the stages are freed).
 *
 * Derived in the lecture: /lectures/01-odes-and-solvers/#rungekutta-methods-and-butcher-tableaux
 */
export function rungeKuttaStep(
  f: VectorField,
  tableau: ButcherTableau,
  t: number,
  y: tf.Tensor,
  h: number,
): tf.Tensor {
  // TODO(2.2): Write this function's body, then check it with `deno task grade 2.2`. Stuck?
  // `deno task hint 2.2` shows hint 1 of 3 (the grader counts the hints you use).
  throw new TodoError("2.2");
}
