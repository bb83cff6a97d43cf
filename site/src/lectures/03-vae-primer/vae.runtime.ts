/**
 * Runtime of the VAE demo (lecture 3): see VaeTraining.astro. Trains lib/'s VAE on the
 * training digits the site ships (src/core/mnist.ts) with seeded minibatches and seeded
 * reparameterisation noise, so every backend computes the same steps; every read is
 * asynchronous and the loop yields a frame between steps. "Load pretrained weights" builds the
 * shipped vae-mnist (the recipe's architecture, embedded at build time) and computes its
 * held-out −ELBO exactly as scripts/recipes/vae_mnist.ts does on its fast subset (every 10th
 * official test digit: all of them are among the shipped ones).
 */
import { setLearningRate } from "../../../../lib/train/learning_rate.ts";
import { tf } from "../../core/backend.ts";
import { batchIndices, takeRows } from "../../../../lib/data/batches.ts";
import { mnistTensors } from "../../../../lib/data/mnist.ts";
import { VAE } from "../../../../lib/models/vae.ts";
import type { Activation } from "../../../../lib/nn/mlp.ts";
import { Rng } from "../../../../lib/prob/random.ts";
// scripts/recipes/vae_mnist.ts's evaluation: fast subset = every 10th official test digit;
// chunks of EVAL_CHUNK digits, 4 seeded samples each, seed EVAL_SEED + 1000·chunk + sample.
import {
  VAE_EVAL_CHUNK as EVAL_CHUNK,
  VAE_EVAL_SAMPLES as EVAL_SAMPLES,
  VAE_EVAL_SEED as EVAL_SEED,
  VAE_FAST_STRIDE as FAST_STRIDE,
} from "../../../../lib/zoo/vae_mnist.ts";
import type { VaeDemoConfig } from "./types.ts";
import { pca, project } from "../../plots/pca.ts";
import { BASE, COLORS, sci } from "../../plots/theme.ts";
import { digitSheet, drawDigitRows } from "../../core/digit_rows.ts";
import { loadMnistForBrowser, officialTestSubset } from "../../core/mnist.ts";
import { type LiveTraining, liveTraining, Throttle } from "../../core/live_training.ts";
import { averagedLine, draw, drawLossCurve, Plot } from "../../core/plot_live.ts";
import type { CreateRuntime, ProbeRuntime } from "../../core/shell.ts";
import { loadShipped } from "../../core/weights.ts";
import { adam } from "../../../../lib/train/fused_adam.ts";

/** Shipped test digits in the latent scatter (every 4th). */
const SCATTER_STRIDE = 4;
/** The decoded latent map (latent size 2): GRID×GRID over [−EXTENT, EXTENT]². */
const GRID = 12;
const EXTENT = 3;
const INTERP_STEPS = 10;
/** Seed of the prior draws shown for latent sizes above 2 (the same draws at every redraw). */
const PRIOR_SEED = 5;

interface Curve {
  step: number;
  loss: number;
  kl: number;
}

/** One Adam step on the batch `x` with noise seed `seed`: −ELBO and KL, read asynchronously. */
async function vaeStep(model: VAE, optimizer: tf.Optimizer, x: tf.Tensor, seed: number) {
  let kl: tf.Tensor | undefined;
  try {
    const loss = optimizer.minimize(
      () => {
        const parts = model.loss(x, { seed });
        kl = tf.keep(parts.terms!.kl);
        return parts.loss;
      },
      true,
      model.parameters(),
    )!;
    const [l, k] = await Promise.all([loss.data(), kl!.data()]);
    loss.dispose();
    return { loss: l[0], kl: k[0] };
  } finally {
    kl?.dispose();
  }
}

/** The same step with the page's digits and settings, nothing drawn ("auto" times it). */
export const probe: ProbeRuntime = async (root) => {
  const config = JSON.parse(
    root.querySelector('[data-role="config"]')!.textContent!,
  ) as VaeDemoConfig;
  const value = (name: string) =>
    Number(root.querySelector<HTMLSelectElement>(`[name="${name}"]`)!.value);
  const mnist = await loadMnistForBrowser();
  const { images: train, labels } = mnistTensors(mnist.data, mnist.train);
  labels.dispose();
  const model = new VAE({
    latentSize: value("latent"),
    hidden: config.pretrained.hidden,
    activation: config.pretrained.activation as Activation,
    seed: 0,
  });
  const optimizer = adam(value("lr"));
  const batches = batchIndices(new Rng(1), mnist.train.length, value("batch"));
  let step = 0;
  return {
    async step() {
      const x = takeRows(train, batches.next().value as number[]);
      try {
        return (await vaeStep(model, optimizer, x, 1 + step++)).loss;
      } finally {
        x.dispose();
      }
    },
    dispose() {
      train.dispose();
      model.dispose();
      optimizer.dispose();
    },
  };
};

export const create: CreateRuntime = async (ctx) => {
  const root = ctx.root;
  const config = JSON.parse(
    root.querySelector('[data-role="config"]')!.textContent!,
  ) as VaeDemoConfig;
  const select = (name: string) => root.querySelector<HTMLSelectElement>(`[name="${name}"]`)!;
  const latentSelect = select("latent");
  const lrSelect = select("lr");
  const batchSelect = select("batch");
  const digitsBox = root.querySelector<HTMLElement>('[data-plot="digits"]')!;
  const latentBox = root.querySelector<HTMLElement>('[data-plot="latent"]')!;
  const mapBox = root.querySelector<HTMLElement>('[data-plot="map"]')!;
  const lossBox = root.querySelector<HTMLElement>('[data-plot="loss"]')!;

  ctx.status("Loading the MNIST digits this site serves…");
  const mnist = await loadMnistForBrowser();
  const { data } = mnist;
  const firstOf = (c: number) => mnist.test.find((i) => data.labels[i] === c)!;
  const shown = Array.from({ length: 10 }, (_, c) => firstOf(c));
  const scatterIdx = mnist.test.filter((_, i) => i % SCATTER_STRIDE === 0);
  const evalIdx = officialTestSubset(mnist, FAST_STRIDE);
  const tensors = [
    mnistTensors(data, mnist.train),
    mnistTensors(data, shown),
    mnistTensors(data, scatterIdx),
    mnistTensors(data, evalIdx),
    mnistTensors(data, [firstOf(1), firstOf(7)]),
  ];
  const [train, show, scatter, evalSet, ends] = tensors.map((t) => t.images);
  const scatterLabels = scatterIdx.map((i) => data.labels[i]);
  const shownPixels = (await show.data()) as Float32Array;

  // The live models: the recipe's layer sizes and activation (embedded at build), any latent size.
  const newModel = (
    latentSize: number,
    hidden = config.pretrained.hidden,
    activation = config.pretrained.activation as Activation,
  ) => new VAE({ latentSize, hidden, activation, seed: 0 });
  let model = newModel(Number(latentSelect.value));
  let optimizer = adam(Number(lrSelect.value));
  let batchSize = Number(batchSelect.value);
  let batches = batchIndices(new Rng(1), mnist.train.length, batchSize);
  let curve: Curve[] = [];
  let label = "random initialisation";

  const trainStep = async () => {
    const step = trainer.step;
    if (Number(batchSelect.value) !== batchSize) {
      batchSize = Number(batchSelect.value);
      batches = batchIndices(new Rng(1 + step), mnist.train.length, batchSize);
    }
    const x = takeRows(train, batches.next().value as number[]);
    const t0 = performance.now();
    try {
      const { loss, kl } = await vaeStep(model, optimizer, x, 1 + step);
      return { loss, kl, ms: performance.now() - t0 };
    } finally {
      x.dispose();
    }
  };

  /** Mean −ELBO per image on the fast held-out subset, as the recipe's vaeTestElbo computes it. */
  const heldOutElbo = async (m: VAE) => {
    const n = evalIdx.length;
    let total = 0;
    for (let start = 0, c = 0; start < n; start += EVAL_CHUNK, c++) {
      const size = Math.min(EVAL_CHUNK, n - start);
      for (let k = 0; k < EVAL_SAMPLES; k++) {
        const loss = tf.tidy(() =>
          m.loss(tf.slice(evalSet, [start], [size]), { seed: EVAL_SEED + 1000 * c + k }).loss
        );
        total += ((await loss.data())[0] * size) / EVAL_SAMPLES;
        loss.dispose();
      }
    }
    return total / n;
  };
  const evalText = `${evalIdx.length.toLocaleString("en")} official test digits`;

  const drawDigits = async () => {
    const [recon, path] = tf.tidy(() => {
      const z = model.encode(ends).mean;
      const [za, zb] = tf.unstack(z);
      return [model.reconstruct(show), model.interpolate(za, zb, INTERP_STEPS)];
    });
    const [r, p] = await Promise.all([recon.data(), path.data()]);
    tf.dispose([recon, path]);
    drawDigitRows(
      digitsBox,
      [
        { label: "data", pixels: shownPixels, count: 10 },
        { label: "recon.", pixels: r, count: 10 },
        { label: "1 → 7", pixels: p, count: INTERP_STEPS },
      ],
      { caption: `${label}: held-out digits, reconstructions from µ(x), a decoded latent line` },
    );
  };

  const drawLatent = async () => {
    const L = model.latentSize;
    const [means, decoded] = tf.tidy(() => [
      model.encode(scatter).mean,
      L === 2 ? model.decodeGrid(GRID, EXTENT) : model.sample(GRID * GRID, PRIOR_SEED),
    ]);
    const z = (await means.array()) as number[][];
    const sheet = (await decoded.data()) as Float32Array;
    tf.dispose([means, decoded]);
    const coords = L === 2 ? z : project(pca(z, 2), z);
    const points = coords.map((c, i) => ({ x: c[0], y: c[1], digit: String(scatterLabels[i]) }));
    const domain = L === 2 ? { domain: [-EXTENT, EXTENT] } : {};
    draw(latentBox, {
      ...BASE,
      width: 360,
      height: 340,
      x: { label: L === 2 ? "z₁" : "PC 1 of µ(x)", ...domain },
      y: { label: L === 2 ? "z₂" : "PC 2 of µ(x)", ...domain },
      color: { type: "categorical", scheme: "tableau10", legend: true },
      marks: [
        Plot.dot(points, { x: "x", y: "y", fill: "digit", r: 2.2, fillOpacity: 0.8, clip: true }),
      ],
    });
    latentBox.classList.remove("placeholder");
    const caption = document.createElement("p");
    caption.className = "readout";
    caption.textContent = L === 2
      ? `decoder over the grid z ∈ [−${EXTENT}, ${EXTENT}]² (same axes as the scatter):`
      : `${GRID * GRID} draws z ~ N(0, I), decoded (${L}-D latent space):`;
    mapBox.replaceChildren(caption, digitSheet(sheet, GRID, GRID));
    mapBox.classList.remove("placeholder");
  };

  const drawLoss = () => {
    drawLossCurve(lossBox, curve, {
      width: 380,
      height: 280,
      y: { label: "nats per image" },
      plot: {
        color: { domain: ["−ELBO", "KL(q‖p)"], range: [COLORS.accent, COLORS.warm], legend: true },
      },
      rawOpacity: 0.4,
      stroke: () => "−ELBO",
      marks: curve.length ? [averagedLine(curve, "kl", () => "KL(q‖p)")] : [],
    });
  };

  // Keep drawing under ~20% of the time.
  const drawing = new Throttle(600, 4);
  const redraw = () =>
    drawing.run(async () => {
      await drawDigits();
      await drawLatent();
      drawLoss();
    });

  const trainer: LiveTraining = liveTraining({
    ctx,
    trainStep,
    describe: (_, r) => `−ELBO ${r.loss.toFixed(1)} nats/image (KL ${r.kl.toFixed(1)})`,
    async afterStep(step, r) {
      curve.push({ step, loss: r.loss, kl: r.kl });
      label = `after ${step} steps`;
      if (drawing.due) await redraw();
    },
    afterRun: redraw,
  });
  const stop = trainer.stop;

  const rebuild = (next: VAE) => {
    model.dispose();
    optimizer.dispose();
    model = next;
    optimizer = adam(Number(lrSelect.value));
    batches = batchIndices(new Rng(1), mnist.train.length, batchSize);
    curve = [];
    trainer.restart();
  };

  const onLr = () => {
    setLearningRate(optimizer, Number(lrSelect.value));
  };
  const onLatent = async () => {
    try {
      await stop();
      rebuild(newModel(Number(latentSelect.value)));
      label = "random initialisation";
      ctx.setState("paused");
      ctx.status(`A new VAE with latent size ${latentSelect.value}: press Resume to train it.`);
      await redraw();
    } catch (e) {
      ctx.fail(e);
    }
  };
  lrSelect.addEventListener("change", onLr);
  latentSelect.addEventListener("change", onLatent);

  await redraw();
  ctx.status("Ready: press Start training.");

  return {
    start: trainer.start,
    async pause() {
      try {
        await stop();
        ctx.setState("paused");
        const elbo = await heldOutElbo(model);
        ctx.metric("heldOutElbo", elbo);
        ctx.status(
          `Paused after ${trainer.step} steps. Held-out −ELBO (${evalText}): ` +
            `${elbo.toFixed(1)} nats/image.`,
        );
      } catch (e) {
        ctx.fail(e);
      }
    },
    async reset() {
      await stop();
      rebuild(newModel(Number(latentSelect.value)));
      label = "random initialisation";
      ctx.setState("paused");
      ctx.status("Reset to a random initialisation.");
      await redraw();
    },
    async loadPretrained() {
      await stop();
      ctx.setState("starting");
      ctx.status("Loading the pretrained vae-mnist weights…");
      const { latentSize, hidden, activation } = config.pretrained;
      const vae = newModel(latentSize, hidden, activation as Activation);
      try {
        await loadShipped(vae, "vae-mnist");
      } catch (e) {
        vae.dispose();
        throw e;
      }
      rebuild(vae);
      latentSelect.value = String(latentSize);
      label = "pretrained vae-mnist";
      ctx.status(`Computing the held-out −ELBO of vae-mnist on ${evalText}…`);
      const elbo = await heldOutElbo(model);
      ctx.metric("heldOutElbo", elbo);
      ctx.metric("heldOutElboExpected", config.expectedFast);
      const close = Math.abs(elbo - config.expectedFast) <= 2e-3 * config.expectedFast;
      ctx.note(
        `Loaded vae-mnist (latent ${latentSize}, MLP 784→${hidden.join("→")}→2·${latentSize}). ` +
          `Held-out −ELBO on the recipe's fast subset (${evalText}, every ${FAST_STRIDE}th): ` +
          `${elbo.toFixed(2)} nats/image here, ${config.expectedFast.toFixed(2)} in the weights ` +
          `manifest (all ${config.testCount.toLocaleString("en")} official test digits: ` +
          `${config.expectedFull.toFixed(2)}).`,
        close ? "ok" : "warn",
      );
      ctx.setState("paused");
      ctx.status(
        `Pretrained weights loaded (${sci(elbo, 3)} nats/image): press Resume to train on.`,
      );
      await redraw();
    },
    dispose() {
      void stop();
      lrSelect.removeEventListener("change", onLr);
      latentSelect.removeEventListener("change", onLatent);
      model.dispose();
      optimizer.dispose();
      for (const t of tensors) tf.dispose([t.images, t.labels]);
    },
  };
};
