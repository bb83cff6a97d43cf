/**
 * Lecture 3 (VAE primer) at build time: the pretrained vae-mnist model (weights/vae-mnist, the
 * recipe's architecture) on held-out MNIST digits — reconstructions, samples from the prior,
 * latent interpolations — the hyperparameter sweep's results (sweeps/vae-mnist/results.json, if
 * the repository has them), and the numbers the live demo embeds.
 */
import * as Plot from "@observablehq/plot";
import * as tf from "@tensorflow/tfjs";
import { readFile } from "node:fs/promises";
import {
  MNIST_TEST_COUNT,
  MNIST_TRAIN_COUNT,
  type MnistData,
  mnistImage,
  mnistTensors,
  splitMnist,
} from "../../../../lib/data/mnist.ts";
import { loadMnist } from "../../../../lib/data/mnist_source.ts";
import { loadModuleWeights } from "../../../../lib/io/weights.ts";
import { VAE } from "../../../../lib/models/vae.ts";
import {
  VAE_FAST_STRIDE as FAST_STRIDE,
  VAE_MNIST_CONFIG,
  VAE_VALIDATION_SIZE,
} from "../../../../lib/zoo/vae_mnist.ts";
import { MNIST_TEST_SHIPPED, MNIST_TRAIN_SHIPPED } from "../../core/mnist_format.ts";
import { readRepoFile, repoPath } from "../../build/repo.ts";
import { readSweep, sweepCommand, sweepFigure, sweepSummary } from "../../plots/sweep.ts";
import { digitGrid } from "../../plots/digits.ts";
import type { VaeDemoConfig } from "./types.ts";

const METRIC = "test −ELBO/image";

function manifestEntry(name: string) {
  const manifest = JSON.parse(readRepoFile("weights/manifest.json") ?? "{}");
  const entry = manifest.models?.[name];
  if (!entry) throw new Error(`weights/manifest.json has no model "${name}"`);
  return entry as {
    metrics: Record<string, number>;
    metricsFast: Record<string, number>;
    steps: number;
    targets?: Record<string, { max?: number; min?: number }>;
  };
}

export function vaeDemoConfig(): VaeDemoConfig {
  const entry = manifestEntry("vae-mnist");
  return {
    pretrained: {
      latentSize: VAE_MNIST_CONFIG.latentSize,
      hidden: [...VAE_MNIST_CONFIG.hidden],
      activation: VAE_MNIST_CONFIG.activation,
    },
    expectedFast: entry.metricsFast[METRIC],
    expectedFull: entry.metrics[METRIC],
    metricName: METRIC,
    testCount: MNIST_TEST_COUNT,
  };
}

/** Shipped test digits in the demo's latent scatter (vae.runtime.ts: every 4th). */
const SCATTER_STRIDE = 4;

const fmt = (n: number) => n.toLocaleString("en");

/** Numbers for lecture 3's prose: data, the recipe, the manifest, the sweep, the demo. */
export function vaeFacts() {
  const entry = manifestEntry("vae-mnist");
  const sweep = readSweep("vae-mnist");
  const twoD = sweep?.trials.filter((t) => t.settings.latent === 2 && t.metric !== null)
    .map((t) => t.metric!).sort((a, b) => a - b)[0];
  return {
    trainDigits: fmt(MNIST_TRAIN_COUNT),
    testDigits: fmt(MNIST_TEST_COUNT),
    latent: VAE_MNIST_CONFIG.latentSize,
    encoder: ["784", ...VAE_MNIST_CONFIG.hidden.map(String)].join(" \\to "),
    steps: fmt(entry.steps),
    elbo: entry.metrics[METRIC].toFixed(1),
    target: entry.targets?.[METRIC]?.max,
    /** The sweep's best validation −ELBO with a 2-D latent space (undefined without a sweep). */
    twoD: twoD?.toFixed(0),
    sweepTrain: fmt(MNIST_TRAIN_COUNT - VAE_VALIDATION_SIZE),
    sweepValidation: fmt(VAE_VALIDATION_SIZE),
    demoTrain: fmt(MNIST_TRAIN_SHIPPED),
    demoScatter: fmt(Math.ceil(MNIST_TEST_SHIPPED / SCATTER_STRIDE)),
    shippedTest: fmt(MNIST_TEST_SHIPPED),
    fastDigits: fmt(MNIST_TEST_COUNT / FAST_STRIDE),
    fastStride: FAST_STRIDE,
  };
}

let model: Promise<VAE> | undefined;

/** The shipped vae-mnist, built as its recipe builds it and loaded from weights/. */
function pretrainedVae(): Promise<VAE> {
  model ??= (async () => {
    const vae = new VAE({
      latentSize: VAE_MNIST_CONFIG.latentSize,
      hidden: VAE_MNIST_CONFIG.hidden,
      activation: VAE_MNIST_CONFIG.activation,
      seed: 0,
    });
    await loadModuleWeights(
      vae,
      repoPath("weights", "vae-mnist"),
      "vae-mnist",
      (p) => readFile(p).then((b) => new Uint8Array(b)),
    );
    return vae;
  })();
  return model;
}

/** The `k`-th held-out digit of each class 0–9 (indices into the full MNIST data). */
function perClass(data: MnistData, test: number[], k: number): number[] {
  return Array.from({ length: 10 }, (_, c) => test.filter((i) => data.labels[i] === c)[k]);
}

/** Rows of a [n, 784] tensor as arrays. */
async function rows(t: tf.Tensor): Promise<Float32Array[]> {
  const flat = (await t.data()) as Float32Array;
  const n = t.shape[0];
  const d = flat.length / n;
  return Array.from({ length: n }, (_, i) => flat.slice(i * d, (i + 1) * d));
}

/** Held-out digits, their reconstructions from the posterior mean and from a posterior sample. */
export async function vaeReconstructions(): Promise<Plot.PlotOptions> {
  const vae = await pretrainedVae();
  const data = loadMnist();
  const picks = perClass(data, splitMnist(data).test, 1);
  const { images, labels } = mnistTensors(data, picks);
  const mean = vae.reconstruct(images);
  const sample = vae.reconstruct(images, { sample: true, seed: 11 });
  const grid = digitGrid(
    [
      { label: "data x", images: picks.map((i) => mnistImage(data, i)) },
      { label: "mean", images: await rows(mean) },
      { label: "sample", images: await rows(sample) },
    ],
    { columns: picks.map((_, c) => `${c}`), marginLeft: 54, shadeRows: ["mean", "sample"] },
  );
  tf.dispose([images, labels, mean, sample]);
  return grid;
}

/** Decoded straight lines between the posterior means of pairs of held-out digits. */
export async function vaeInterpolation(): Promise<Plot.PlotOptions> {
  const vae = await pretrainedVae();
  const data = loadMnist();
  const test = splitMnist(data).test;
  const firsts = perClass(data, test, 0);
  const pairs: [number, number][] = [[1, 7], [3, 8], [4, 9], [0, 6], [2, 5]];
  const steps = 11;
  const lambdas = Array.from({ length: steps }, (_, k) => k / (steps - 1));
  const out = [];
  for (const [a, b] of pairs) {
    const { images, labels } = mnistTensors(data, [firsts[a], firsts[b]]);
    const { mean, logVar } = vae.encode(images);
    const [za, zb] = tf.unstack(mean);
    const path = vae.interpolate(za, zb, steps);
    out.push({
      label: `${a} → ${b}`,
      images: [
        mnistImage(data, firsts[a]),
        ...(await rows(path)),
        mnistImage(data, firsts[b]),
      ],
    });
    tf.dispose([images, labels, mean, logVar, za, zb, path]);
  }
  const columns = lambdas.map((l) => l.toFixed(1));
  return digitGrid(out, {
    columns: ["A", ...columns, "B"],
    xLabel: "λ: the image decoded from z = (1 − λ)·µ(A) + λ·µ(B)",
    marginLeft: 48,
    shade: { columns },
  });
}

/** New digits: z ~ N(0, I), decoded (pixel probabilities, not binarised). */
export async function vaeSamples(): Promise<Plot.PlotOptions> {
  const vae = await pretrainedVae();
  const n = 12;
  const samples = vae.sample(3 * n, 2026);
  const images = await rows(samples);
  samples.dispose();
  return digitGrid(
    [0, 1, 2].map((r) => ({ label: `row ${r}`, images: images.slice(r * n, (r + 1) * n) })),
    { axes: false },
  );
}

/** The VAE sweep's command lines, for the page; a suggestion when there are no results. */
export function vaeSweepCommand(): string {
  return sweepCommand(
    "vae-mnist",
    "deno task sweep vae-mnist --grid latent=2,8,20 lr=1e-3,3e-3 --steps 1000",
  );
}

/** One sentence on the VAE sweep's outcome (or on its absence). */
export function vaeSweepSummary(): string {
  return sweepSummary("vae-mnist", "test −ELBO/image", 1);
}

/** The VAE sweep's figure (validation −ELBO per setting). */
export function vaeSweepFigure(): Plot.PlotOptions {
  return sweepFigure("vae-mnist");
}
