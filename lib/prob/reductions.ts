/**
 * Helpers of the ELBO pieces: a per-sample sum and the KL between two diagonal Gaussians. Apart
 * from likelihoods.ts, which holds the exercise kit's answers to tasks 7.1–7.3, so that the stubs
 * of exercises 7 and 8 can import them without showing those.
 */
import * as tf from "@tensorflow/tfjs";

/** Sums over every axis but the first: one value per sample, [B]. */
export function sumPerSample(x: tf.Tensor): tf.Tensor1D {
  return (x.rank === 1
    ? x
    : tf.sum(x, Array.from({ length: x.rank - 1 }, (_, i) => i + 1))) as tf.Tensor1D;
}

/** KL(N(µq, σq²) ‖ N(µp, σp²)) summed over all elements (a scalar): for weight posteriors. */
export function klGaussians(
  meanQ: tf.Tensor,
  logVarQ: tf.Tensor,
  meanP: number,
  logVarP: number,
): tf.Scalar {
  return tf.tidy(() => {
    const varP = Math.exp(logVarP);
    const term = tf.sub(
      tf.div(tf.add(tf.exp(logVarQ), tf.square(tf.sub(meanQ, meanP))), varP),
      tf.add(1, tf.sub(logVarQ, logVarP)),
    );
    return tf.mul(0.5, tf.sum(term)) as tf.Scalar;
  });
}
