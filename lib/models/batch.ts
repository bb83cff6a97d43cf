/**
 * A batch of trajectory windows, as the Neural ODE's loss reads it. Apart from node.ts, which
 * holds the exercise kit's answer to task 6.2.
 */
import * as tf from "@tensorflow/tfjs";

/** Initial states, relative times and the observed window: what the losses take. */
export interface TrajectoryBatch {
  /** Times of the window, length L (first usually 0). */
  t: number[];
  /** [B, D] */
  y0: tf.Tensor;
  /** [L, B, D] */
  target: tf.Tensor;
}
