/**
 * MNIST model training-step benchmarks: the primer's MLP VAE and the ODE-Net classifier, each on
 * a fixed batch of training digits (the course split, seed 0), Adam lr 1e-3.
 */
import * as tf from "@tensorflow/tfjs";
import { mnistTensors, splitMnist } from "../../../lib/data/mnist.ts";
import { loadMnist } from "../../../lib/data/mnist_source.ts";
import { OdeNet } from "../../../lib/models/odenet.ts";
import { VAE } from "../../../lib/models/vae.ts";
import { optimizerStep } from "../../../lib/train/step.ts";
import type { ModelBench } from "../model_bench.ts";

function batchOf(size: number, shape: "flat" | "image") {
  const data = loadMnist();
  return mnistTensors(data, splitMnist(data, { seed: 0 }).train.slice(0, size), shape);
}

export const benches: ModelBench[] = [
  {
    name: "vae-mnist",
    description: "VAE 784→256→2·2 / 2→256→784, Bernoulli, batch 64",
    setup() {
      const model = new VAE({ seed: 0 });
      const { images, labels } = batchOf(64, "flat");
      const optimizer = tf.train.adam(1e-3);
      return {
        step: () => optimizerStep(optimizer, model.parameters(), () => model.loss(images)).loss,
        dispose() {
          optimizer.dispose();
          tf.dispose([images, labels]);
          model.dispose();
        },
      };
    },
  },
  {
    name: "odenet-mnist",
    description: "ODE-Net conv 28→14→7 ×16 ch, ODE block dopri5 rtol=atol=1e-3, direct, batch 32",
    setup() {
      const model = new OdeNet({ seed: 0 });
      const { images, labels } = batchOf(32, "image");
      const optimizer = tf.train.adam(1e-3);
      return {
        step: () =>
          optimizerStep(optimizer, model.parameters(), () => model.loss(images, labels)).loss,
        dispose() {
          optimizer.dispose();
          tf.dispose([images, labels]);
          model.dispose();
        },
      };
    },
  },
];
