// deno-lint-ignore-file no-unused-vars
// Exercise 3.3: this file is yours. Replace the TODO below, then run `deno task grade`.
// Generated from lib/ode/step_control.ts; `deno task kit:reset 3.3` restores this stub.
import { MAX_GROWTH, MAX_SHRINK, SAFETY } from "../../lib/ode/step_constants.ts";
import { TodoError } from "../_kit/todo.ts";

/**
 * Next step size after a step with error ratio r for a method of the given order:
 * dt·min(10, max(0.9·r^(−1/order), r < 1 ? 1 : 0.2)); r = 0 grows by the maximum factor.
 * A non-finite r (the trial step overflowed) shrinks by the maximum factor.
 */
export function nextStepSize(dt: number, ratio: number, order: number): number {
  // TODO(3.3): The error of a step of order p scales like h^(p+1); aim a little under the
  // tolerance: factor = 0.9·ratio^(−1/order), then clip it to at most 10 and at least 0.2.
  // Lecture: /lectures/01-odes-and-solvers/#adaptive-steps-dormandprince-dopri5
  // More hints: deno task grade hint 3.3
  throw new TodoError("3.3");
}
