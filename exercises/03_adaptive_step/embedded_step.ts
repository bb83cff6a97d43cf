// deno-lint-ignore-file no-unused-vars
// Exercise 3.1: this file is yours. Replace the TODO below, then run `deno task grade`.
// Generated from lib/ode/plain/adaptive_step.ts; `deno task kit:reset 3.1` restores this stub.
import * as tf from "@tensorflow/tfjs";
import type { ButcherTableau } from "../../lib/ode/tableaux.ts";
import { TodoError } from "../_kit/todo.ts";

/**
 * The two results of an embedded pair from the same stages k: the solution
 *   y1 = y + h·Σ b_i·k_i
 * and the local error estimate, the difference between it and the embedded lower-order solution
 * (weights b̂), which the tableau stores as e = b − b̂:
 *   err = h·Σ e_i·k_i.
 * Returns two new tensors shaped like y.
 */
export function embeddedStep(
  y: tf.Tensor,
  k: readonly tf.Tensor[],
  tableau: ButcherTableau,
  h: number,
): { y1: tf.Tensor; err: tf.Tensor } {
  if (!tableau.e) throw new Error(`embeddedStep: ${tableau.name} has no error weights e`);
  const e = tableau.e;
  // TODO(3.1): Two weighted sums of the same stages: y1 = y + h·Σ b_i·k_i and err = h·Σ e_i·k_i (e
  // = b − b̂ is already in the tableau).
  // Lecture: /lectures/01-odes-and-solvers/#adaptive-steps-dormandprince-dopri5
  // More hints: deno task grade hint 3.1
  throw new TodoError("3.1");
}
