// deno-lint-ignore-file no-unused-vars
// Exercise 12.3: this file is yours. Replace the TODO below, then run `deno task grade`.
// Generated from lib/models/cnf.ts; `deno task kit:reset 12.3` restores this stub.
import * as tf from "@tensorflow/tfjs";
import { type VectorField } from "../../lib/ode/mod.ts";
import { type FieldAndTrace } from "../../lib/models/trace_parts.ts";
import { TodoError } from "../_kit/todo.ts";

/**
 * The instantaneous change of variables as one ODE on the augmented state y = [z, Δ] ([n, d + 1]:
 * the d coordinates of each point and one running log-density change):
 *   dz/dt = f(t, z),   dΔ/dt = −Tr(∂f/∂z(t, z)).
 * Integrated from the data (z = x, Δ = 0 at t1) back to the base time t0, it gives
 * log p(x) = log N(z(t0); 0, I) − Δ(t0). `fieldAndTrace(t, z)` returns f and the trace (exact or
 * Hutchinson). Returns the augmented field for odeint.
 */
export function changeOfVariables(
  fieldAndTrace: (t: number, z: tf.Tensor2D) => FieldAndTrace,
  n: number,
  d: number,
): VectorField {
  // TODO(12.3): Return (t, y) => …: split z = the first d columns of y ([n, d + 1]), get { dz,
  // trace } from fieldAndTrace(t, z), and put [dz, −trace] back together as [n, d + 1].
  // Lecture: /lectures/07-continuous-normalising-flows/#the-instantaneous-change-of-variables
  // More hints: deno task grade hint 12.3
  throw new TodoError("12.3");
}
