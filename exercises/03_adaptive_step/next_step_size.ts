// deno-lint-ignore-file no-unused-vars
// Exercise 3.3: this file is yours. Replace the TODO below, then run `deno task grade`.
// Generated from lib/ode/step_control.ts; `deno task kit:reset 3.3` restores this stub.
import { MAX_GROWTH, MAX_SHRINK, SAFETY } from "../../lib/ode/step_constants.ts";
import { TodoError } from "../_kit/todo.ts";

/**
 * dt: the step size just tried; ratio: that step's error ratio (≥ 0, 1 = exactly at the tolerance;
 * Infinity or NaN when the trial step overflowed); order: the order of the method's error estimate.
 * Returns the step size to try next, a plain number with the sign and units of dt.
 *
 * Must hold: after a step with ratio < 1 the step never shrinks; no step grows by more than a
 * factor MAX_GROWTH or shrinks by more than a factor MAX_SHRINK (both imported, with SAFETY); a
 * zero ratio grows by the largest factor, a non-finite ratio shrinks by the largest factor.
 *
 * Derived in the lecture: /lectures/01-odes-and-solvers/#adaptive-steps-dormandprince-dopri5
 */
export function nextStepSize(dt: number, ratio: number, order: number): number {
  // TODO(3.3): Write this function's body, then check it with `deno task grade 3.3`. Stuck?
  // `deno task hint 3.3` shows hint 1 of 3 (the grader counts the hints you use).
  throw new TodoError("3.3");
}
