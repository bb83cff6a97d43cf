/**
 * Runtime of the ODE-VAE demo (lecture 4): see OdeVaeTraining.astro. Rotating MNIST is rebuilt
 * in the page from the shipped digits (src/core/mnist.ts): the same sequences as
 * buildRotatingMnist. Training uses seeded minibatches and seeded draws of z0 and of the field
 * (as the recipe does), so every backend computes the same steps; reads are asynchronous and
 * the loop yields a frame between steps. The pretrained model is evaluated exactly as
 * scripts/recipes/odevae_rotmnist.ts evaluates it on its fast subset (the first 16 test
 * sequences; posterior mean z0, mean field).
 */
import { setLearningRate } from "../../../../lib/train/learning_rate.ts";
import { tf } from "../../core/backend.ts";
import { batchIndices } from "../../../../lib/data/batches.ts";
import { sequenceBatch, type SequenceSet } from "../../../../lib/data/rotating_mnist.ts";
import { ODEVAE, type OdeVaeOptions } from "../../../../lib/models/odevae.ts";
import { Rng } from "../../../../lib/prob/random.ts";
import type { OdeVaeDemoConfig } from "./types.ts";
import { pca, project } from "../../plots/pca.ts";
import { BASE, COLORS, PALETTE, sci } from "../../plots/theme.ts";
import { drawDigitRows } from "../../core/digit_rows.ts";
import {
  loadMnistForBrowser,
  rotatingMnistForBrowser,
  shippedSequenceSet,
} from "../../core/mnist.ts";
import { type LiveTraining, liveTraining, Throttle } from "../../core/live_training.ts";
import { draw, drawLossCurve, type LossPoint, Plot } from "../../core/plot_live.ts";
import type { CreateRuntime, ProbeRuntime } from "../../core/shell.ts";
import { loadShipped } from "../../core/weights.ts";
import { adam } from "../../../../lib/train/fused_adam.ts";

/** Training sequences the live model learns from. */
const TRAIN_LIVE = 128;
/**
 * The reduced live model: same latent size and field as the shipped one, thinner convs. The
 * solver skips its finiteness check: that check reads the device synchronously (slow on GPUs,
 * and on Chrome's WebGPU it misreads its boolean flags as a failure); the training loop watches
 * the loss for NaN instead.
 */
const LIVE: OdeVaeOptions = {
  latentSize: 8,
  encoderChannels: [8, 16],
  decoderChannels: [16, 8],
  fieldHidden: [32, 32],
  dataSize: TRAIN_LIVE,
  solver: { method: "rk4", checkFinite: false },
};
/** Test sequences in the latent PCA panel. */
const PCA_SEQUENCES = 8;
const PIXELS = 28 * 28;

interface Metrics {
  reconstruction: number;
  prediction: number;
  baseline: number;
  worstRatio: number;
  worstFrame: number;
  /** Per-frame MSE of the model and of the first-frame baseline. */
  model: number[];
  base: number[];
}

/** Step number `step` (0-based) on the sequences `frames`; the loss read asynchronously. */
async function odeVaeStep(
  model: ODEVAE,
  optimizer: tf.Optimizer,
  frames: tf.Tensor,
  times: number[],
  step: number,
): Promise<number> {
  // Odd seeds, as the recipe: z0 uses the seed, the drawn field seed + 1.
  const loss = optimizer.minimize(
    () => model.loss(frames, times, { seed: 2 * step + 1 }).loss,
    true,
    model.parameters(),
  )!;
  const value = (await loss.data())[0];
  loss.dispose();
  return value;
}

/** The same step with the page's sequences and settings, nothing drawn ("auto" times it). */
export const probe: ProbeRuntime = async (root) => {
  const config = JSON.parse(
    root.querySelector('[data-role="config"]')!.textContent!,
  ) as OdeVaeDemoConfig;
  const value = (name: string) =>
    Number(root.querySelector<HTMLSelectElement>(`[name="${name}"]`)!.value);
  const rot = rotatingMnistForBrowser(await loadMnistForBrowser(), { train: TRAIN_LIVE, test: 0 });
  const model = new ODEVAE({ ...LIVE, seed: 0 });
  const optimizer = adam(value("lr"));
  const batches = batchIndices(new Rng(1), rot.train.count, value("batch"));
  let step = 0;
  return {
    async step() {
      const frames = sequenceBatch(rot.train, batches.next().value as number[]);
      try {
        return await odeVaeStep(model, optimizer, frames, config.times, step++);
      } finally {
        frames.dispose();
      }
    },
    dispose() {
      model.dispose();
      optimizer.dispose();
    },
  };
};

export const create: CreateRuntime = async (ctx) => {
  const root = ctx.root;
  const config = JSON.parse(
    root.querySelector('[data-role="config"]')!.textContent!,
  ) as OdeVaeDemoConfig;
  const times = config.times;
  const T = times.length;
  const slider = root.querySelector<HTMLInputElement>('[name="sequence"]')!;
  const batchSelect = root.querySelector<HTMLSelectElement>('[name="batch"]')!;
  const lrSelect = root.querySelector<HTMLSelectElement>('[name="lr"]')!;
  const box = (name: string) => root.querySelector<HTMLElement>(`[data-plot="${name}"]`)!;
  const [framesBox, errorBox, latentBox, lossBox] = ["frames", "error", "latent", "loss"].map(box);

  ctx.status("Loading the MNIST digits this site serves and building rotating MNIST…");
  const mnist = await loadMnistForBrowser();
  const rot = rotatingMnistForBrowser(mnist, {
    train: TRAIN_LIVE,
    test: Math.max(config.fastCount, PCA_SEQUENCES),
  });
  slider.max = String(mnist.rotating.test.length - 1);
  const evalFrames = sequenceBatch(rot.test, [...Array(config.fastCount).keys()]);
  const pcaFrames = sequenceBatch(rot.test, [...Array(PCA_SEQUENCES).keys()]);
  const testSequence = (i: number): SequenceSet =>
    shippedSequenceSet(mnist, [mnist.rotating.test[i]], T);

  const newLive = () => new ODEVAE({ ...LIVE, seed: 0 });
  let model = newLive();
  let optimizer = adam(Number(lrSelect.value));
  let batchSize = Number(batchSelect.value);
  let batches = batchIndices(new Rng(1), rot.train.count, batchSize);
  let curve: LossPoint[] = [];
  let modelName = "reduced model";
  const label = () => {
    const step = trainer.step;
    return `${modelName}, ${
      step > 0 ? `after ${step} steps` : modelName.startsWith("pre") ? "as shipped" : "untrained"
    }`;
  };

  const trainStep = async () => {
    const step = trainer.step;
    if (Number(batchSelect.value) !== batchSize) {
      batchSize = Number(batchSelect.value);
      batches = batchIndices(new Rng(1 + step), rot.train.count, batchSize);
    }
    const frames = sequenceBatch(rot.train, batches.next().value as number[]);
    const t0 = performance.now();
    try {
      const loss = await odeVaeStep(model, optimizer, frames, times, step);
      return { loss, ms: performance.now() - t0 };
    } finally {
      frames.dispose();
    }
  };

  /** Per-frame squared errors of the model and of "frame 0 forever", over `frames`. */
  const frameErrors = async (frames: tf.Tensor) => {
    const [m, b] = tf.tidy(() => {
      const probs = model.reconstruct(frames, times);
      const first = tf.slice(frames, [0, 0, 0, 0, 0], [-1, 1, -1, -1, -1]);
      const perFrame = (x: tf.Tensor) => tf.sum(tf.square(x), [0, 2, 3, 4]);
      return [perFrame(tf.sub(probs, frames)), perFrame(tf.sub(first, frames))];
    });
    const [md, bd] = await Promise.all([m.data(), b.data()]);
    tf.dispose([m, b]);
    return { model: Array.from(md), base: Array.from(bd) };
  };

  /** The recipe's metrics on the first `fastCount` test sequences. */
  const evaluate = async (): Promise<Metrics> => {
    const e = await frameErrors(evalFrames);
    const pixels = config.fastCount * PIXELS;
    const K = model.encoderFrames;
    const mean = (a: number[], from: number, to: number) =>
      a.slice(from, to).reduce((s, x) => s + x, 0) / (pixels * (to - from));
    let worstRatio = 0;
    let worstFrame = 1;
    for (let k = 1; k < T; k++) {
      const r = e.model[k] / e.base[k];
      if (r > worstRatio) [worstRatio, worstFrame] = [r, k];
    }
    return {
      reconstruction: mean(e.model, 0, K),
      prediction: mean(e.model, K, T),
      baseline: mean(e.base, 1, T),
      worstRatio,
      worstFrame,
      model: e.model.map((x) => x / pixels),
      base: e.base.map((x) => x / pixels),
    };
  };

  const drawFrames = async () => {
    const index = Number(slider.value);
    const set = testSequence(index);
    const frames = sequenceBatch(set);
    const probs = model.reconstruct(frames, times);
    const p = (await probs.data()) as Float32Array;
    tf.dispose([frames, probs]);
    // Squared errors per frame of the model and of "frame 0 forever", summed over pixels.
    const errors = { model: new Array<number>(T).fill(0), base: new Array<number>(T).fill(0) };
    for (let k = 0; k < T; k++) {
      for (let i = 0; i < PIXELS; i++) {
        const y = set.frames[k * PIXELS + i];
        errors.model[k] += (p[k * PIXELS + i] - y) ** 2;
        errors.base[k] += (set.frames[i] - y) ** 2;
      }
    }
    const encoded = [...Array(model.encoderFrames).keys()];
    drawDigitRows(
      framesBox,
      [
        { label: "data", pixels: set.frames, count: T, marked: encoded },
        { label: "model", pixels: p, count: T, marked: encoded },
      ],
      {
        columns: times.map((t) => t.toFixed(1)),
        caption: `test sequence ${index + 1} of ${mnist.rotating.test.length} · ${label()} · ` +
          `shaded: the frames the encoder sees`,
      },
    );
    draw(errorBox, {
      ...BASE,
      width: 360,
      height: 260,
      x: { label: "time t", grid: true },
      y: { label: "pixel MSE (this sequence)", grid: true, zero: true },
      color: {
        domain: ["model", "frame 0 forever"],
        range: [COLORS.accent, COLORS.grey],
        legend: true,
      },
      marks: [
        Plot.rectX([0], {
          x1: 0,
          x2: times[model.encoderFrames - 1],
          fill: COLORS.warm,
          fillOpacity: 0.1,
        }),
        Plot.line(times, {
          x: (t: number) => t,
          y: (_: number, k: number) => errors.base[k] / PIXELS,
          stroke: () => "frame 0 forever",
          strokeDasharray: "4 3",
        }),
        Plot.line(times, {
          x: (t: number) => t,
          y: (_: number, k: number) => errors.model[k] / PIXELS,
          stroke: () => "model",
          strokeWidth: 2,
          marker: "circle",
        }),
      ],
    });
    errorBox.classList.remove("placeholder");
  };

  const drawLatent = async () => {
    const z = model.latentMeans(pcaFrames, times);
    const paths = (await z.array()) as number[][][];
    z.dispose();
    const all = paths.flat();
    const coords = project(pca(all, 2), all);
    const points = coords.map(([x, y], i) => ({
      x,
      y,
      k: i % T,
      seq: `test ${Math.floor(i / T) + 1}`,
    }));
    draw(latentBox, {
      ...BASE,
      width: 360,
      height: 300,
      x: { label: "PC 1 of z(t)", grid: true },
      y: { label: "PC 2", grid: true },
      color: { range: PALETTE },
      marks: [
        Plot.line(points, { x: "x", y: "y", z: "seq", stroke: "seq", strokeWidth: 1.5 }),
        Plot.dot(points.filter((d) => d.k === 0), { x: "x", y: "y", fill: "seq", r: 3.5 }),
      ],
    });
    latentBox.classList.remove("placeholder");
  };

  const drawLoss = () => {
    drawLossCurve(lossBox, curve, {
      width: 360,
      height: 260,
      plot: { marginLeft: 52 },
      y: { type: curve.length ? "log" : "linear", label: "−ELBO per sequence (nats)" },
    });
  };

  const drawing = new Throttle(1000, 4);
  const redraw = () =>
    drawing.run(async () => {
      await drawFrames();
      await drawLatent();
      drawLoss();
    });

  const trainer: LiveTraining = liveTraining({
    ctx,
    trainStep,
    describe: (_, r) => `−ELBO ${r.loss.toFixed(0)} nats/sequence`,
    async afterStep(step, r) {
      curve.push({ step, loss: r.loss });
      if (drawing.due) await redraw();
    },
    afterRun: redraw,
  });

  const rebuild = (next: ODEVAE) => {
    model.dispose();
    optimizer.dispose();
    model = next;
    optimizer = adam(Number(lrSelect.value));
    batches = batchIndices(new Rng(1), rot.train.count, batchSize);
    curve = [];
    trainer.restart();
  };

  const onLr = () => {
    setLearningRate(optimizer, Number(lrSelect.value));
  };
  let sequenceDrawn: Promise<void> | undefined;
  const onSequence = () => {
    if (trainer.running) return; // the training loop redraws with the new choice
    sequenceDrawn = (sequenceDrawn ?? Promise.resolve()).then(drawFrames).catch((e) => ctx.fail(e));
  };
  lrSelect.addEventListener("change", onLr);
  slider.addEventListener("change", onSequence);

  await redraw();
  ctx.status("Ready: press Start training.");

  return {
    start: trainer.start,
    pause: trainer.pause,
    async reset() {
      await trainer.stop();
      rebuild(newLive());
      modelName = "reduced model";
      ctx.setState("paused");
      ctx.status("Reset to a random initialisation of the reduced model.");
      await redraw();
    },
    async loadPretrained() {
      await trainer.stop();
      ctx.setState("starting");
      ctx.status("Loading the pretrained odevae-rotmnist weights…");
      const full = new ODEVAE({
        ...config.pretrained,
        solver: { ...config.pretrained.solver, checkFinite: false },
        seed: 0,
      });
      try {
        await loadShipped(full, "odevae-rotmnist");
      } catch (e) {
        full.dispose();
        throw e;
      }
      rebuild(full);
      modelName = "pretrained odevae-rotmnist";
      ctx.status(`Evaluating on the first ${config.fastCount} test sequences…`);
      const m = await evaluate();
      const expected = config.expectedFast;
      const pairs: [string, number, string][] = [
        ["reconstruction MSE", m.reconstruction, "reconMse"],
        ["prediction MSE", m.prediction, "predMse"],
        ["first-frame baseline MSE", m.baseline, "baselineMse"],
        ["worst frame MSE / baseline", m.worstRatio, "worstRatio"],
      ];
      for (const [name, value, key] of pairs) {
        ctx.metric(key, value);
        ctx.metric(`${key}Expected`, expected[name]);
      }
      const close = pairs.every(([name, value]) =>
        Math.abs(value - expected[name]) <= 5e-3 * expected[name]
      );
      ctx.note(
        `Loaded odevae-rotmnist (${
          full.parameters().reduce((s, v) => s + v.size, 0)
            .toLocaleString("en")
        } parameters). On the first ${config.fastCount} test sequences: ` +
          `reconstruction MSE ${m.reconstruction.toFixed(4)} (manifest ` +
          `${expected["reconstruction MSE"].toFixed(4)}), prediction MSE ` +
          `${m.prediction.toFixed(4)} (${expected["prediction MSE"].toFixed(4)}), against ` +
          `${m.baseline.toFixed(4)} for repeating frame 0; worst frame ${m.worstFrame} at ` +
          `${(100 * m.worstRatio).toFixed(0)}% of the baseline's error.`,
        close ? "ok" : "warn",
      );
      ctx.setState("paused");
      ctx.status(
        `Pretrained weights loaded (prediction MSE ${sci(m.prediction, 3)}): press Resume to ` +
          "train the full model further (slow), or pick another test sequence.",
      );
      await redraw();
    },
    dispose() {
      void trainer.stop();
      lrSelect.removeEventListener("change", onLr);
      slider.removeEventListener("change", onSequence);
      model.dispose();
      optimizer.dispose();
      tf.dispose([evalFrames, pcaFrames]);
    },
  };
};
