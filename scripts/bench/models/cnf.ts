/**
 * CNF training-step benchmark: the lecture's two-circles flow (hypernetwork field, width 32,
 * exact trace, rk4 with 8 steps each way), a fixed batch of 256 points, Adam lr 1e-3.
 */
import * as tf from "@tensorflow/tfjs";
import { twoCircles } from "../../../lib/data/toy2d.ts";
import { CNF } from "../../../lib/models/cnf.ts";
import { optimizerStep } from "../../../lib/mod.ts";
import type { ModelBench } from "../model_bench.ts";

export const benches: ModelBench[] = [
  {
    name: "cnf-circles",
    description: "CNF 2-D, hypernet 1→32→32→224 (width 32), exact trace, rk4 ×8, batch 256",
    setup() {
      const model = new CNF({ hyper: { width: 32, hidden: 32, seed: 0 } });
      const x = twoCircles(256, 0);
      const optimizer = tf.train.adam(1e-3);
      return {
        step: () => optimizerStep(optimizer, model.parameters(), () => model.loss(x)).loss,
        dispose() {
          optimizer.dispose();
          x.dispose();
          model.dispose();
        },
      };
    },
  },
];
