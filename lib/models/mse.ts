/**
 * The regression loss of the course's models (ANODE's toy, the Bayesian Neural ODE): the mean
 * squared error. It is also the exercise kit's warm-up (exercise 0, "TensorFlow.js for PyTorch
 * users"): the smallest function in which a missing `tf.tidy` leaks tensors.
 *
 * The region marked EXERCISE is the kit's reference (see lib/ode/plain/fixed_grid.ts).
 */
import * as tf from "@tensorflow/tfjs";

// EXERCISE 0.1 begin
/**
 * The mean squared error of a prediction against its target (same shape): mean((pred − target)²)
 * over every element, a scalar. Both inputs stay the caller's; the difference and the squares
 * made on the way are freed, so the only new tensor is the scalar returned.
 */
export function meanSquaredError(pred: tf.Tensor, target: tf.Tensor): tf.Scalar {
  // SOLUTION begin
  return tf.tidy(() => tf.mean(tf.square(tf.sub(pred, target))) as tf.Scalar);
  // SOLUTION end
}
// EXERCISE 0.1 end
