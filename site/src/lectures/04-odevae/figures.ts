/**
 * Lecture 4 (ODE-VAE) at build time: rotating MNIST (lib/data/rotating_mnist.ts on MNIST's
 * original files),
 * and the pretrained odevae-rotmnist (the recipe's model, weights/odevae-rotmnist) on training
 * and test sequences — reconstructions and predictions, and the PCA of its latent trajectories —
 * plus the numbers the live demo embeds. The model runs on the tfjs cpu backend (a few seconds).
 */
import type * as Plot from "@observablehq/plot";
import * as PlotLib from "@observablehq/plot";
import * as tf from "@tensorflow/tfjs";
import { readFile } from "node:fs/promises";
import { MNIST_TEST_CLASS_COUNTS, MNIST_TRAIN_CLASS_COUNTS } from "../../../../lib/data/mnist.ts";
import { loadMnist } from "../../../../lib/data/mnist_source.ts";
import {
  buildSequenceSet,
  ROTATING_DT,
  ROTATING_FRAMES,
  rotatingMnistSources,
  rotatingTimes,
  sequenceBatch,
  type SequenceMotion,
  sequenceMotion,
  type SequenceSet,
} from "../../../../lib/data/rotating_mnist.ts";
import { loadModuleWeights } from "../../../../lib/io/weights.ts";
import { ODEVAE, type OdeVaeOptions } from "../../../../lib/models/odevae.ts";
import {
  ODEVAE_ROTMNIST,
  ROTMNIST_DATA_SEED as DATA_SEED,
} from "../../../../lib/zoo/odevae_rotmnist.ts";
import { readRepoFile, repoPath } from "../../build/repo.ts";
import { pca, project } from "../../plots/pca.ts";
import { BASE, COLORS, PALETTE } from "../../plots/theme.ts";
import { digitGrid } from "../../plots/digits.ts";
import type { OdeVaeDemoConfig } from "./types.ts";

const PIXELS = 28 * 28;

/** The options of the recipe's model, read off the model it builds. */
function recipeOptions(): OdeVaeOptions {
  const m = ODEVAE_ROTMNIST.build(0);
  const options: OdeVaeOptions = {
    latentSize: m.latentSize,
    encoderFrames: m.encoderFrames,
    fieldHidden: m.dynamics.sizes.slice(1, -1),
    encoderChannels: m.encoder.convs.map((c) => c.outChannels),
    decoderChannels: [...m.decoder.channels],
    decoderHidden: [...m.decoder.hidden],
    imageSize: m.imageSize,
    dataSize: m.dataSize,
    priorStd: m.dynamics.priorStd,
    solver: { ...m.solver },
  };
  m.dispose();
  return options;
}

export function odevaeDemoConfig(): OdeVaeDemoConfig {
  const manifest = JSON.parse(readRepoFile("weights/manifest.json") ?? "{}");
  const entry = manifest.models?.["odevae-rotmnist"];
  if (!entry) throw new Error('weights/manifest.json has no model "odevae-rotmnist"');
  return {
    pretrained: recipeOptions(),
    expectedFast: entry.metricsFast,
    fastCount: 16,
    times: rotatingTimes(),
  };
}

let model: Promise<ODEVAE> | undefined;

/** The shipped odevae-rotmnist, as its recipe builds it, loaded from weights/. */
export function pretrained(): Promise<ODEVAE> {
  model ??= (async () => {
    const m = ODEVAE_ROTMNIST.build(0);
    await loadModuleWeights(
      m,
      repoPath("weights", "odevae-rotmnist"),
      "odevae-rotmnist",
      (p) => readFile(p).then((b) => new Uint8Array(b)),
    );
    return m;
  })();
  return model;
}

let sources: { train: number[]; test: number[] } | undefined;
function recipeSources(): { train: number[]; test: number[] } {
  sources ??= rotatingMnistSources(loadMnist(), { seed: DATA_SEED });
  return sources;
}

/** Training or test sequences `picks` (default: the first `n`) of the recipe's rotating MNIST. */
export function sequences(which: "train" | "test", n: number, picks?: number[]): SequenceSet {
  const list = recipeSources()[which];
  const chosen = picks ? picks.map((i) => list[i]) : list.slice(0, n);
  return buildSequenceSet(loadMnist(), chosen, DATA_SEED);
}

/** Degrees the digit turns per frame (a full turn over the frames). */
export function stepDegrees(): number {
  return 360 / ROTATING_FRAMES;
}

const turnArrow = (direction: number) => (direction === 1 ? "↺" : "↻");

/** The data set's sizes and motions, for the page's prose (computed, never typed). */
export function rotatingMnistFacts() {
  const { train, test } = recipeSources();
  const ccw = train.filter((src) => sequenceMotion(src, DATA_SEED).direction === 1).length;
  const times = rotatingTimes();
  return {
    train: train.length,
    test: test.length,
    /** Threes in MNIST's training and test files (the pools the sequences are drawn from). */
    trainThrees: MNIST_TRAIN_CLASS_COUNTS[3],
    testThrees: MNIST_TEST_CLASS_COUNTS[3],
    frames: ROTATING_FRAMES,
    stepDegrees: stepDegrees(),
    lastTime: times[times.length - 1].toFixed(1),
    /** Training sequences turning counter-clockwise and clockwise. */
    counterClockwise: ccw,
    clockwise: train.length - ccw,
  };
}

/** The shipped model's size, training and options, for the prose (manifest and recipe). */
export function odevaeFacts() {
  const manifest = JSON.parse(readRepoFile("weights/manifest.json") ?? "{}");
  const entry = manifest.models?.["odevae-rotmnist"];
  if (!entry) throw new Error('weights/manifest.json has no model "odevae-rotmnist"');
  const options = recipeOptions();
  return {
    parameters: entry.parameters as number,
    steps: entry.steps as number,
    minutes: Math.round(entry.wallTimeSeconds / 60),
    secondsPerStep: (entry.wallTimeSeconds / entry.steps).toFixed(1),
    hardware: entry.hardware as string,
    latentSize: options.latentSize!,
    /** The field's layer sizes, e.g. "8 → 32 → 32 → 8". */
    field: [options.latentSize, ...options.fieldHidden!, options.latentSize].join(" → "),
    encoderFrames: options.encoderFrames!,
    /** Hidden sizes of the decoder's dense part, e.g. "256". */
    decoderHidden: options.decoderHidden!.join(" → "),
  };
}

const frameLabels = () => rotatingTimes().map((t) => t.toFixed(1));
const frameOf = (set: SequenceSet, s: number, k: number) =>
  set.frames.subarray((s * set.frameCount + k) * PIXELS, (s * set.frameCount + k + 1) * PIXELS);

/**
 * Three training sequences of rotating MNIST, frame by frame: the first two, and the first that
 * turns the other way than the first (so both directions show).
 */
export function rotatingMnistFigure(): Plot.PlotOptions {
  const { train } = recipeSources();
  const dir = (i: number) => sequenceMotion(train[i], DATA_SEED).direction;
  const other = train.findIndex((_, i) => i >= 2 && dir(i) !== dir(0));
  const picks = [0, 1, other >= 0 ? other : 2];
  const set = sequences("train", 3, picks);
  return digitGrid(
    picks.map((p, s) => ({
      label: `seq. ${p + 1} ${turnArrow(set.motions[s].direction)}`,
      images: Array.from({ length: ROTATING_FRAMES }, (_, k) => frameOf(set, s, k)),
    })),
    {
      columns: frameLabels(),
      xLabel: `time t = 0.1·k (frame k: turned by k·${stepDegrees()}° from its start angle)`,
      cell: 28,
      marginLeft: 76,
    },
  );
}

/**
 * Data and the model's frames for the first two training and two test sequences: the encoder
 * sees frames 0–2; every frame is decoded from the solved latent trajectory (posterior mean z0,
 * mean field), so frames 3–15 are predictions.
 */
export async function odevaeFramesFigure(): Promise<Plot.PlotOptions> {
  const vae = await pretrained();
  const times = rotatingTimes();
  const rows = [];
  for (const which of ["train", "test"] as const) {
    const set = sequences(which, 2);
    const frames = sequenceBatch(set);
    const probs = vae.reconstruct(frames, times);
    const p = (await probs.data()) as Float32Array;
    tf.dispose([frames, probs]);
    for (let s = 0; s < set.count; s++) {
      const name = `${which} ${s + 1}`;
      rows.push(
        { label: `${name} data`, images: times.map((_, k) => frameOf(set, s, k)) },
        {
          label: `${name} model`,
          images: times.map((_, k) =>
            p.subarray((s * times.length + k) * PIXELS, (s * times.length + k + 1) * PIXELS)
          ),
        },
      );
    }
  }
  const encoderColumns = frameLabels().slice(0, vae.encoderFrames);
  return digitGrid(rows, {
    columns: frameLabels(),
    xLabel: "time t",
    cell: 28,
    marginLeft: 92,
    shade: { columns: encoderColumns, label: "encoder input" },
    shadeRows: rows.filter((r) => r.label.endsWith("model")).map((r) => r.label),
  });
}

/** Latent trajectories to t = 2·1.5 (twice the training window) for the PCA figure. */
const PCA_SEQUENCES = 12;
const PCA_FRAMES = 2 * ROTATING_FRAMES;

let paths:
  | Promise<{ paths: number[][][]; motions: SequenceMotion[]; longTimes: number[] }>
  | undefined;

/** Frame times over two turns (0, 0.1, …): the data's turn and the one after it. */
const twoTurnTimes = () =>
  Array.from({ length: PCA_FRAMES }, (_, k) => Number((ROTATING_DT * k).toFixed(10)));

/** Latent means of the first PCA_SEQUENCES test sequences over PCA_FRAMES frame times. */
function latentPaths() {
  paths ??= (async () => {
    const vae = await pretrained();
    const set = sequences("test", PCA_SEQUENCES);
    const frames = sequenceBatch(set);
    const longTimes = twoTurnTimes();
    const z = vae.latentMeans(frames, longTimes);
    const out = (await z.array()) as number[][][];
    tf.dispose([frames, z]);
    return { paths: out, motions: set.motions, longTimes };
  })();
  return paths;
}

/**
 * Does a latent trajectory come back after one turn? For each of the PCA figure's sequences:
 * the distance from z(0) to z at t = frames·dt (one step past the data, where the digit is back at
 * its start angle), relative to the trajectory's largest distance from z(0) over the observed
 * frames; the median over the sequences. Near 0: closed loops; near 1 or above: open arcs.
 */
export async function odevaeLoopGap(): Promise<{ median: number; sequences: number; t: string }> {
  const { paths: all, longTimes } = await latentPaths();
  const dist = (a: number[], b: number[]) => Math.hypot(...a.map((v, j) => v - b[j]));
  const ratios = all.map((p) => {
    const reach = Math.max(...p.slice(1, ROTATING_FRAMES).map((z) => dist(z, p[0])));
    return dist(p[ROTATING_FRAMES], p[0]) / reach;
  }).sort((a, b) => a - b);
  const mid = ratios.length >> 1;
  const median = ratios.length % 2 ? ratios[mid] : (ratios[mid - 1] + ratios[mid]) / 2;
  return { median, sequences: all.length, t: longTimes[ROTATING_FRAMES].toFixed(1) };
}

/**
 * PCA of the latent trajectories of twelve test sequences (posterior mean z0, mean field),
 * integrated over twice the observed window: solid while observed (t ≤ 1.5), dashed beyond.
 * The principal axes come from the observed part of all trajectories.
 */
export async function odevaeLatentPca(): Promise<Plot.PlotOptions[]> {
  const { paths, motions, longTimes } = await latentPaths();
  const name = (s: number) => `test ${s + 1} ${turnArrow(motions[s].direction)}`;
  const observed = paths.flatMap((p) => p.slice(0, ROTATING_FRAMES));
  const model = pca(observed, 2);
  const points = paths.flatMap((p, s) =>
    project(model, p).map(([x, y], k) => ({
      x,
      y,
      k,
      t: longTimes[k],
      seq: name(s),
      observed: k < ROTATING_FRAMES,
    }))
  );
  const color = {
    domain: paths.map((_, s) => name(s)),
    range: [...PALETTE, "#4e79a7", "#e15759", "#59a14f", "#edc948"],
  };
  const pct = (i: number) => `${(100 * model.explained[i]).toFixed(0)}%`;
  const phase = {
    ...BASE,
    width: 420,
    height: 400,
    x: { label: `PC 1 (${pct(0)} of the variance)`, grid: true },
    y: { label: `PC 2 (${pct(1)})`, grid: true },
    color,
    marks: [
      PlotLib.line(points.filter((d) => d.k >= ROTATING_FRAMES - 1), {
        x: "x",
        y: "y",
        z: "seq",
        stroke: "seq",
        strokeDasharray: "3 3",
        strokeOpacity: 0.7,
      }),
      PlotLib.line(points.filter((d) => d.observed), {
        x: "x",
        y: "y",
        z: "seq",
        stroke: "seq",
        strokeWidth: 1.8,
      }),
      PlotLib.dot(points.filter((d) => d.k === 0), { x: "x", y: "y", fill: "seq", r: 4 }),
    ],
  };
  const overTime = {
    ...BASE,
    width: 420,
    height: 400,
    x: { label: "time t", grid: true },
    y: { label: "PC 1", grid: true },
    color,
    marks: [
      PlotLib.ruleX([(ROTATING_FRAMES - 1) * ROTATING_DT], { stroke: COLORS.grey }),
      PlotLib.text(["end of the data"], {
        x: () => (ROTATING_FRAMES - 1) * ROTATING_DT,
        frameAnchor: "top",
        dx: 4,
        textAnchor: "start",
        fill: COLORS.grey,
      }),
      PlotLib.line(points, { x: "t", y: "x", z: "seq", stroke: "seq", strokeWidth: 1.4 }),
    ],
  };
  return [phase, overTime];
}

/**
 * Beyond the data: two test sequences integrated to t = 3.1, decoded at t = 1.6 … 3.1, against
 * the rotation continued (frame k of a full turn again: frames 0 … 15).
 */
export async function odevaeExtrapolationFigure(): Promise<Plot.PlotOptions> {
  const vae = await pretrained();
  const set = sequences("test", 2);
  const frames = sequenceBatch(set);
  const longTimes = twoTurnTimes();
  const probs = vae.reconstruct(frames, longTimes);
  const p = (await probs.data()) as Float32Array;
  tf.dispose([frames, probs]);
  const later = longTimes.slice(ROTATING_FRAMES);
  const rows = [];
  for (let s = 0; s < set.count; s++) {
    rows.push(
      {
        label: `test ${s + 1} data`,
        images: later.map((_, j) => frameOf(set, s, j)),
      },
      {
        label: `test ${s + 1} model`,
        images: later.map((_, j) => {
          const k = ROTATING_FRAMES + j;
          return p.subarray((s * PCA_FRAMES + k) * PIXELS, (s * PCA_FRAMES + k + 1) * PIXELS);
        }),
      },
    );
  }
  return digitGrid(rows, {
    columns: later.map((t) => t.toFixed(1)),
    xLabel: "time t (the data end at t = 1.5; the rotation continues with frame k − 16)",
    cell: 28,
    marginLeft: 92,
    shadeRows: rows.filter((r) => r.label.endsWith("model")).map((r) => r.label),
  });
}

/**
 * Per-pixel MSE of the model's frames against the data over the observed turn (t ≤ 1.5) and
 * over the next turn (t = 1.6 … 3.1, against the rotation continued), on the PCA figure's test
 * sequences (posterior mean z0, mean field): how much worse the model gets beyond the data.
 */
export async function odevaeExtrapolationError(): Promise<{ inside: number; beyond: number }> {
  const vae = await pretrained();
  const set = sequences("test", PCA_SEQUENCES);
  const frames = sequenceBatch(set);
  const longTimes = twoTurnTimes();
  const probs = vae.reconstruct(frames, longTimes);
  const p = (await probs.data()) as Float32Array;
  tf.dispose([frames, probs]);
  let inside = 0;
  let beyond = 0;
  for (let s = 0; s < set.count; s++) {
    for (let k = 0; k < PCA_FRAMES; k++) {
      const data = frameOf(set, s, k % ROTATING_FRAMES);
      const model = p.subarray((s * PCA_FRAMES + k) * PIXELS, (s * PCA_FRAMES + k + 1) * PIXELS);
      let sq = 0;
      for (let i = 0; i < PIXELS; i++) sq += (model[i] - data[i]) ** 2;
      if (k < ROTATING_FRAMES) inside += sq;
      else beyond += sq;
    }
  }
  const n = set.count * ROTATING_FRAMES * PIXELS;
  return { inside: inside / n, beyond: beyond / n };
}
