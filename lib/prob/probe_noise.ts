/**
 * Probe vectors ε with E[εεᵀ] = I, for Hutchinson's trace estimator Tr(A) = E[εᵀAε] (the CNF's
 * "hutchinson" trace). Rademacher probes (±1) give the lower variance; Gaussian ones are the
 * textbook choice.
 */
import * as tf from "@tensorflow/tfjs";
import { standardNormal } from "./normal_noise.ts";

export type ProbeNoise = "rademacher" | "gaussian";

/** Rademacher (±1) or standard Gaussian probes of `shape`, seeded when `seed` is given. */
export function probeNoise(shape: [number, number], noise: ProbeNoise, seed?: number): tf.Tensor2D {
  return tf.tidy(() =>
    noise === "gaussian" ? standardNormal(shape, seed) : tf.sub(
      tf.mul(
        tf.cast(tf.greater(tf.randomUniform(shape, 0, 1, "float32", seed), 0.5), "float32"),
        2,
      ),
      1,
    )
  ) as tf.Tensor2D;
}
