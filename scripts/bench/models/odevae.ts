/** Training-step benchmark of the ODE-VAE on rotating MNIST (16 sequences of 16 frames). */
import * as tf from "@tensorflow/tfjs";
import { buildRotatingMnist, sequenceBatch } from "../../../lib/data/rotating_mnist.ts";
import { loadMnist } from "../../../lib/data/mnist_source.ts";
import { ODEVAE } from "../../../lib/models/odevae.ts";
import { optimizerStep } from "../../../lib/mod.ts";
import type { ModelBench } from "../model_bench.ts";

export const benches: ModelBench[] = [{
  name: "odevae-rotmnist",
  description: "latent 8, BNN 8-32-32-8, rk4 on 16 frames, batch 16 sequences",
  setup() {
    const data = buildRotatingMnist(loadMnist());
    const frames = sequenceBatch(data.train, Array.from({ length: 16 }, (_, i) => i));
    const model = new ODEVAE({ dataSize: data.train.count });
    const optimizer = tf.train.adam(1e-3);
    return {
      step: () =>
        optimizerStep(optimizer, model.parameters(), () => model.loss(frames, data.times)).loss,
      dispose: () => {
        optimizer.dispose();
        model.dispose();
        frames.dispose();
      },
    };
  },
}];
