/** The one way the course sets an optimiser's learning rate between steps. */
import type * as tf from "@tensorflow/tfjs";

/**
 * Sets the learning rate of a tfjs optimizer (Adam, SGD …) for its next step. tfjs reads the
 * field at every step but declares it protected, hence the one cast, here.
 */
export function setLearningRate(optimizer: tf.Optimizer, lr: number): void {
  (optimizer as unknown as { learningRate: number }).learningRate = lr;
}
