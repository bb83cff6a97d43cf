/**
 * Lecture 4's Bayesian field, at build time: what the shipped odevae-rotmnist learned about its
 * own uncertainty. Every figure and number comes from the shipped weights and the recipe's own
 * metric functions (lib/zoo/odevae_rotmnist.ts), so the page, the manifest and the tests
 * say the same thing.
 *
 *   futuresFigure       sampled futures of two test sequences (one turning each way): each row
 *                       draws its own z0 ~ q(z0 | first frames) and its own field w ~ q(w)
 *   spreadFigure        predictive spread per frame over the test sequences, frames the encoder
 *                       saw shaded: where the model is sure, and where it is not
 *   widthsFigure        the learned posterior widths σ_w of the field's weights against their
 *                       common initial value
 *   curriculumFigure    per-frame error after two short recorded runs, with and without the
 *                       recipe's length curriculum (sweeps/odevae-curriculum)
 */
import type * as Plot from "@observablehq/plot";
import * as PlotLib from "@observablehq/plot";
import * as tf from "@tensorflow/tfjs";
import { rotatingTimes, sequenceBatch } from "../../../../lib/data/rotating_mnist.ts";
import {
  BATCH,
  CURRICULUM,
  INIT_STD,
  posteriorStdStats,
  SPREAD_COUNT,
  SPREAD_DRAWS,
  SPREAD_SEED,
  spreadPerFrame,
  WIDTH_LR_FACTOR,
} from "../../../../lib/zoo/odevae_rotmnist.ts";
import { readRepoFile } from "../../build/repo.ts";
import { BASE, COLORS } from "../../plots/theme.ts";
import { digitGrid } from "../../plots/digits.ts";
import { odevaeFacts, pretrained, sequences } from "./figures.ts";

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

/** The x axis of the per-frame figures: time over the frames. */
const timeAxis = (times: number[]) => ({ label: "time t", domain: [0, times[times.length - 1]] });

/** A grey band over the frames the encoder reads (t ≤ `seen`). */
const encoderBand = (seen: number) =>
  PlotLib.rectX([{ x1: 0, x2: seen }], {
    x1: "x1",
    x2: "x2",
    fill: COLORS.grey,
    fillOpacity: 0.15,
  });

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
    x: timeAxis(times),
    y: { label: "predictive spread (pixel std)", grid: true, zero: true },
    marks: [
      encoderBand(seen),
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
 * The recorded comparison of the widths' learning rates (scripts/odevae_trials.ts widths): the
 * share of widths that moved, and their range, after a short run at ×1 and at the recipe's rate.
 */
export function widthTrial() {
  const text = readRepoFile(TRIAL_FILE);
  if (!text) {
    throw new Error(`${TRIAL_FILE} is missing: run scripts/odevae_trials.ts widths`);
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
 * How well the shipped model follows the digit, from the manifest (the recipe's evaluation on all
 * test sequences): its per-pixel MSE on the frames it predicts against two predictors that know
 * nothing of the motion — the average training frame, and frame 0 held still.
 */
export function trackingFacts() {
  const manifest = JSON.parse(readRepoFile("weights/manifest.json") ?? "{}");
  const entry = manifest.models?.["odevae-rotmnist"];
  const metrics = entry?.metrics;
  if (!metrics) throw new Error('weights/manifest.json has no metrics for "odevae-rotmnist"');
  const target = entry.targets?.["prediction MSE / average frame"]?.max;
  if (typeof target !== "number") {
    throw new Error(
      'the manifest\'s odevae-rotmnist has no target for "prediction MSE / average frame"',
    );
  }
  const number = (name: string) => {
    const v = metrics[name];
    if (typeof v !== "number") throw new Error(`the manifest's odevae-rotmnist has no "${name}"`);
    return v;
  };
  return {
    reconstruction: number("reconstruction MSE"),
    prediction: number("prediction MSE"),
    averageFrame: number("average-frame baseline MSE"),
    firstFrame: number("first-frame baseline MSE"),
    ratio: number("prediction MSE / average frame"),
    /** The recipe's target for that ratio (at most). */
    target,
  };
}

const CURRICULUM_FILE = "sweeps/odevae-curriculum/results.json";

interface CurriculumVariant {
  name: string;
  curriculum?: { startFrames: number; fullAt: number };
  lastTerms?: Record<string, number>;
  metrics: { model: number[]; averageFrame: number[]; firstFrame: number[] };
}

/** The recorded curriculum trial (scripts/odevae_trials.ts curriculum). */
export function curriculumTrial() {
  const text = readRepoFile(CURRICULUM_FILE);
  if (!text) {
    throw new Error(`${CURRICULUM_FILE} is missing: run scripts/odevae_trials.ts curriculum`);
  }
  const results = JSON.parse(text);
  const variant = (name: string): CurriculumVariant => {
    const v = results.variants.find((x: CurriculumVariant) => x.name === name);
    if (!v) throw new Error(`${CURRICULUM_FILE} has no run "${name}"; run the trial again`);
    return v;
  };
  const all = variant("all frames");
  const curriculum = variant("curriculum");
  if (!curriculum.curriculum) {
    throw new Error(`${CURRICULUM_FILE}: its "curriculum" run has no schedule`);
  }
  const K = odevaeFacts().encoderFrames;
  const predicted = (a: number[]) => a.slice(K).reduce((x, y) => x + y, 0) / (a.length - K);
  return {
    steps: results.steps as number,
    fullAt: curriculum.curriculum.fullAt,
    /** The shipped recipe's step at which sequences are whole. */
    recipeFullAt: CURRICULUM.fullAt,
    startFrames: curriculum.curriculum.startFrames,
    klZ0: { all: all.lastTerms?.klZ0, curriculum: curriculum.lastTerms?.klZ0 },
    sequences: 32,
    allFrames: predicted(all.metrics.model),
    curriculum: predicted(curriculum.metrics.model),
    averageFrame: predicted(all.metrics.averageFrame),
    perFrame: { all, curriculum },
  };
}

/** Per-frame MSE after the two short runs of the curriculum trial, with the two baselines. */
export function curriculumFigure(): Plot.PlotOptions {
  const { perFrame } = curriculumTrial();
  const times = rotatingTimes();
  const series = [
    { name: "trained on all 16 frames", values: perFrame.all.metrics.model, color: COLORS.warm },
    { name: "length curriculum", values: perFrame.curriculum.metrics.model, color: COLORS.accent },
    {
      name: "average training frame",
      values: perFrame.all.metrics.averageFrame,
      color: COLORS.grey,
    },
  ];
  const points = series.flatMap((s) =>
    s.values.map((mse, k) => ({ t: times[k], mse, series: s.name }))
  );
  const seen = times[odevaeFacts().encoderFrames - 1];
  return {
    ...BASE,
    height: 260,
    marginLeft: 56,
    x: timeAxis(times),
    y: { label: "MSE per pixel", grid: true, zero: true },
    color: {
      domain: series.map((s) => s.name),
      range: series.map((s) => s.color),
      legend: true,
    },
    marks: [
      encoderBand(seen),
      PlotLib.line(points, { x: "t", y: "mse", stroke: "series", strokeWidth: 2 }),
      PlotLib.dot(points, { x: "t", y: "mse", fill: "series", r: 2.5 }),
    ],
  };
}
