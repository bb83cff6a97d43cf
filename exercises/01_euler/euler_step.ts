// deno-lint-ignore-file no-unused-vars
// Exercise 1.1: this file is yours. Replace the TODO below, then run `deno task grade`.
// Generated from lib/ode/plain/fixed_grid.ts; `deno task kit:reset 1.1` restores this stub.
import * as tf from "@tensorflow/tfjs";
import type { VectorField } from "../../lib/ode/solve.ts";
import { TodoError } from "../_kit/todo.ts";

/**
 * f(t, y) is the vector field of dy/dt = f(t, y): it returns a new tensor shaped like y. t is the
 * current time, y the state at t (any shape, float32), h the step size in the same units as t
 * (negative: a step backward in time).
 *
 * Returns the explicit Euler approximation of the state at t + h, a new tensor shaped like y. Calls
 * f exactly once. y stays the caller's; nothing else is left behind.
 *
 * Derived in the lecture: /lectures/01-odes-and-solvers/#eulers-method
 */
export function eulerStep(f: VectorField, t: number, y: tf.Tensor, h: number): tf.Tensor {
  // TODO(1.1): Write this function's body, then check it with `deno task grade 1.1`. Stuck?
  // `deno task hint 1.1` shows hint 1 of 3 (the grader counts the hints you use).
  throw new TodoError("1.1");
}
