/**
 * Dense output, written plainly for one tensor (lecture 1): the solution at any time inside an
 * accepted step, from what the step already computed. The production code (interpolate.ts)
 * writes the same cubic Hermite polynomial as one fused linear combination;
 * tests/ode/plain_test.ts proves the two agree.
 *
 * EXERCISE regions are the exercise kit's references (see fixed_grid.ts).
 */
import * as tf from "@tensorflow/tfjs";
import type { DenseStep } from "./types.ts";
export type { DenseStep } from "./types.ts";

// EXERCISE 4.1 begin
/**
 * The cubic Hermite polynomial through (y0, slope f0) at x = 0 and (y1, slope f1) at x = 1, at
 * x = (t − t0)/h ∈ [0, 1] of a step of size h (slopes are per unit of time, hence the factor h):
 *   y(x) = (2x³ − 3x² + 1)·y0 + h·(x³ − 2x² + x)·f0 + (3x² − 2x³)·y1 + h·(x³ − x²)·f1.
 * Exact for cubic polynomials; from exact ends and slopes its error inside a step shrinks as h⁴:
 * third order as ODE methods count (order p: local error O(h^(p+1))). Returns a new tensor.
 */
export function hermiteInterpolate(
  x: number,
  h: number,
  y0: tf.Tensor,
  f0: tf.Tensor,
  y1: tf.Tensor,
  f1: tf.Tensor,
): tf.Tensor {
  // SOLUTION begin
  const x2 = x * x;
  const x3 = x2 * x;
  return tf.tidy(() =>
    tf.addN([
      tf.mul(2 * x3 - 3 * x2 + 1, y0),
      tf.mul(h * (x3 - 2 * x2 + x), f0),
      tf.mul(3 * x2 - 2 * x3, y1),
      tf.mul(h * (x3 - x2), f1),
    ])
  );
  // SOLUTION end
}
// EXERCISE 4.1 end

// EXERCISE 4.2 begin
/**
 * The solution at each requested time (increasing or not), from the accepted steps of a solve
 * (sorted, each starting where the previous one ended): for each time, the first step that ends
 * at or after it, interpolated with `hermiteInterpolate`. Returns [T, ...y0.shape].
 */
export function denseOutputAt(steps: readonly DenseStep[], times: readonly number[]): tf.Tensor {
  const start = steps[0]?.t0;
  const end = steps.length ? steps[steps.length - 1].t0 + steps[steps.length - 1].h : NaN;
  const outside = times.find((time) => !(time >= start && time <= end));
  if (outside !== undefined) {
    throw new RangeError(
      `denseOutputAt: time ${outside} is outside the steps' span [${start}, ${end}]`,
    );
  }
  // SOLUTION begin
  return tf.tidy(() =>
    tf.stack(times.map((time) => {
      const step = steps.find((s) => time <= s.t0 + s.h)!;
      const x = (time - step.t0) / step.h;
      return hermiteInterpolate(x, step.h, step.y0, step.f0, step.y1, step.f1);
    }))
  );
  // SOLUTION end
}
// EXERCISE 4.2 end
