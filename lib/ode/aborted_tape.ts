/**
 * Frees what tfjs's tape still holds when a backward pass throws. `gradients()` keeps a clone of
 * every tensor a recorded op saved for its gradient and disposes them only after a successful
 * backward pass; when a gradient function throws, the clones stay allocated for good (2 tensors
 * for the adjoint's NaN case, even inside `tf.tidy`). The clones are the engine's own, never a
 * caller's tensor, and a failed backward pass never reads them again, so the adjoint frees them
 * before it rethrows.
 */
import * as tf from "@tensorflow/tfjs";

interface TapeState {
  gradientDepth: number;
  activeTape: { saved?: tf.Tensor[] }[] | null;
}

export function freeAbortedTape(): void {
  const state = (tf.engine() as unknown as { state: TapeState }).state;
  // Inside a higher-order gradient the outer pass still owns the tape: tfjs's own cleanup makes
  // the same exception.
  if (state.gradientDepth !== 0 || !state.activeTape) return;
  for (const node of state.activeTape) {
    if (node.saved) tf.dispose(node.saved);
    node.saved = [];
  }
}
