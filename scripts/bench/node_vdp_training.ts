/**
 * The torchdiffeq Neural-ODE training benchmark, exactly as in
 * tests/fixtures/reference/torchdiffeq_node_vdp_training.json: its noisy VDP data, initial states
 * and start indices; MLP 2→200→200→2 ELU, Adam lr 1e-3, L1 loss on sub-sequences of length 10.
 */
import * as tf from "@tensorflow/tfjs";
import {
  type GradientMethod,
  MLP,
  solve,
  type SolveOptions,
  type SolveStats,
} from "../../lib/mod.ts";

export interface TrainingReference {
  t: number[];
  noisy_data_float32: number[][][];
  start_indices: number[];
  runs: Record<
    string,
    Record<
      string,
      {
        median_s_per_iter: number;
        nfe_forward_per_iter_min_median_max: number[];
        total_nfe_backward: number;
        loss_mean_last_20: number;
        loss_first: number;
      }
    >
  >;
}

export type Variant = "dopri5" | "rk4" | "adjoint";

export const VARIANTS: Record<
  Variant,
  { options: SolveOptions; gradient: GradientMethod; reference: string }
> = {
  dopri5: {
    options: { method: "dopri5" },
    gradient: "backprop",
    reference: "dopri5_default_tol_direct@threads=1",
  },
  rk4: {
    options: { method: "rk4", stepSize: 0.1 },
    gradient: "backprop",
    reference: "rk4_step_0.1_direct@threads=1",
  },
  adjoint: {
    options: { method: "dopri5" },
    gradient: "adjoint",
    reference: "dopri5_default_tol_adjoint@threads=1",
  },
};

export interface TrainingResult {
  msPerIter: number[];
  nfeForward: number[];
  nfeBackward: number[];
  losses: number[];
  leakedTensors: number;
}

export function trainVdpNode(
  ref: TrainingReference,
  variant: Variant,
  iterations: number,
): TrainingResult {
  const { options, gradient } = VARIANTS[variant];
  const data = tf.tensor(ref.noisy_data_float32); // [50, 10, 2]
  const batchT = ref.t.slice(0, 10);
  const mlp = new MLP([2, 200, 200, 2], { seed: 0 });
  const params = mlp.parameters();
  const field = (_t: number, y: tf.Tensor) => mlp.apply(y);
  const optimizer = tf.train.adam(1e-3, 0.9, 0.999, 1e-8);
  const result: TrainingResult = {
    msPerIter: [],
    nfeForward: [],
    nfeBackward: [],
    losses: [],
    leakedTensors: 0,
  };
  let before = 0;
  for (let it = 0; it < iterations; it++) {
    if (it === 1) before = tf.memory().numTensors; // after Adam has made its slots
    const s = ref.start_indices[it % ref.start_indices.length];
    const start = performance.now();
    let stats: SolveStats = { nfe: 0, accepted: 0, rejected: 0 };
    let backwardStats: SolveStats = { nfe: 0, accepted: 0, rejected: 0 };
    const loss = optimizer.minimize(
      () => {
        const y0 = data.gather(s); // [10, 2]
        const target = data.slice([s], [10]); // [10, 10, 2]
        const sol = solve(field, y0, batchT, { ...options, gradient, params });
        stats = sol.stats;
        backwardStats = sol.backwardStats ?? backwardStats;
        return tf.mean(tf.abs(tf.sub(sol.ys, target))) as tf.Scalar;
      },
      true,
      params,
    )!;
    result.losses.push(loss.dataSync()[0]);
    loss.dispose();
    result.msPerIter.push(performance.now() - start);
    result.nfeForward.push(stats.nfe);
    result.nfeBackward.push(backwardStats.nfe);
  }
  result.leakedTensors = tf.memory().numTensors - before;
  optimizer.dispose();
  mlp.dispose();
  data.dispose();
  return result;
}
