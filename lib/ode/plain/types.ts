/**
 * The types shared by lecture 1's plain solver (fixed_grid.ts, adaptive_step.ts,
 * dense_output.ts) and its exercises. They live apart from those files because those files hold
 * the exercise kit's answers: a stub that needs a type's fields must not have to read them
 * between two answers.
 */
import * as tf from "@tensorflow/tfjs";
import type { VectorField } from "../solve.ts";

/** A one-step method: the state at t + h from the state y at t (a new tensor). */
export type StepFunction = (f: VectorField, t: number, y: tf.Tensor, h: number) => tf.Tensor;

/** Relative and absolute tolerance of an adaptive solve. */
export interface Tolerances {
  rtol: number;
  atol: number;
}

/** What one trial step found. */
export interface TrialStep {
  /** True when the error ratio is ≤ 1: the solver moves on to t + h. */
  accepted: boolean;
  ratio: number;
  /** The step size to try next (after an accepted or a rejected step). */
  hNext: number;
  /** The solution at t + h: the caller keeps it (accepted) or disposes it (rejected). */
  y1: tf.Tensor;
  /** The stages k_1 … k_s; k_1 is the f0 passed in. The caller disposes k_2 … k_s. */
  k: tf.Tensor[];
}

/** An accepted step from t0 to t0 + h, with the values and slopes at both ends. */
export interface DenseStep {
  t0: number;
  h: number;
  y0: tf.Tensor;
  /** f(t0, y0) */
  f0: tf.Tensor;
  y1: tf.Tensor;
  /** f(t0 + h, y1) (for first-same-as-last pairs: the step's last stage) */
  f1: tf.Tensor;
}
