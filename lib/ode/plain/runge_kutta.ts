/**
 * An explicit Runge–Kutta step for any Butcher tableau, written plainly for one tensor (lecture
 * 1). The production stepper (rk_step.ts) computes the same stages on state tuples with one fused
 * op per linear combination; tests/ode/plain_test.ts proves the two agree.
 *
 * EXERCISE regions are the exercise kit's references (see fixed_grid.ts).
 */
import * as tf from "@tensorflow/tfjs";
import type { VectorField } from "../solve.ts";
import type { ButcherTableau } from "../tableaux.ts";

// EXERCISE 2.1 begin
/**
 * The stages of one explicit Runge–Kutta step of size h from (t, y) with tableau (c, a, b):
 *   k_i = f(t + c_i·h, y + h·Σ_{j<i} a_ij·k_j),   i = 1 … s   (a_1j = 0, so k_1 = f(t, y)).
 * `k1` is f(t, y) when the caller already has it (first-same-as-last methods reuse the previous
 * step's last stage): then f is called s − 1 times instead of s. Returns [k_1, …, k_s]; the
 * caller disposes them.
 */
export function rkStages(
  f: VectorField,
  tableau: ButcherTableau,
  t: number,
  y: tf.Tensor,
  h: number,
  k1?: tf.Tensor,
): tf.Tensor[] {
  // SOLUTION begin
  return tf.tidy(() => {
    const k = [k1 ?? f(t, y)];
    for (let i = 1; i < tableau.c.length; i++) {
      let yi = y;
      for (let j = 0; j < i; j++) {
        if (tableau.a[i][j] !== 0) yi = tf.add(yi, tf.mul(h * tableau.a[i][j], k[j]));
      }
      k.push(f(t + tableau.c[i] * h, yi));
    }
    return k;
  });
  // SOLUTION end
}
// EXERCISE 2.1 end

// EXERCISE 2.2 begin
/**
 * One explicit Runge–Kutta step: y(t + h) ≈ y + h·Σ_i b_i·k_i, with the stages k_i of
 * `rkStages`. Midpoint, Heun, RK4 … differ only in their tableau. Returns a new tensor.
 */
export function rungeKuttaStep(
  f: VectorField,
  tableau: ButcherTableau,
  t: number,
  y: tf.Tensor,
  h: number,
): tf.Tensor {
  // SOLUTION begin
  return tf.tidy(() => {
    const k = rkStages(f, tableau, t, y, h);
    let y1 = y;
    tableau.b.forEach((bi, i) => {
      if (bi !== 0) y1 = tf.add(y1, tf.mul(h * bi, k[i]));
    });
    return y1;
  });
  // SOLUTION end
}
// EXERCISE 2.2 end
