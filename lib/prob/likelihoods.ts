/**
 * The pieces every ELBO in the course is made of. Each returns one value per sample ([B]),
 * summed over the sample's own dimensions, so models can average or scale as they need.
 */
import * as tf from "@tensorflow/tfjs";
import { standardNormal } from "./normal_noise.ts";
import { sumPerSample } from "./reductions.ts";
export { klGaussians, sumPerSample } from "./reductions.ts";

const LOG_2PI = Math.log(2 * Math.PI);

/**
 * log N(x | mean, std²) summed per sample; mean and std are numbers or tensors broadcastable to
 * x. An optional mask (1 = observed, 0 = missing) of x's leading dims (e.g. [B, K] for x
 * [B, K, D]) drops missing entries from the sum.
 */
export function gaussianLogLikelihood(
  x: tf.Tensor,
  mean: number | tf.Tensor,
  std: number | tf.Tensor,
  mask?: tf.Tensor,
): tf.Tensor1D {
  return tf.tidy(() => {
    const s = typeof std === "number" ? tf.scalar(std) : std;
    const z = tf.div(tf.sub(x, mean), s);
    let perElement = tf.neg(tf.add(tf.add(tf.mul(0.5, tf.square(z)), tf.log(s)), 0.5 * LOG_2PI));
    if (mask) {
      const expanded = tf.reshape(mask, [...mask.shape, ...Array(x.rank - mask.rank).fill(1)]);
      perElement = tf.mul(perElement, expanded);
    }
    return sumPerSample(perElement);
  });
}

// EXERCISE 7.3 begin (the exercise kit's reference: see lib/ode/plain/fixed_grid.ts)
/**
 * log Bernoulli(x | sigmoid(logits)) summed per sample, for x in [0, 1] (grey pixels act as soft
 * labels): x·logits − softplus(logits), stable for large |logits|. Equals −BCE.
 */
export function bernoulliLogLikelihood(x: tf.Tensor, logits: tf.Tensor): tf.Tensor1D {
  // SOLUTION begin
  return tf.tidy(() => sumPerSample(tf.sub(tf.mul(x, logits), tf.softplus(logits))));
  // SOLUTION end
}
// EXERCISE 7.3 end

// EXERCISE 7.2 begin (the exercise kit's reference: see lib/ode/plain/fixed_grid.ts)
/** KL(N(mean, exp(logVar)) ‖ N(0, 1)) = ½ Σ (µ² + σ² − 1 − log σ²), per sample. */
export function klStandardNormal(mean: tf.Tensor, logVar: tf.Tensor): tf.Tensor1D {
  // SOLUTION begin
  return tf.tidy(() =>
    sumPerSample(tf.mul(0.5, tf.sub(tf.add(tf.square(mean), tf.exp(logVar)), tf.add(1, logVar))))
  );
  // SOLUTION end
}
// EXERCISE 7.2 end

// EXERCISE 7.1 begin (the exercise kit's reference: see lib/ode/plain/fixed_grid.ts)
/**
 * z = µ + σ⊙ε with σ = exp(½·logVar) and ε ~ N(0, I) (`standardNormal(shape, seed)`): the
 * reparameterisation trick, a sample of N(µ, σ²) through which gradients flow to µ and logVar.
 */
export function reparameterize(mean: tf.Tensor, logVar: tf.Tensor, seed?: number): tf.Tensor {
  // SOLUTION begin
  return tf.tidy(() =>
    tf.add(
      mean,
      tf.mul(tf.exp(tf.mul(0.5, logVar)), standardNormal(mean.shape, seed)),
    )
  );
  // SOLUTION end
}
// EXERCISE 7.1 end
