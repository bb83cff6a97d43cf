/**
 * Lecture 4's Bayesian field, at build time: what the shipped odevae-rotmnist learned about its
 * own uncertainty. Every figure and number comes from the shipped weights and the recipe's own
 * metric functions (scripts/recipes/odevae_rotmnist.ts), so the page, the manifest and the tests
 * say the same thing.
 *
 *   futuresFigure       sampled futures of two test sequences (one turning each way): each row
 *                       draws its own z0 ~ q(z0 | first frames) and its own field w ~ q(w)
 *   spreadFigure        predictive spread per frame over the test sequences, frames the encoder
 *                       saw shaded: where the model is sure, and where it is not
 *   widthsFigure        the learned posterior widths σ_w of the field's weights against their
 *                       common initial value
 */
import type * as Plot from "@observablehq/plot";
import * as PlotLib from "@observablehq/plot";
import * as tf from "@tensorflow/tfjs";
import { rotatingTimes, sequenceBatch } from "../../../lib/data/rotating_mnist.ts";
import {
  BATCH,
  INIT_STD,
  posteriorStdStats,
  SPREAD_COUNT,
  SPREAD_DRAWS,
  SPREAD_SEED,
  spreadPerFrame,
  WIDTH_LR_FACTOR,
} from "../../../scripts/recipes/odevae_rotmnist.ts";
import { readRepoFile } from "../build/repo.ts";
import { BASE, COLORS } from "../plots/theme.ts";
import { digitGrid } from "./digits.ts";
import { pretrained, sequences } from "./lecture4.ts";

const PIXELS = 28 * 28;
/** Sampled futures drawn per sequence in the futures figure. */
const FUTURE_DRAWS = 4;
const FUTURE_SEED = 777;

/** Test sequences shown in the futures figure: the first turning each way. */
function futurePicks(): number[] {
  const set = sequences("test", 64);
  const ccw = set.motions.findIndex((m) => m.direction === 1);
  const cw = set.motions.findIndex((m) => m.direction === -1);
  return [ccw, cw];
}

export async function futuresFigure(): Promise<Plot.PlotOptions> {
  const model = await pretrained();
  const picks = futurePicks();
  const set = sequences("test", 64, picks);
  const times = rotatingTimes();
  const frames = sequenceBatch(set);
  const samples = model.sampleFrames(frames, times, FUTURE_DRAWS, FUTURE_SEED);
  const [truth, drawn] = [frames.dataSync(), samples.dataSync()];
  tf.dispose([frames, samples]);
  const T = times.length;
  const image = (data: ArrayLike<number>, offset: number) =>
    (data as Float32Array).subarray(offset * PIXELS, (offset + 1) * PIXELS);
  const rows = picks.flatMap((_, s) => {
    const arrow = set.motions[s].direction === 1 ? "↺" : "↻";
    return [
      { label: `${arrow} data`, images: times.map((_, k) => image(truth, s * T + k)) },
      ...Array.from({ length: FUTURE_DRAWS }, (_, d) => ({
        label: `${arrow} draw ${d + 1}`,
        images: times.map((_, k) => image(drawn, (d * picks.length + s) * T + k)),
      })),
    ];
  });
  const columns = times.map((t) => t.toFixed(1));
  return digitGrid(rows, {
    columns,
    xLabel: "time t",
    cell: 26,
    marginLeft: 78,
    shade: { columns: columns.slice(0, model.encoderFrames), label: "encoder input" },
    shadeRows: rows.filter((r) => r.label.includes("draw")).map((r) => r.label),
  });
}

let spread: Promise<number[]> | undefined;

/** Mean predictive spread per frame over the recipe's spread sequences (the manifest's). */
export function spreadByFrame(): Promise<number[]> {
  spread ??= (async () => {
    const model = await pretrained();
    const set = sequences("test", SPREAD_COUNT);
    return spreadPerFrame(model, set, rotatingTimes());
  })();
  return spread;
}

export async function spreadFigure(): Promise<Plot.PlotOptions> {
  const model = await pretrained();
  const values = await spreadByFrame();
  const times = rotatingTimes();
  const points = values.map((v, k) => ({ t: times[k], spread: v }));
  const seen = times[model.encoderFrames - 1];
  return {
    ...BASE,
    height: 240,
    marginLeft: 56,
    x: { label: "time t", domain: [0, times[times.length - 1]] },
    y: { label: "predictive spread (pixel std)", grid: true, zero: true },
    marks: [
      PlotLib.rectX([{ x1: 0, x2: seen }], {
        x1: "x1",
        x2: "x2",
        fill: COLORS.grey,
        fillOpacity: 0.15,
      }),
      PlotLib.text([{ x: seen / 2, label: "encoder input" }], {
        x: "x",
        frameAnchor: "top",
        text: "label",
        dy: 4,
        fill: COLORS.ink,
      }),
      PlotLib.line(points, { x: "t", y: "spread", stroke: COLORS.accent, strokeWidth: 2 }),
      PlotLib.dot(points, { x: "t", y: "spread", fill: COLORS.accent, r: 2.5 }),
    ],
  };
}

let widths: Promise<number[]> | undefined;

/** σ_w = softplus(ρ) of every weight and bias of the shipped field. */
export function learnedWidths(): Promise<number[]> {
  widths ??= (async () => {
    const model = await pretrained();
    const stds = model.dynamics.stds();
    const all = stds.flatMap((t) => Array.from(t.dataSync()));
    tf.dispose(stds);
    return all;
  })();
  return widths;
}

export async function widthsFigure(): Promise<Plot.PlotOptions> {
  const values = (await learnedWidths()).map(Math.log10);
  const init = Math.log10(INIT_STD);
  return {
    ...BASE,
    height: 220,
    marginLeft: 56,
    x: { label: "log₁₀ of the posterior width σ_w" },
    y: { label: "weights", grid: true },
    marks: [
      PlotLib.rectY(values, {
        ...PlotLib.binX({ y: "count" }, { x: (v: number) => v, thresholds: 40 }),
        fill: COLORS.accent,
      }),
      PlotLib.ruleX([init], { stroke: COLORS.warm, strokeWidth: 2, strokeDasharray: "4 3" }),
      PlotLib.text([{ x: init, label: `initial σ_w = ${INIT_STD}` }], {
        x: "x",
        frameAnchor: "top",
        text: "label",
        dx: 4,
        textAnchor: "start",
        fill: COLORS.warm,
      }),
    ],
  };
}

/** The numbers the page states about the learned uncertainty (computed, never typed). */
export async function uncertaintyFacts() {
  const model = await pretrained();
  const stats = posteriorStdStats(model);
  const values = await spreadByFrame();
  const K = model.encoderFrames;
  const mean = (a: number[]) => a.reduce((x, y) => x + y, 0) / a.length;
  return {
    initStd: INIT_STD,
    priorStd: model.dynamics.priorStd,
    weights: (await learnedWidths()).length,
    movedPercent: Math.round(100 * stats["σ_w moved share"]),
    medianStd: stats["σ_w median"],
    minStd: stats["σ_w min"],
    maxStd: stats["σ_w max"],
    draws: SPREAD_DRAWS,
    sequences: Math.min(SPREAD_COUNT, sequences("test", SPREAD_COUNT).count),
    spreadObserved: mean(values.slice(0, K)),
    spreadLast: values[values.length - 1],
    spreadRatio: values[values.length - 1] / mean(values.slice(0, K)),
    seed: SPREAD_SEED,
    frames: rotatingTimes().length,
    batch: BATCH,
    widthRate: WIDTH_LR_FACTOR,
    trial: widthTrial(),
  };
}

const TRIAL_FILE = "sweeps/odevae-widths/results.json";

/**
 * The recorded comparison of the widths' learning rates (scripts/odevae_width_trial.ts): the
 * share of widths that moved, and their range, after a short run at ×1 and at the recipe's rate.
 */
export function widthTrial() {
  const text = readRepoFile(TRIAL_FILE);
  if (!text) {
    throw new Error(`${TRIAL_FILE} is missing: run scripts/odevae_width_trial.ts (see its header)`);
  }
  const results = JSON.parse(text);
  const variant = (rate: number) => {
    const v = results.variants.find((x: { widthRate: number }) => x.widthRate === rate);
    if (!v) throw new Error(`${TRIAL_FILE} has no run at ×${rate}; run it again`);
    return {
      movedPercent: Math.round(100 * v.metrics["σ_w moved share"]),
      min: v.metrics["σ_w min"] as number,
      max: v.metrics["σ_w max"] as number,
      spreadRatio: v.metrics["spread predicted / observed"] as number,
    };
  };
  return { steps: results.steps as number, plain: variant(1), fast: variant(WIDTH_LR_FACTOR) };
}

/**
 * How much the shipped model knows about where the digit is: its per-pixel MSE (posterior-mean z0,
 * mean field) on the first SPREAD_COUNT test sequences, against two predictors that know nothing
 * of the motion — the average training frame, and frame 0 held still.
 */
export async function trackingFacts() {
  const model = await pretrained();
  const times = rotatingTimes();
  const train = sequences("train", 200);
  const test = sequences("test", SPREAD_COUNT);
  const mean = new Float64Array(PIXELS);
  for (let i = 0; i < train.frames.length; i++) mean[i % PIXELS] += train.frames[i];
  const frameCount = train.frames.length / PIXELS;
  for (let p = 0; p < PIXELS; p++) mean[p] /= frameCount;
  const frames = sequenceBatch(test);
  const probs = model.reconstruct(frames, times);
  const [truth, guess] = [frames.dataSync(), probs.dataSync()];
  tf.dispose([frames, probs]);
  let modelSq = 0, meanSq = 0, firstSq = 0;
  const T = times.length;
  for (let i = 0; i < truth.length; i++) {
    const p = i % PIXELS;
    const first = truth[Math.floor(i / (T * PIXELS)) * T * PIXELS + p];
    modelSq += (guess[i] - truth[i]) ** 2;
    meanSq += (mean[p] - truth[i]) ** 2;
    firstSq += (first - truth[i]) ** 2;
  }
  const n = truth.length;
  return {
    sequences: test.count,
    model: modelSq / n,
    averageFrame: meanSq / n,
    firstFrame: firstSq / n,
  };
}
