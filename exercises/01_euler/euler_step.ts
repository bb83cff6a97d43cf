// deno-lint-ignore-file no-unused-vars
// Exercise 1.1: this file is yours. Replace the TODO below, then run `deno task grade`.
// Generated from lib/ode/plain/fixed_grid.ts; `deno task kit:reset 1.1` restores this stub.
import * as tf from "@tensorflow/tfjs";
import type { VectorField } from "../../lib/ode/solve.ts";
import { TodoError } from "../_kit/todo.ts";

/**
 * One explicit Euler step of dy/dt = f(t, y): the tangent line followed for a time h,
 *   y(t + h) ≈ y + h·f(t, y).
 * h may be negative (a step backward in time). Returns a new tensor shaped like y; y is kept.
 */
export function eulerStep(f: VectorField, t: number, y: tf.Tensor, h: number): tf.Tensor {
  // TODO(1.1): Evaluate the field once, f(t, y), and follow it for a time h: y + h·f(t, y). tf.add
  // and tf.mul accept a plain number for h.
  // Lecture: /lectures/01-odes-and-solvers/#eulers-method
  // More hints: deno task grade hint 1.1
  throw new TodoError("1.1");
}
