// deno-lint-ignore-file no-unused-vars
// Exercise 3.4: this file is yours. Replace the TODO below, then run `deno task grade`.
// Generated from lib/ode/plain/adaptive_step.ts; `deno task kit:reset 3.4` restores this stub.
// It calls the library's nextStepSize (task 3.3), rkStages (task 2.1), embeddedStep (task 3.1),
// errorRatio (task 3.2), not your own files: each task is graded on its own.
import * as tf from "@tensorflow/tfjs";
import type { VectorField } from "../../lib/ode/solve.ts";
import { nextStepSize } from "../../lib/ode/step_control.ts";
import type { ButcherTableau } from "../../lib/ode/tableaux.ts";
import { rkStages } from "../../lib/ode/plain/runge_kutta.ts";
import type { Tolerances, TrialStep } from "../../lib/ode/plain/types.ts";
import { embeddedStep, errorRatio } from "../../lib/ode/plain/adaptive_step.ts";
import { TodoError } from "../_kit/todo.ts";

/**
 * One trial step of an embedded pair (e.g. DOPRI5) from the state y at time t with step size h; f0
 * = f(t, y) is already known (the previous step's last stage, for first-same-as-last pairs); tol
 * holds rtol and atol. Returns a TrialStep: accepted (true when the error ratio is ≤ 1, the
 * boundary included, as in torchdiffeq), the ratio, hNext (the step size to try next, whether
 * accepted or not), y1 (the solution at t + h) and the stages k, with k[0] the f0 given.
 *
 * Costs s − 1 evaluations of f (6 for dopri5; the tests count). It calls the library's functions of
 * tasks 2.1, 3.1, 3.2 and 3.3. Leaves behind only y1 and k[1 …] (the caller keeps or disposes
 * them); y and f0 stay the caller's.
 *
 * Derived in the lecture: /lectures/01-odes-and-solvers/#adaptive-steps-dormandprince-dopri5
 */
export function adaptiveStep(
  f: VectorField,
  tableau: ButcherTableau,
  t: number,
  y: tf.Tensor,
  f0: tf.Tensor,
  h: number,
  tol: Tolerances,
): TrialStep {
  // TODO(3.4): Write this function's body, then check it with `deno task grade 3.4`. Stuck?
  // `deno task hint 3.4` shows hint 1 of 3 (the grader counts the hints you use).
  throw new TodoError("3.4");
}
