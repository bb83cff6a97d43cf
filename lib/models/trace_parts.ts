/**
 * What a CNF's trace estimators share: the field-and-trace pair they return and the exact
 * trace's unit cotangents. Apart from cnf.ts, which holds the exercise kit's answers to tasks
 * 12.1–12.3, so that their stubs can import these without showing those.
 */
import * as tf from "@tensorflow/tfjs";

export interface FieldAndTrace {
  /** f(t, z): [n, dim] */
  dz: tf.Tensor2D;
  /** Tr(∂f/∂z) per sample (exact or its Hutchinson estimate): [n] */
  trace: tf.Tensor1D;
}

/**
 * The cotangents of the exact trace for a batch of n points in d dimensions: the d unit vectors,
 * each repeated n times, [d·n, d] (row k·n + i is e_k).
 */
export function unitCotangents(n: number, d: number): tf.Tensor2D {
  return tf.tidy(() =>
    tf.reshape(tf.tile(tf.reshape(tf.eye(d), [d, 1, d]), [1, n, 1]), [d * n, d])
  ) as tf.Tensor2D;
}
