// deno-lint-ignore-file no-unused-vars
// Exercise 3.1: this file is yours. Replace the TODO below, then run `deno task grade`.
// Generated from lib/ode/plain/adaptive_step.ts; `deno task kit:reset 3.1` restores this stub.
import * as tf from "@tensorflow/tfjs";
import type { ButcherTableau } from "../../lib/ode/tableaux.ts";
import { TodoError } from "../_kit/todo.ts";

/**
 * y: the state at the start of a step of size h; k: the step's stages (as rkStages returns them)
 * for a tableau with error weights e, which the tableau stores as the difference between its
 * solution weights and the embedded lower-order weights. Returns { y1, err }: the solution at the
 * end of the step and the local error estimate, two new tensors shaped like y.
 *
 * No new evaluation of f. A tableau without e throws (done for you). y and the stages stay the
 * caller's; nothing else is left behind.
 *
 * Derived in the lecture: /lectures/01-odes-and-solvers/#adaptive-steps-dormandprince-dopri5
 */
export function embeddedStep(
  y: tf.Tensor,
  k: readonly tf.Tensor[],
  tableau: ButcherTableau,
  h: number,
): { y1: tf.Tensor; err: tf.Tensor } {
  if (!tableau.e) throw new Error(`embeddedStep: ${tableau.name} has no error weights e`);
  const e = tableau.e;
  // TODO(3.1): Write this function's body, then check it with `deno task grade 3.1`. Stuck?
  // `deno task hint 3.1` shows hint 1 of 3 (the grader counts the hints you use).
  throw new TodoError("3.1");
}
