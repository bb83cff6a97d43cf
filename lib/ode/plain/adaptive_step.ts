/**
 * One trial step of an adaptive embedded Runge–Kutta pair such as dopri5, written plainly for
 * one tensor (lecture 1): the step and its error estimate, the error ratio, accept or reject,
 * and the next step size (step_control.ts's `nextStepSize`, shared with production). The
 * production loop (integrate_adaptive.ts) runs the same algorithm on state tuples;
 * tests/ode/plain_test.ts proves that adaptive_solve.ts, built on this file, takes exactly its
 * steps.
 *
 * EXERCISE regions are the exercise kit's references (see fixed_grid.ts).
 */
import * as tf from "@tensorflow/tfjs";
import type { VectorField } from "../solve.ts";
import { nextStepSize } from "../step_control.ts";
import type { ButcherTableau } from "../tableaux.ts";
import { rkStages } from "./runge_kutta.ts";
import type { Tolerances, TrialStep } from "./types.ts";
export type { Tolerances, TrialStep } from "./types.ts";

// EXERCISE 3.1 begin
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
  // SOLUTION begin
  return tf.tidy(() => {
    let y1 = y;
    let err = tf.zerosLike(y);
    k.forEach((ki, i) => {
      if (tableau.b[i] !== 0) y1 = tf.add(y1, tf.mul(h * tableau.b[i], ki));
      if (e[i] !== 0) err = tf.add(err, tf.mul(h * e[i], ki));
    });
    return { y1, err };
  });
  // SOLUTION end
}
// EXERCISE 3.1 end

// EXERCISE 3.2 begin
/**
 * How large the error estimate is compared with what the tolerances allow, as one number:
 *   ratio = RMS over all elements of err / (atol + rtol·max(|y0|, |y1|)).
 * ratio ≤ 1 means the step is accurate enough (torchdiffeq's rule).
 */
export function errorRatio(
  err: tf.Tensor,
  y0: tf.Tensor,
  y1: tf.Tensor,
  rtol: number,
  atol: number,
): number {
  // SOLUTION begin
  const ratio = tf.tidy(() => {
    const scale = tf.add(atol, tf.mul(rtol, tf.maximum(tf.abs(y0), tf.abs(y1))));
    return tf.sqrt(tf.mean(tf.square(tf.div(err, scale))));
  });
  const value = ratio.dataSync()[0];
  ratio.dispose();
  return value;
  // SOLUTION end
}
// EXERCISE 3.2 end

// EXERCISE 3.4 begin
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
  // SOLUTION begin
  const k = rkStages(f, tableau, t, y, h, f0);
  const { y1, err } = embeddedStep(y, k, tableau, h);
  const ratio = errorRatio(err, y, y1, tol.rtol, tol.atol);
  err.dispose();
  return { accepted: ratio <= 1, ratio, hNext: nextStepSize(h, ratio, tableau.order), y1, k };
  // SOLUTION end
}
// EXERCISE 3.4 end
