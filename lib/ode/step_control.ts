/**
 * Step-size control of the adaptive methods, following torchdiffeq so that step counts match:
 * Hairer's initial-step rule and the clipped power-law controller.
 */
import * as tf from "@tensorflow/tfjs";
import { type Reads, runSync } from "./reads.ts";
import { mixedNorm, type State, type StateField } from "./state.ts";
import { MAX_GROWTH, MAX_SHRINK, SAFETY } from "./step_constants.ts";
export { MAX_GROWTH, MAX_SHRINK, SAFETY } from "./step_constants.ts";

// EXERCISE 3.3 begin (the exercise kit's reference: see lib/ode/plain/fixed_grid.ts)
/**
 * Next step size after a step with error ratio r for a method of the given order:
 * dt·min(10, max(0.9·r^(−1/order), r < 1 ? 1 : 0.2)); r = 0 grows by the maximum factor.
 * A non-finite r (the trial step overflowed) shrinks by the maximum factor.
 */
export function nextStepSize(dt: number, ratio: number, order: number): number {
  // SOLUTION begin
  if (ratio === 0) return dt * MAX_GROWTH;
  if (!Number.isFinite(ratio)) return dt * MAX_SHRINK;
  const floor = ratio < 1 ? 1 : MAX_SHRINK;
  return dt * Math.min(MAX_GROWTH, Math.max(SAFETY * ratio ** (-1 / order), floor));
  // SOLUTION end
}
// EXERCISE 3.3 end

/**
 * Hairer, Nørsett & Wanner (1993), II.4: d0 = ‖y0/s‖, d1 = ‖f0/s‖ with s = atol + rtol·|y0|;
 * h0 = 0.01·d0/d1 (or 1e-6 when either is tiny); one probe f1 = f(t0 + h0, y0 + h0·f0);
 * d2 = ‖(f1 − f0)/s‖/h0; h1 = (0.01/max(d1, d2))^(1/order); result min(100·h0, h1).
 * Costs one evaluation of f.
 */
export function initialStepSize(...args: Parameters<typeof initialStepSizeReads>): number {
  return runSync(initialStepSizeReads(...args));
}

/** initialStepSize with its two reads yielded (see reads.ts). */
export function* initialStepSizeReads(
  f: StateField,
  t0: number,
  y0: State,
  f0: State,
  order: number,
  rtol: number,
  atol: number,
): Reads<number> {
  const scale = y0.map((y) => tf.tidy(() => tf.add(atol, tf.mul(rtol, tf.abs(y)))));
  try {
    const [d0, d1] = yield tf.tidy(() =>
      tf.stack([
        mixedNorm(y0.map((y, c) => tf.div(y, scale[c]))),
        mixedNorm(f0.map((y, c) => tf.div(y, scale[c]))),
      ])
    );
    const h0 = d0 < 1e-5 || d1 < 1e-5 ? 1e-6 : 0.01 * d0 / d1;
    const d2 = (yield tf.tidy(() => {
      const y1 = y0.map((y, c) => tf.add(y, tf.mul(f0[c], h0)));
      const f1 = f(t0 + h0, y1);
      return mixedNorm(f1.map((v, c) => tf.div(tf.sub(v, f0[c]), scale[c])));
    }))[0] / h0;
    const h1 = d1 <= 1e-15 && d2 <= 1e-15
      ? Math.max(1e-6, h0 * 1e-3)
      : (0.01 / Math.max(d1, d2)) ** (1 / order);
    return Math.min(100 * h0, h1);
  } finally {
    tf.dispose(scale);
  }
}
