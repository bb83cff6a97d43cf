/**
 * What the adjoint's pieces share: the vector–Jacobian product every adjoint step needs, and the
 * type of the interval solver that the backward pass is given. Apart from adjoint.ts, which holds
 * the exercise kit's answers to tasks 5.1 and 5.2, so that their stubs can import these without
 * showing those.
 */
import * as tf from "@tensorflow/tfjs";
import { freeAbortedTape } from "./aborted_tape.ts";
import type { VectorField } from "./solve.ts";
import type { State } from "./state.ts";

interface EngineWithTape {
  state: { activeTape: unknown };
}

/**
 * ∂(aᵀ f(t, y))/∂(y, θ) and f(t, y) itself. tf.grads throws for a parameter that f does not
 * use, so this asks the engine directly and turns a missing gradient into zeros. Computing a
 * gradient clears the engine's active tape, which an enclosing backward pass still needs, so it
 * is saved and restored around the call.
 */
export function vectorJacobianProduct(
  f: VectorField,
  t: number,
  y: tf.Tensor,
  a: tf.Tensor,
  params: tf.Tensor[],
): { fy: tf.Tensor; grads: tf.Tensor[] } {
  const engine = tf.engine() as unknown as EngineWithTape;
  const outerTape = engine.state.activeTape;
  try {
    const { value, grads } = tf.engine().gradients(() => f(t, y), [y, ...params], a, true);
    const filled = grads.map((g, i) => g ?? tf.zerosLike(i === 0 ? y : params[i - 1]));
    return { fy: value, grads: filled };
  } catch (error) {
    // f threw while its own tape recorded: free that tape's saved clones before the outer one
    // comes back.
    freeAbortedTape();
    throw error;
  } finally {
    engine.state.activeTape = outerTape;
  }
}

/**
 * Integrates the augmented state from time `from` back to time `to` and returns the state there
 * (new tensors; the input state stays the caller's).
 */
export type IntervalSolver = (state: State, from: number, to: number) => State;
