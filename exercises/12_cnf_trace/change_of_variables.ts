// deno-lint-ignore-file no-unused-vars
// Exercise 12.3: this file is yours. Replace the TODO below, then run `deno task grade`.
// Generated from lib/models/cnf.ts; `deno task kit:reset 12.3` restores this stub.
import * as tf from "@tensorflow/tfjs";
import { type VectorField } from "../../lib/ode/mod.ts";
import { type FieldAndTrace } from "../../lib/models/trace_parts.ts";
import { TodoError } from "../_kit/todo.ts";

/**
 * fieldAndTrace(t, z): for n points z [n, d], a FieldAndTrace — dz = f(t, z) and trace, Tr(∂f/∂z)
 * per point (exact or Hutchinson). Returns the vector field, for the ODE solver, of the augmented
 * state y = [z, Δ], [n, d + 1]: each point's d coordinates and its running log-density change Δ.
 * Integrated from the data (z = x, Δ = 0 at t1) back to the base time t0 it gives log p(x) = log
 * N(z(t0); 0, I) − Δ(t0).
 *
 * Each call returns a new [n, d + 1] tensor and leaves nothing else; y stays the solver's.
 *
 * Derived in the lecture: /lectures/07-continuous-normalising-flows/#the-instantaneous-change-of-variables
 */
export function changeOfVariables(
  fieldAndTrace: (t: number, z: tf.Tensor2D) => FieldAndTrace,
  n: number,
  d: number,
): VectorField {
  // TODO(12.3): Write this function's body, then check it with `deno task grade 12.3`. Stuck?
  // `deno task hint 12.3` shows hint 1 of 3 (the grader counts the hints you use).
  throw new TodoError("12.3");
}
