/** What ODE-Net's ODE block returns. Apart from odenet.ts, which holds answers to tasks 11.x. */
import * as tf from "@tensorflow/tfjs";
import type { SolveStats } from "../ode/stats.ts";

/** What an ODE block computed: its output and what its solves cost. */
export interface OdeBlockResult {
  /** h(endTime), shaped like h0. */
  h1: tf.Tensor;
  stats: SolveStats;
  /** Cost of the adjoint's backward solve (adjoint only; filled in when gradients are taken). */
  backwardStats?: SolveStats;
}
