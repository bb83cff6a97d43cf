/**
 * Lecture 1's first solver, written plainly for one tensor: the Euler step and the fixed-grid
 * loop. Production code runs the same algorithms on state tuples with fused linear combinations
 * (integrate_fixed.ts, rk_step.ts); tests/ode/plain_test.ts proves the two agree.
 *
 * The regions marked EXERCISE are the exercise kit's references: `deno task kit:generate` turns
 * them into solutions/ and into the learners' stubs in exercises/.
 */
import * as tf from "@tensorflow/tfjs";
import type { VectorField } from "../solve.ts";
import type { StepFunction } from "./types.ts";
export type { StepFunction } from "./types.ts";

// EXERCISE 1.1 begin
/**
 * One explicit Euler step of dy/dt = f(t, y): the tangent line followed for a time h,
 *   y(t + h) ≈ y + h·f(t, y).
 * h may be negative (a step backward in time). Returns a new tensor shaped like y; y is kept.
 */
export function eulerStep(f: VectorField, t: number, y: tf.Tensor, h: number): tf.Tensor {
  // SOLUTION begin
  return tf.tidy(() => tf.add(y, tf.mul(h, f(t, y))));
  // SOLUTION end
}
// EXERCISE 1.1 end

// EXERCISE 1.2 begin
/**
 * Solves dy/dt = f(t, y), y(t[0]) = y0 on the grid t (strictly increasing or strictly
 * decreasing) by one `step` from each grid time to the next: y_{i+1} = step(f, t_i, y_i,
 * t_{i+1} − t_i). Returns the states at all grid times stacked, [T, ...y0.shape]; the first row
 * is y0 itself.
 */
export function fixedGridSolve(
  f: VectorField,
  y0: tf.Tensor,
  t: readonly number[],
  step: StepFunction = eulerStep,
): tf.Tensor {
  // SOLUTION begin
  return tf.tidy(() => {
    const states = [y0];
    for (let i = 1; i < t.length; i++) {
      states.push(step(f, t[i - 1], states[i - 1], t[i] - t[i - 1]));
    }
    return tf.stack(states);
  });
  // SOLUTION end
}
// EXERCISE 1.2 end
