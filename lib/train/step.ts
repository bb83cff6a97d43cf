/**
 * One optimiser step on a loss made of named terms; returns plain numbers and leaks nothing.
 */
import * as tf from "@tensorflow/tfjs";
import type { LossParts } from "../models/loss.ts";
import type { StepResult } from "./loop.ts";

export type { LossParts };

// EXERCISE 6.3 begin (the exercise kit's reference: see lib/ode/plain/fixed_grid.ts)
/**
 * One step of `optimizer` on `params` for the loss that `lossFn` builds (its gradient taken by
 * tfjs's autodiff inside `optimizer.minimize`). Returns the loss before the step, and its named
 * terms, as plain numbers; no tensor is left behind.
 */
export function optimizerStep(
  optimizer: tf.Optimizer,
  params: tf.Variable[],
  lossFn: () => LossParts,
): StepResult {
  // SOLUTION begin
  let terms: Record<string, number> | undefined;
  const loss = optimizer.minimize(
    () => {
      const parts = lossFn();
      if (parts.terms) {
        terms = Object.fromEntries(
          Object.entries(parts.terms).map(([k, v]) => [k, v.dataSync()[0]]),
        );
      }
      return parts.loss;
    },
    true,
    params,
  )!;
  const value = loss.dataSync()[0];
  loss.dispose();
  return terms ? { loss: value, terms } : { loss: value };
  // SOLUTION end
}
// EXERCISE 6.3 end
