import type * as tf from "@tensorflow/tfjs";

/** What every model's loss function returns: the scalar to minimise and its named parts. */
export interface LossParts {
  loss: tf.Scalar;
  terms?: Record<string, tf.Scalar>;
}
