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
 * One trial step of an embedded pair (e.g. DOPRI5) from (t, y) with step size h, where
 * f0 = f(t, y) is already known (the previous step's last stage, for first-same-as-last pairs):
 * compute the stages, the solution and its error estimate, the error ratio, decide, and propose
 * the next step size with `nextStepSize`. Costs s − 1 evaluations of f.
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
  // TODO(3.4): Chain the pieces: stages (reuse f0 as k1), embeddedStep, errorRatio, then accepted =
  // ratio ≤ 1 and hNext = nextStepSize(h, ratio, tableau.order).
  // Lecture: /lectures/01-odes-and-solvers/#adaptive-steps-dormandprince-dopri5
  // More hints: deno task grade hint 3.4
  throw new TodoError("3.4");
}
