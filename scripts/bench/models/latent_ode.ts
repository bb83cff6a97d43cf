/**
 * Latent ODE on irregular spirals: one Adam step on a fixed batch of 50 training spirals
 * (100-point grid, 30 observations each; ODE-RNN encoder, latent 4, hidden 25, RK4 step 0.25).
 */
import * as tf from "@tensorflow/tfjs";
import { disposeSpiralBatch, generateSpirals, spiralBatch } from "../../../lib/data/spirals.ts";
import { LatentODE } from "../../../lib/models/latent_ode.ts";
import { optimizerStep } from "../../../lib/train/step.ts";
import type { ModelBench } from "../model_bench.ts";

export const benches: ModelBench[] = [
  {
    name: "latent-ode-spirals",
    description: "LatentODE (ODE-RNN enc. H=25, z=4, RK4 h=0.25), batch 50 spirals × 100 times",
    setup() {
      const data = generateSpirals({ seed: 0 });
      const batch = spiralBatch(data.train.slice(0, 50));
      const model = new LatentODE({ seed: 0 });
      const optimizer = tf.train.adam(1e-2);
      let seed = 0;
      return {
        step: () =>
          optimizerStep(optimizer, model.parameters(), () => model.loss(batch, { seed: seed++ }))
            .loss,
        dispose: () => {
          optimizer.dispose();
          model.dispose();
          disposeSpiralBatch(batch);
        },
      };
    },
  },
];
