/**
 * Training-step benchmarks of the Van der Pol family: NODE and BNN-NODE on one fixed VDP batch
 * (the course setup: 10 trajectories, sub-sequences of 10 points), ANODE on the crossing toy.
 */
import * as tf from "@tensorflow/tfjs";
import { disposeCrossingData, makeCrossingData } from "../../../lib/data/crossing.ts";
import {
  disposeBatch,
  disposeVdpData,
  makeVdpData,
  subsequenceBatch,
} from "../../../lib/data/vdp.ts";
import { AugmentedNODE } from "../../../lib/models/anode.ts";
import { BayesianNODE } from "../../../lib/models/bnn_node.ts";
import { NeuralODE } from "../../../lib/models/node.ts";
import { optimizerStep } from "../../../lib/train/step.ts";
import type { ModelBench } from "../model_bench.ts";

/** A fixed VDP batch: start index 18 (torchdiffeq reference's first), all 10 trajectories. */
function vdpBatch() {
  const data = makeVdpData({ seed: 0 });
  const batch = subsequenceBatch(data.observed, data.t, [18], 10);
  disposeVdpData(data);
  return batch;
}

export const benches: ModelBench[] = [
  {
    name: "node-vdp",
    description: "NODE 2-64-64-2 ELU, rk4 on the grid (36 NFE), batch 10×10 points, Adam 1e-3",
    setup() {
      const model = new NeuralODE({ seed: 0 });
      const batch = vdpBatch();
      const opt = tf.train.adam(1e-3);
      return {
        step: () => optimizerStep(opt, model.parameters(), () => model.loss(batch)).loss,
        dispose: () => {
          opt.dispose();
          disposeBatch(batch);
          model.dispose();
        },
      };
    },
  },
  {
    name: "bnn-node-vdp",
    description: "BNN-NODE 2-64-64-2 ELU, one sample/step, rk4 on the grid, batch 10×10, Adam 1e-3",
    setup() {
      const model = new BayesianNODE({ seed: 0 });
      const batch = vdpBatch();
      const opt = tf.train.adam(1e-3);
      return {
        step: () => optimizerStep(opt, model.parameters(), () => model.loss(batch)).loss,
        dispose: () => {
          opt.dispose();
          disposeBatch(batch);
          model.dispose();
        },
      };
    },
  },
  {
    name: "anode-toy",
    description: "ANODE 1+2 dims, 3-32-32-3 ELU, rk4 step 0.1 on [0,1], 2 points, Adam 1e-2",
    setup() {
      const model = new AugmentedNODE({ augmentDims: 2, seed: 0 });
      const data = makeCrossingData();
      const opt = tf.train.adam(1e-2);
      return {
        step: () => optimizerStep(opt, model.parameters(), () => model.loss(data)).loss,
        dispose: () => {
          opt.dispose();
          disposeCrossingData(data);
          model.dispose();
        },
      };
    },
  },
];
