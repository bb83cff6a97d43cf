/**
 * The training batch of lecture 2's Neural ODE: random sub-sequences of a trajectory. Apart from
 * vdp.ts, which holds the exercise kit's answer to task 6.1.
 */
import * as tf from "@tensorflow/tfjs";

/** A batch of sub-sequences: what NODE and BNN-NODE losses take. Tensors are owned by the caller. */
export interface SubsequenceBatch {
  /** Relative times t[0:L] − t[0], length L. */
  t: number[];
  /** Initial states observed[s] of every chosen start, stacked: [M·N, D]. */
  y0: tf.Tensor2D;
  /** observed[s : s + L] of every chosen start, stacked along the batch axis: [L, M·N, D]. */
  target: tf.Tensor3D;
  /** The start indices used (M of them). */
  starts: number[];
}
