/**
 * vae-mnist's search space: latent size, hidden width, learning rate and batch size of the VAE
 * primer's MLP VAE (the grid the source material runs), trained as the shipped recipe trains
 * (scripts/recipes/vae_mnist.ts: trainVae, its learning-rate schedule scaled to the trial's `lr`,
 * one reparameterised sample per digit, full ELBO).
 *
 * Selection is on held-out data that is not the test set: VAE_VALIDATION_SIZE digits of MNIST's
 * 60,000 training digits are kept out as a validation split (chosen by the sweep's seed) and
 * trials train on the others. Their −ELBO is measured as the recipe measures the test set's
 * (`vaeTestElbo`: 4 seeded samples per digit). The test split's −ELBO is recorded beside it for
 * reference, never used to choose.
 */
import * as tf from "@tensorflow/tfjs";
import { MNIST_TRAIN_COUNT, mnistTensors, splitMnist } from "../../../lib/data/mnist.ts";
import { loadMnist } from "../../../lib/data/mnist_source.ts";
import type { Metrics } from "../../../lib/io/manifest.ts";
import { VAE } from "../../../lib/models/vae.ts";
import { VAE_MNIST_CONFIG, VAE_VALIDATION_SIZE } from "../../../lib/zoo/vae_mnist.ts";
import { trainVae, vaeLearningRate, vaeTestElbo } from "../../recipes/vae_mnist.ts";
import { disposeModel, type SweepSpace } from "../space.ts";

const renamed = (metrics: Metrics, prefix: string) =>
  Object.fromEntries(Object.entries(metrics).map(([k, v]) => [k.replace(/^test /, prefix), v]));

export const vaeMnistSpace: SweepSpace = {
  model: "vae-mnist",
  description:
    `MLP VAE on MNIST (recipe's training; ${MNIST_TRAIN_COUNT - VAE_VALIDATION_SIZE} training ` +
    `digits, ${VAE_VALIDATION_SIZE} validation digits from the training pool)`,
  metric: "validation −ELBO/image",
  goal: "min",
  defaultSteps: VAE_MNIST_CONFIG.steps,
  params: [
    {
      name: "latent",
      description: "latent dimensions",
      type: "int",
      min: 1,
      max: 64,
      default: VAE_MNIST_CONFIG.latentSize,
    },
    {
      name: "hidden",
      description: "width of the encoder's and decoder's hidden layer",
      type: "int",
      min: 16,
      max: 1024,
      log: true,
      default: VAE_MNIST_CONFIG.hidden[0],
    },
    {
      name: "lr",
      description: "peak Adam learning rate (the recipe's schedule, scaled)",
      type: "float",
      min: 1e-4,
      max: 3e-2,
      log: true,
      default: VAE_MNIST_CONFIG.lr,
    },
    {
      name: "batch",
      description: "digits per step",
      type: "int",
      min: 8,
      max: 1024,
      log: true,
      default: VAE_MNIST_CONFIG.batchSize,
    },
  ],
  async runTrial(settings, { seed, signal, onProgress }) {
    const latent = settings.latent as number;
    const hidden = settings.hidden as number;
    const lr = settings.lr as number;
    const batch = settings.batch as number;
    const steps = settings.steps as number;
    const data = loadMnist();
    const split = splitMnist(data, { seed, validationSize: VAE_VALIDATION_SIZE });
    const train = mnistTensors(data, split.train, "flat");
    const validation = mnistTensors(data, split.validation, "flat");
    const test = mnistTensors(data, split.test, "flat");
    const model = new VAE({
      latentSize: latent,
      hidden: [hidden],
      activation: VAE_MNIST_CONFIG.activation,
      seed,
    });
    try {
      // The recipe's training, its schedule scaled to the trial's peak rate.
      const result = await trainVae(model, train.images as tf.Tensor2D, {
        steps,
        seed,
        batch,
        learningRate: (it) => lr * vaeLearningRate(it, steps) / VAE_MNIST_CONFIG.lr,
        onProgress,
        signal,
      });
      if (result.cancelled) return undefined;
      return {
        ...renamed(vaeTestElbo(model, validation.images), "validation "),
        ...vaeTestElbo(model, test.images),
      };
    } finally {
      disposeModel(model);
      tf.dispose([train.images, train.labels, validation.images, validation.labels]);
      tf.dispose([test.images, test.labels]);
    }
  },
};
