/**
 * Standard-normal noise that is reproducible for every integer seed, 0 included.
 *
 * tf.randomNormal treats a falsy seed as "no seed" (it falls back to Math.random), so seed 0 would
 * silently give different noise on every call. Seed 0 is therefore passed on as −0.5: tfjs seeds
 * its generator with the seed's string, and no integer prints as "-0.5", so distinct integer
 * seeds still give distinct streams (and every non-zero seed keeps the stream it always had).
 */
import * as tf from "@tensorflow/tfjs";

/** The value handed to tfjs in place of seed 0. */
export const SEED_ZERO_STANDIN = -0.5;

/** What to pass to tf.randomNormal for `seed` (undefined stays unseeded). */
export function normalSeed(seed: number | undefined): number | undefined {
  return seed === 0 ? SEED_ZERO_STANDIN : seed;
}

/** N(0, I) noise of `shape`, seeded when `seed` is given. */
export function standardNormal<R extends tf.Rank>(
  shape: tf.ShapeMap[R],
  seed?: number,
): tf.Tensor<R> {
  return tf.randomNormal<R>(shape, 0, 1, "float32", normalSeed(seed));
}
