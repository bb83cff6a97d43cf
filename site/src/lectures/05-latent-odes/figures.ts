/**
 * Lecture 5 at build time: the spirals data set (lib/data/spirals.ts, seed 0 — the data of the
 * shipped latent-ode-spirals model) and figures of the pretrained model, run by lib/ on the tfjs
 * cpu backend with the weights in weights/latent-ode-spirals/.
 */
import * as Plot from "@observablehq/plot";
import * as tf from "@tensorflow/tfjs";
import { readFileSync } from "node:fs";
import { disposeSpiralBatch, type Spiral, spiralBatch } from "../../../../lib/data/spirals.ts";
import { loadModuleWeights } from "../../../../lib/io/weights.ts";
import { LATENT_ODE_DEFAULTS, type LatentODE } from "../../../../lib/models/latent_ode.ts";
import { columnMoments, type Moments } from "../../../../lib/prob/moments.ts";
import {
  LATENT_ODE_SPIRALS,
  LATENT_ODE_SPIRALS_CONFIG,
  LOG_EVERY,
  SOURCE_NOTEBOOK_TRAIN_ELBO,
  spirals,
  SPLIT,
} from "../../../../lib/zoo/latent_ode_spirals.ts";
import type { TrainingHistory } from "../../../../lib/io/manifest.ts";
import { buildTf } from "../../build/tf.ts";
import { readRepoFile, repoPath } from "../../build/repo.ts";
import { readSweep, type SweepTrial } from "../../plots/sweep.ts";
import {
  observationOrder,
  observedSubset,
  spiralGrid,
  type SpiralPanel,
  subset,
} from "../../plots/spirals.ts";
import { BASE, COLORS, PALETTE } from "../../plots/theme.ts";

/** Where extrapolation starts: the encoder reads t ≤ SPLIT only (the recipe's metric). */
export { SPLIT };
export const MODEL = "latent-ode-spirals";

/** The course's spirals: 200 training and 50 held-out (the preset's, as the shipped model's). */
export { spirals };

let model: Promise<LatentODE> | undefined;
/** The shipped latent ODE (sha256 and shapes checked by lib/io), built by its recipe. */
export function pretrained(): Promise<LatentODE> {
  model ??= (async () => {
    await buildTf();
    const m = LATENT_ODE_SPIRALS.build(shipped().seed);
    await loadModuleWeights(
      m,
      repoPath("weights", MODEL),
      MODEL,
      (path) => Promise.resolve(new Uint8Array(readFileSync(path))),
    );
    return m;
  })();
  return model;
}

/** Reads a [B, T, D] tensor as nested arrays and frees it. */
function take(t: tf.Tensor): number[][][] {
  const out = t.arraySync() as number[][][];
  t.dispose();
  return out;
}

/** Two spirals of each direction from a list (for figures). */
function twoOfEach(list: readonly Spiral[]): Spiral[] {
  const ccw = list.filter((s) => s.direction === 1).slice(0, 2);
  const cw = list.filter((s) => s.direction === -1).slice(0, 2);
  return [ccw[0], cw[0], ccw[1], cw[1]];
}

const dirName = (s: Spiral) => (s.direction === 1 ? "counter-clockwise" : "clockwise");

/** Figure 5.1: four training spirals, and the irregular observation times of 25 of them. */
export function dataFigure(): Plot.PlotOptions[] {
  const { train } = spirals();
  const shown = twoOfEach(train);
  const grid = spiralGrid(
    shown.map((s, i) => ({
      clean: s.dense,
      seen: s.obs,
      column: `${i + 1}: ${dirName(s)}`,
    })),
    { width: 760 },
  );
  const rows = train.slice(0, 25).flatMap((s, i) => s.obsTimes.map((t) => ({ t, i: i + 1 })));
  const raster: Plot.PlotOptions = {
    ...BASE,
    width: 760,
    height: 250,
    x: { domain: [0, 5], label: "time t", grid: true },
    y: {
      type: "band",
      domain: Array.from({ length: 25 }, (_, i) => i + 1),
      label: "spiral",
      ticks: [1, 5, 10, 15, 20, 25],
    },
    marks: [Plot.tickX(rows, { x: "t", y: "i", stroke: COLORS.accent })],
  };
  return [grid, raster];
}

/**
 * The ODE-RNN encoder run by hand on one spiral, recording every intermediate hidden state:
 * the same arithmetic as LatentODE.encode (backward in time, `encoderSubsteps` Euler steps per
 * gap, a GRU update at each observation, then on to t0).
 */
function encoderPath(m: LatentODE, s: Spiral): { t: number; h: number[]; jump: boolean }[] {
  const gru = m.gru;
  if (!gru) throw new Error(`encoderPath: ${MODEL} must use the ODE-RNN encoder`);
  return tf.tidy(() => {
    const n = m.options.encoderSubsteps;
    const out: { t: number; h: number[]; jump: boolean }[] = [];
    let h: tf.Tensor = tf.zeros([1, m.options.hiddenDim]);
    const flow = (from: number, to: number) => {
      const dt = (to - from) / n;
      for (let k = 1; k <= n; k++) {
        h = tf.add(h, tf.mul(m.encoderField.apply(h), dt));
        out.push({ t: from + k * dt, h: Array.from(h.dataSync()), jump: false });
      }
    };
    const K = s.obsTimes.length;
    out.push({ t: s.obsTimes[K - 1], h: Array.from(h.dataSync()), jump: false });
    for (let k = K - 1; k >= 0; k--) {
      if (k < K - 1) flow(s.obsTimes[k + 1], s.obsTimes[k]);
      h = gru.step(tf.tensor2d([s.obs[k]]), h);
      out.push({ t: s.obsTimes[k], h: Array.from(h.dataSync()), jump: true });
    }
    flow(s.obsTimes[0], m.options.t0);
    return out;
  });
}

/** Figure 5.2: the encoder's hidden state as it reads a spiral from right to left. */
export async function encoderFigure(): Promise<Plot.PlotOptions> {
  const m = await pretrained();
  const s = subset(spirals().eval[0], (k) => k % 3 === 0);
  const path = encoderPath(m, s);
  // The three hidden units that move most over this series.
  const H = m.options.hiddenDim;
  const spread = Array.from({ length: H }, (_, j) => {
    const v = path.map((p) => p.h[j]);
    return Math.max(...v) - Math.min(...v);
  });
  const units = spread.map((v, j) => [v, j]).sort((a, b) => b[0] - a[0]).slice(0, 3).map((x) =>
    x[1]
  );
  const rows = units.flatMap((j) =>
    path.map((p, order) => ({ t: p.t, v: p.h[j], unit: `h[${j}]`, order }))
  );
  const jumps = path.filter((p) => p.jump).map((p) => ({ t: p.t }));
  return {
    ...BASE,
    width: 760,
    height: 280,
    marginRight: 60,
    x: {
      domain: [5, 0],
      label: "time t, reversed: the encoder reads from t = 5 down to 0 →",
      grid: true,
    },
    y: { label: "hidden state", grid: true },
    color: { domain: units.map((j) => `h[${j}]`), range: PALETTE, legend: false },
    marks: [
      Plot.ruleX(jumps, { x: "t", stroke: "#e3e7ec" }),
      Plot.line(rows, {
        x: "t",
        y: "v",
        z: "unit",
        stroke: "unit",
        sort: "order",
        strokeWidth: 1.6,
      }),
      Plot.dot(rows.filter((_, i) => path[i % path.length].jump), {
        x: "t",
        y: "v",
        fill: "unit",
        r: 2.2,
      }),
      Plot.text(
        units.map((j) => ({ unit: `h[${j}]`, t: 0, v: path[path.length - 1].h[j] })),
        { x: "t", y: "v", text: "unit", fill: "unit", dx: 6, textAnchor: "start" },
      ),
    ],
  };
}

/** Decoded trajectories on the dense grid: from µ, and from `samples` posterior draws. */
function fitAndSamples(m: LatentODE, shown: Spiral[], samples: number, seed: number) {
  const batch = spiralBatch(shown);
  try {
    const fit = take(m.reconstruct(batch, batch.denseTimes));
    const draws: number[][][][] = [];
    for (let k = 0; k < samples; k++) {
      draws.push(take(m.reconstruct(batch, batch.denseTimes, seed + k)));
    }
    return { fit, draws };
  } finally {
    disposeSpiralBatch(batch);
  }
}

/** Which observations a view reads: the first k in time, or k at random times. */
export type Pick = "first" | "random";

/** The observations of held-out spiral `i` that a view with `count` points reads. */
export function pickObservations(s: Spiral, i: number, count: number, pick: Pick): Spiral {
  const order = pick === "first" ? s.obsTimes.map((_, k) => k) : observationOrder(s, 100 + i);
  return observedSubset(s, order, count);
}

/** Index of the dense grid's last time at or before t. */
function gridIndex(times: readonly number[], t: number): number {
  let i = 0;
  while (i + 1 < times.length && times[i + 1] <= t + 1e-9) i++;
  return i;
}

/** Figure 5.3: held-out spirals reconstructed from a few early, a few scattered, or all points. */
export async function reconstructionFigure(): Promise<Plot.PlotOptions> {
  const m = await pretrained();
  const shown = twoOfEach(spirals().eval);
  const times = spirals().denseTimes;
  const panels: SpiralPanel[] = [];
  const rows: [string, number, Pick][] = [
    ["first 5", 5, "first"],
    ["first 10", 10, "first"],
    ["10 at random", 10, "random"],
    ["all 30", 30, "first"],
  ];
  for (const [row, k, pick] of rows) {
    const read = shown.map((s) => pickObservations(s, spirals().eval.indexOf(s), k, pick));
    const { fit, draws } = fitAndSamples(m, read, 12, 500);
    shown.forEach((s, i) => {
      const seen = new Set(read[i].obsTimes);
      panels.push({
        clean: s.dense,
        seen: read[i].obs,
        unseen: s.obs.filter((_, j) => !seen.has(s.obsTimes[j])),
        fit: fit[i],
        splitIndex: gridIndex(times, read[i].obsTimes[read[i].obsTimes.length - 1]),
        samples: draws.map((d) => d[i]),
        column: `held-out ${i + 1}`,
        row,
      });
    });
  }
  return spiralGrid(panels, { width: 760 });
}

export interface SparsityRow {
  count: number;
  pick: Pick;
  /** RMSE on the whole dense grid [0, 5] against the clean spirals (z0 = µ). */
  rmse: number;
  /** Mean posterior standard deviation σ_z over dimensions and spirals. */
  sigma: number;
}

/** Reconstruction error and posterior width against the number of points read (50 held-out). */
export async function sparsityRows(): Promise<SparsityRow[]> {
  const m = await pretrained();
  const held = spirals().eval;
  const out: SparsityRow[] = [];
  for (const pick of ["first", "random"] as const) {
    for (const count of [2, 3, 5, 8, 10, 15, 20, 30]) {
      const batch = spiralBatch(held.map((s, i) => pickObservations(s, i, count, pick)));
      try {
        const [rmse, sigma] = tf.tidy(() => {
          const { mean, logVar } = m.encode(batch.values, batch.times, batch.mask);
          const pred = m.decodeFrom(mean, batch.denseTimes);
          return [
            Math.sqrt(tf.mean(tf.square(tf.sub(pred, batch.clean))).dataSync()[0]),
            tf.mean(tf.exp(tf.mul(0.5, logVar))).dataSync()[0],
          ];
        });
        out.push({ count, pick, rmse, sigma });
      } finally {
        disposeSpiralBatch(batch);
      }
    }
  }
  return out;
}

/** Figure 5.4: error and posterior width against the number of observations read. */
export async function sparsityFigure(): Promise<Plot.PlotOptions[]> {
  const rows = (await sparsityRows()).map((r) => ({
    ...r,
    how: r.pick === "first" ? "the first k in time" : "k at random times",
  }));
  const color = {
    domain: ["the first k in time", "k at random times"],
    range: [COLORS.accent, COLORS.warm],
    legend: true,
  };
  const x = {
    label: "observations read, k",
    type: "log" as const,
    ticks: [2, 3, 5, 10, 20, 30],
    tickFormat: "d",
  };
  return [
    {
      ...BASE,
      width: 380,
      height: 260,
      x,
      y: { label: "RMSE on t ∈ [0, 5]", grid: true, zero: true },
      color,
      marks: [
        Plot.line(rows, { x: "count", y: "rmse", stroke: "how", strokeWidth: 1.8 }),
        Plot.dot(rows, { x: "count", y: "rmse", fill: "how", r: 2.5 }),
      ],
    },
    {
      ...BASE,
      width: 380,
      height: 260,
      x,
      y: { label: "mean posterior σ of z₀", grid: true, zero: true },
      color,
      marks: [
        Plot.line(rows, { x: "count", y: "sigma", stroke: "how", strokeWidth: 1.8 }),
        Plot.dot(rows, { x: "count", y: "sigma", fill: "how", r: 2.5 }),
      ],
    },
  ];
}

export interface ExtrapolationResult {
  /** RMSE over (SPLIT, 5] against the clean spirals, all 50 held-out spirals. */
  rmse: number;
  /** The same interval when the encoder reads all observations (interpolation). */
  rmseAll: number;
  /** Per dense time: RMSE over the held-out spirals, encoding t ≤ SPLIT or all observations. */
  curve: { t: number; early: number; all: number }[];
  /** Four spirals' predictions for the figure. */
  panels: SpiralPanel[];
}

let extrapolation: Promise<ExtrapolationResult> | undefined;
/** Extrapolation exactly as the recipe measures it (encode t ≤ 2.5, z0 = µ, RMSE vs clean). */
export function extrapolationResult(): Promise<ExtrapolationResult> {
  extrapolation ??= (async () => {
    const m = await pretrained();
    const held = spirals().eval;
    const times = spirals().denseTimes;
    const full = spiralBatch(held);
    const early = spiralBatch(held, { until: SPLIT });
    try {
      const clean = full.clean.arraySync() as number[][][];
      const fromEarly = take(m.reconstruct(early, times));
      const fromAll = take(m.reconstruct(full, times));
      const rmseAt = (pred: number[][][], i: number) =>
        Math.sqrt(
          pred.reduce(
            (a, row, b) =>
              a + (row[i][0] - clean[b][i][0]) ** 2 + (row[i][1] - clean[b][i][1]) ** 2,
            0,
          ) / (2 * pred.length),
        );
      const curve = times.map((t, i) => ({
        t,
        early: rmseAt(fromEarly, i),
        all: rmseAt(fromAll, i),
      }));
      const after = curve.filter((c) => c.t > SPLIT);
      const rmse = Math.sqrt(after.reduce((a, c) => a + c.early ** 2, 0) / after.length);
      const rmseAll = Math.sqrt(after.reduce((a, c) => a + c.all ** 2, 0) / after.length);
      const splitIndex = times.findIndex((t) => t > SPLIT) - 1;
      const panels = twoOfEach(held).map((s, i) => {
        const b = held.indexOf(s);
        return {
          clean: s.dense,
          seen: s.obs.filter((_, k) => s.obsTimes[k] <= SPLIT),
          unseen: s.obs.filter((_, k) => s.obsTimes[k] > SPLIT),
          fit: fromEarly[b],
          splitIndex,
          column: `held-out ${i + 1}`,
        };
      });
      return { rmse, rmseAll, curve, panels };
    } finally {
      disposeSpiralBatch(full);
      disposeSpiralBatch(early);
    }
  })();
  return extrapolation;
}

/** Figure 5.5: extrapolation of held-out spirals, and the error over time. */
export async function extrapolationFigure(): Promise<Plot.PlotOptions[]> {
  const { panels, curve, rmse, rmseAll } = await extrapolationResult();
  const long = curve.flatMap((c) => [
    { t: c.t, rmse: c.early, encoder: `reads t ≤ ${SPLIT} only` },
    { t: c.t, rmse: c.all, encoder: "reads all 30 observations" },
  ]);
  const errors: Plot.PlotOptions = {
    ...BASE,
    width: 760,
    height: 240,
    x: { domain: [0, 5], label: "time t", grid: true },
    y: { label: "RMSE over 50 held-out spirals", grid: true, zero: true },
    color: {
      domain: [`reads t ≤ ${SPLIT} only`, "reads all 30 observations"],
      range: [COLORS.warm, COLORS.accent],
      legend: true,
    },
    marks: [
      Plot.rectX([{ a: SPLIT, b: 5 }], { x1: "a", x2: "b", fill: COLORS.warm, fillOpacity: 0.06 }),
      Plot.ruleX([SPLIT], { stroke: COLORS.grey, strokeDasharray: "3,3" }),
      Plot.line(long, { x: "t", y: "rmse", stroke: "encoder", strokeWidth: 1.8 }),
      Plot.text(
        [
          `RMSE on (${SPLIT}, 5]: ${rmse.toFixed(4)} reading t ≤ ${SPLIT} (the manifest's ` +
          `extrapolation RMSE), ${rmseAll.toFixed(4)} reading everything`,
        ],
        { frameAnchor: "top-left", dx: 8, dy: 8, fill: COLORS.ink },
      ),
    ],
  };
  return [spiralGrid(panels, { width: 760 }), errors];
}

export interface LatentSummary {
  /** Posterior means of all 250 spirals (train first), with direction and phase. */
  points: { z: number[]; direction: 1 | -1; phase: number; heldOut: boolean }[];
  /** Moments per dimension over the 50 held-out spirals (the manifest's definition). */
  heldOut: Moments[];
  /** The same over all 250. */
  all: Moments[];
  /** Mean posterior standard deviation per dimension (held-out spirals). */
  posteriorStd: number[];
}

let latents: Promise<LatentSummary> | undefined;
/** Posterior means and their moments. */
export function latentSummary(): Promise<LatentSummary> {
  latents ??= (async () => {
    const m = await pretrained();
    const { train, eval: held } = spirals();
    const all = [...train, ...held];
    const batch = spiralBatch(all);
    try {
      const { mean, logVar } = m.encode(batch.values, batch.times);
      const means = mean.arraySync() as number[][];
      const stds = (tf.tidy(() => tf.exp(tf.mul(0.5, logVar))).arraySync() as number[][]).slice(
        train.length,
      );
      tf.dispose([mean, logVar]);
      const points = all.map((s, i) => ({
        z: means[i],
        direction: s.direction,
        phase: s.phase,
        heldOut: i >= train.length,
      }));
      const heldMeans = means.slice(train.length);
      return {
        points,
        heldOut: columnMoments(heldMeans),
        all: columnMoments(means),
        posteriorStd: stds[0].map((_, k) => stds.reduce((a, r) => a + r[k], 0) / stds.length),
      };
    } finally {
      disposeSpiralBatch(batch);
    }
  })();
  return latents;
}

/** Figure 5.6: posterior means in two planes of z₀, coloured by phase, one loop per direction. */
export async function latentScatterFigure(): Promise<Plot.PlotOptions[]> {
  const { points } = await latentSummary();
  const sorted = [...points].sort((a, b) => a.phase - b.phase);
  const plane = (i: number, j: number): Plot.PlotOptions => ({
    ...BASE,
    width: 380,
    height: 360,
    x: { label: `z₀[${i}] (posterior mean)`, grid: true },
    y: { label: `z₀[${j}]`, grid: true },
    color: { type: "cyclical", domain: [0, 2 * Math.PI], scheme: "rainbow" },
    symbol: { domain: ["counter-clockwise", "clockwise"], range: ["circle", "triangle"] },
    marks: [
      ...[1, -1].map((dir) =>
        Plot.line(sorted.filter((p) => p.direction === dir), {
          x: (p) => p.z[i],
          y: (p) => p.z[j],
          stroke: COLORS.grey,
          strokeOpacity: 0.35,
          curve: "catmull-rom-closed",
        })
      ),
      Plot.dot(points, {
        x: (p) => p.z[i],
        y: (p) => p.z[j],
        fill: (p) => p.phase,
        symbol: (
          p: LatentSummary["points"][number],
        ) => (p.direction === 1 ? "counter-clockwise" : "clockwise"),
        r: 3.2,
        stroke: "white",
        strokeWidth: 0.5,
      }),
    ],
  });
  return [plane(0, 1), plane(2, 3)];
}

/** Standard normal quantile (Acklam's rational approximation, |error| < 1.2e-9). */
export function normalQuantile(p: number): number {
  const a = [
    -39.69683028665376,
    220.9460984245205,
    -275.9285104469687,
    138.357751867269,
    -30.66479806614716,
    2.506628277459239,
  ];
  const b = [
    -54.47609879822406,
    161.5858368580409,
    -155.6989798598866,
    66.80131188771972,
    -13.28068155288572,
  ];
  const c = [
    -0.007784894002430293,
    -0.3223964580411365,
    -2.400758277161838,
    -2.549732539343734,
    4.374664141464968,
    2.938163982698783,
  ];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const lo = 0.02425;
  if (p < lo) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
      ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  if (p > 1 - lo) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
    (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}

/** Figure 5.7: normal QQ plots of each latent dimension's standardised posterior means. */
export async function qqFigure(): Promise<Plot.PlotOptions> {
  const { points, all } = await latentSummary();
  const n = points.length;
  const rows = all.flatMap((mom, k) => {
    const sorted = points.map((p) => (p.z[k] - mom.mean) / mom.std).sort((a, b) => a - b);
    return sorted.map((v, i) => ({ dim: `z₀[${k}]`, q: normalQuantile((i + 0.5) / n), v }));
  });
  return {
    ...BASE,
    width: 760,
    height: 240,
    marginTop: 40,
    fx: { label: null },
    x: { label: "standard normal quantile", domain: [-3, 3], ticks: [-2, 0, 2] },
    y: { label: "standardised posterior mean", domain: [-3, 3], grid: true },
    marks: [
      Plot.frame({ stroke: "#dde2e8" }),
      Plot.line([[-3, -3], [3, 3]], {
        x: (d) => d[0],
        y: (d) => d[1],
        stroke: COLORS.grey,
        strokeDasharray: "4,3",
      }),
      Plot.dot(rows, { x: "q", y: "v", fx: "dim", r: 1.6, fill: COLORS.accent, fillOpacity: 0.7 }),
    ],
  };
}

/** Figure 5.8: trajectories decoded from prior samples z₀ ~ N(0, I) next to posterior means. */
export async function priorSamplesFigure(): Promise<Plot.PlotOptions> {
  const m = await pretrained();
  const { points } = await latentSummary();
  const times = spirals().denseTimes;
  const prior = take(
    tf.tidy(() => m.decodeFrom(tf.randomNormal([8, 4], 0, 1, "float32", 7), times)),
  );
  const heldMeans = points.filter((p) => p.heldOut).slice(0, 8).map((p) => p.z);
  const post = take(tf.tidy(() => m.decodeFrom(tf.tensor2d(heldMeans), times)));
  return spiralGrid(
    [
      { column: "z₀ = µ of 8 held-out spirals", paths: post },
      { column: "z₀ ~ N(0, I): 8 prior samples", paths: prior },
    ],
    { width: 520 },
  );
}

// ---------------------------------------------------------------------------------------------
// The shipped run as page text: manifest, training history, the nats account, the encoder sweep.

interface ShippedEntry {
  command: string;
  seed: number;
  steps: number;
  wallTimeSeconds: number;
  backend: string;
  hardware: string;
  parameters: number;
  metrics: Record<string, number>;
  targets: Record<string, { min?: number; max?: number }>;
}

/** weights/manifest.json's entry for the shipped model (the build fails without one). */
export function shipped(): ShippedEntry {
  const manifest = JSON.parse(readRepoFile("weights/manifest.json") ?? "{}");
  const entry = manifest.models?.[MODEL] as ShippedEntry | undefined;
  if (!entry) throw new Error(`lecture 5: weights/manifest.json has no ${MODEL} entry`);
  return entry;
}

/** A metric of the shipped model, failing the build with its name when it is missing. */
export function metric(name: string): number {
  const v = shipped().metrics[name];
  if (typeof v !== "number") throw new Error(`lecture 5: the manifest has no "${name}" metric`);
  return v;
}

/** A number as page text: fixed digits, a real minus sign, thousands separated. */
export function num(x: number, digits = 1): string {
  const text = Math.abs(x).toLocaleString("en-US", {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
  return (x < 0 && Number(text.replace(/,/g, "")) !== 0 ? "−" : "") + text;
}

const WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"];
/** Small counts as words ("two"), larger ones as digits. */
const word = (n: number) => WORDS[n] ?? num(n, 0);

/** The data set's settings (lib/data/spirals.ts, seed of the recipe), for the prose. */
export function dataText() {
  const o = spirals().options;
  const radius = (t: number) => o.radiusSlope * t + o.radiusStart;
  const perUnit = o.observations / o.tMax;
  return {
    dense: num(o.denseSize, 0),
    observations: num(o.observations, 0),
    noiseStd: String(o.noiseStd),
    count: num(o.count, 0),
    train: num(o.train, 0),
    heldOut: num(o.count - o.train, 0),
    seed: String(o.seed),
    tMax: String(o.tMax),
    perUnit: word(Math.round(perUnit)),
    /** Mean gap of 10 points spread over [0, tMax] against the data's mean gap. */
    gapRatio: word(Math.round(o.observations / 10)),
    radiusAtSplit: num(radius(SPLIT), 1),
    radiusAtEnd: num(radius(o.tMax), 1),
  };
}

/** The shipped architecture (the library's defaults, as the recipe builds it), for the prose. */
export function modelText() {
  const o = LATENT_ODE_DEFAULTS;
  const arrow = (sizes: number[]) => sizes.join(" \\to ");
  return {
    latent: String(o.latentDim),
    hidden: String(o.hiddenDim),
    latentField: arrow([o.latentDim, o.width, o.width, o.latentDim]),
    decoder: arrow([o.latentDim, o.width, o.dataDim]),
    latentStep: String(o.latentStep),
    obsStd: String(o.obsStd),
    substepsWord: word(o.encoderSubsteps),
    encoderStepsWord: word(o.encoderSteps),
  };
}

/** The latent codes' moments recorded in the manifest (50 held-out spirals), for the prose. */
export function latentText() {
  const dims = Array.from({ length: LATENT_ODE_DEFAULTS.latentDim }, (_, k) => k);
  const kurt = dims.map((k) => metric(`z0[${k}] excess kurtosis`));
  const std = dims.map((k) => metric(`z0[${k}] std`));
  return {
    kurtLow: num(Math.min(...kurt)),
    kurtHigh: num(Math.max(...kurt)),
    stdLow: num(Math.min(...std)),
    stdHigh: num(Math.max(...std)),
  };
}

/** "≈ 0.07": the posterior standard deviation σ_z, averaged over dimensions and held-out spirals. */
export async function latentWidthText(): Promise<string> {
  const { posteriorStd } = await latentSummary();
  return `≈ ${num(posteriorStd.reduce((a, b) => a + b, 0) / posteriorStd.length, 2)}`;
}

/** The training recipe's settings, for the prose. */
export function recipeText() {
  const c = LATENT_ODE_SPIRALS_CONFIG;
  const e = shipped();
  return {
    steps: num(e.steps, 0),
    batch: num(c.batch, 0),
    warmupSteps: num(Math.round(c.klWarmup * e.steps), 0),
    cutLow: String(c.cutRange[0]),
    cutHigh: String(c.cutRange[1]),
    truncatedPercent: num(100 * c.truncatedFraction, 0),
    split: String(SPLIT),
    logEvery: String(LOG_EVERY),
    wallTime: `${Math.round(e.wallTimeSeconds)} s`,
    backend: e.backend,
    command: e.command,
  };
}

let historyCache: (TrainingHistory & { steps: number }) | undefined;
/** weights/latent-ode-spirals/history.json, written by the training run of the shipped weights. */
export function trainingHistory(): TrainingHistory & { steps: number } {
  if (historyCache) return historyCache;
  const text = readRepoFile(`weights/${MODEL}/history.json`);
  if (!text) throw new Error(`lecture 5: weights/${MODEL}/history.json is missing`);
  historyCache = JSON.parse(text);
  return historyCache!;
}

/** The last row of the training history (the shipped weights' training-set −ELBO and terms). */
export function finalRow() {
  const rows = trainingHistory().rows;
  return rows[rows.length - 1];
}

/**
 * The −ELBO in nats, taken apart: the Gaussian likelihood's constant, the floor that the data's
 * own noise puts under the reconstruction term, and the shipped model against the source
 * notebook. Everything from the model's options, the data's options, the manifest and the
 * recorded history.
 */
export function elboAccount() {
  // The recipe builds LatentODE({ seed, encoder }): the likelihood is the library's default.
  const { obsStd, dataDim } = LATENT_ODE_DEFAULTS;
  const data = spirals().options;
  const n = data.observations * dataDim;
  const perCoordinate = 0.5 * Math.log(2 * Math.PI) + Math.log(obsStd);
  const constant = n * perCoordinate;
  const squaresAtClean = (n * data.noiseStd ** 2) / (2 * obsStd ** 2);
  const floor = squaresAtClean + constant;
  const train = metric("train −ELBO/trajectory");
  const heldOut = metric("eval −ELBO/trajectory");
  const last = finalRow();
  return {
    obsStd,
    dataDim,
    observations: data.observations,
    n,
    noiseStd: data.noiseStd,
    perCoordinate,
    constant,
    squaresAtClean,
    floor,
    train,
    heldOut,
    trainReconstruction: last.reconstruction,
    trainKl: last.kl,
    source: SOURCE_NOTEBOOK_TRAIN_ELBO,
    /** Our numbers without the constant (what a likelihood that drops it would print). */
    trainWithout: train - constant,
    heldOutWithout: heldOut - constant,
    steps: shipped().steps,
  };
}

/**
 * Figure: the shipped run's training curves from its recorded history — −ELBO and its
 * reconstruction term on the training spirals (symlog scale: they fall from hundreds of nats to
 * below zero) with the noise floor, and the KL term with the KL weight's warm-up.
 */
export function historyFigure(): Plot.PlotOptions[] {
  const { rows } = trainingHistory();
  const { floor } = elboAccount();
  const warmupEnd = Math.round(LATENT_ODE_SPIRALS_CONFIG.klWarmup * shipped().steps);
  const series = ["−ELBO", "reconstruction", "noise floor of the reconstruction"];
  const long = rows.flatMap((r) => [
    { step: r.step, value: r.negElbo, term: series[0] },
    { step: r.step, value: r.reconstruction, term: series[1] },
  ]);
  const x = { label: "optimiser step", grid: true, domain: [0, shipped().steps] };
  return [
    {
      ...BASE,
      width: 480,
      height: 300,
      marginLeft: 56,
      x,
      y: {
        type: "symlog",
        constant: 10,
        label: "nats per training spiral (symlog)",
        grid: true,
        ticks: [-40, -20, 0, 20, 50, 100, 200, 500, 1000].filter((v) =>
          v >= Math.min(floor, ...long.map((d) => d.value)) - 20 &&
          v <= Math.max(...long.map((d) => d.value)) * 1.5
        ),
        tickFormat: (v: number) => num(v, 0),
      },
      color: { domain: series, range: [COLORS.accent, COLORS.warm, COLORS.grey], legend: true },
      marks: [
        Plot.ruleY([0], { stroke: "#c9d1da" }),
        Plot.ruleY([floor], { stroke: COLORS.grey, strokeDasharray: "4,3" }),
        Plot.line(long, { x: "step", y: "value", stroke: "term", strokeWidth: 1.8 }),
        Plot.dot(long, { x: "step", y: "value", fill: "term", r: 1.6 }),
      ],
    },
    {
      ...BASE,
      width: 280,
      height: 300,
      marginLeft: 44,
      x,
      y: { label: "KL(q(z₀|x) ‖ N(0, I)), nats", grid: true, zero: true },
      marks: [
        Plot.rectX([{ a: 0, b: warmupEnd }], {
          x1: "a",
          x2: "b",
          fill: COLORS.grey,
          fillOpacity: 0.1,
        }),
        Plot.text([`← KL weight 0 → 1`], {
          x: warmupEnd,
          frameAnchor: "bottom",
          textAnchor: "start",
          dx: 4,
          dy: -6,
          fill: COLORS.grey,
          fontSize: 10,
        }),
        Plot.line(rows, { x: "step", y: "kl", stroke: COLORS.accent, strokeWidth: 1.8 }),
        Plot.dot(rows, { x: "step", y: "kl", fill: COLORS.accent, r: 1.6 }),
      ],
    },
  ];
}

/** The encoder comparison: sweeps/latent-ode-spirals/results.json, one row per encoder. */
export interface EncoderRow {
  encoder: string;
  label: string;
  validation: number;
  heldOut: number;
  train: number;
  rmse: number;
}

const ENCODER_LABELS: Record<string, string> = {
  "ode-rnn": "ODE-RNN, backward (this course)",
  interpolated: "ODE over interpolated observations, forward (source notebook)",
};

/**
 * The sweep's trials at the recipe's own settings (its steps and learning rate), by encoder;
 * `missing` says how to make them when the repository has no finished trial of an encoder.
 */
export function encoderComparison(): {
  rows: EncoderRow[];
  command: string;
  hardware: string;
  missing?: string;
} {
  const sweep = readSweep(MODEL);
  const recipeSettings = (t: SweepTrial) =>
    t.settings.steps === shipped().steps && t.settings.lr === LATENT_ODE_SPIRALS_CONFIG.lrStart &&
    t.metric !== null;
  const trials = sweep?.trials.filter(recipeSettings) ?? [];
  const rows = Object.keys(ENCODER_LABELS).flatMap((encoder) => {
    const t = trials.find((x) => x.settings.encoder === encoder);
    if (!t) return [];
    return [{
      encoder,
      label: ENCODER_LABELS[encoder],
      validation: t.metrics["validation −ELBO/trajectory"],
      heldOut: t.metrics["eval −ELBO/trajectory"],
      train: t.metrics["train −ELBO/trajectory"],
      rmse: t.metrics["extrapolation RMSE"],
    }];
  });
  const command = `deno task sweep ${MODEL} --grid encoder=${
    Object.keys(ENCODER_LABELS).join(",")
  }`;
  return {
    rows,
    command: sweep?.runs.map((r) => r.command).join("\n") ?? command,
    hardware: sweep?.hardware ?? "",
    ...(rows.length < Object.keys(ENCODER_LABELS).length
      ? {
        missing: `This copy of the course has no finished ${MODEL} trial of every encoder ` +
          `(sweeps/${MODEL}/results.json): run \`${command}\`, then rebuild the site.`,
      }
      : {}),
  };
}

/**
 * What the comparison means, by which way it came out: the reading-order argument when the
 * backward ODE-RNN wins on both counts, the continuous-input argument when the forward ODE does,
 * and a plain statement when they split.
 */
export function encoderMeaning(): string {
  const comparison = encoderComparison();
  if (comparison.missing) return "";
  const o = spirals().options;
  const [ours, source] = ["ode-rnn", "interpolated"].map((e) =>
    comparison.rows.find((r) => r.encoder === e)!
  );
  if (ours.heldOut < source.heldOut && ours.rmse < source.rmse) {
    const fit = source.train - ours.train > source.heldOut - source.train
      ? "Most of the gap is one of fitting, not of generalising: on its own training spirals " +
        `the forward encoder already reaches only ${num(source.train)}, against ` +
        `${num(ours.train)} for the ODE-RNN. `
      : "";
    return fit + "Both encoders see the same points; what differs is how the start of a series " +
      "reaches q(z₀). The ODE-RNN reads backward and folds the earliest observations — the ones " +
      "that pin down z₀ — in last, each by a GRU update that can write into h at once. The " +
      "forward ODE meets them first and must carry them through the rest of the series to the " +
      "last observation by a smooth flow, with the later values pushing on h all the way; that " +
      `is a plausible reason why, in ${num(shipped().steps, 0)} steps, it learns so much less. ` +
      "It does not show that the notebook's encoder cannot work: a longer run, another learning " +
      "rate or a time input might close part of the gap, and this table tests none of them.";
  }
  if (source.heldOut < ours.heldOut && source.rmse < ours.rmse) {
    return "The interpolated curve gives the encoder's field a value at every time, so it never " +
      "crosses a gap blind; on these smooth spirals, where linear interpolation between points " +
      `${num(o.tMax / o.observations, 2)} time units apart on average is already close to the ` +
      "curve, that input is worth more than the GRU's discrete updates.";
  }
  return "Neither encoder wins on both counts: the choice of encoder matters less here than " +
    "the training recipe they share.";
}

/** One sentence on the encoder comparison, from its numbers. */
export function encoderVerdict(): string {
  const comparison = encoderComparison();
  if (comparison.missing) return comparison.missing;
  const [ours, source] = ["ode-rnn", "interpolated"].map((e) =>
    comparison.rows.find((r) => r.encoder === e)!
  );
  const better = (a: number, b: number) => (a < b ? "lower" : "higher");
  const elboGap = source.heldOut - ours.heldOut;
  return `With the same data, seed, ${num(shipped().steps, 0)} steps and training recipe, the ` +
    `backward ODE-RNN reaches a held-out −ELBO ${num(Math.abs(elboGap))} nats ` +
    `${elboGap > 0 ? "lower" : "higher"} per spiral than the forward ODE over interpolated ` +
    `observations (${num(ours.heldOut)} against ${num(source.heldOut)}), and an extrapolation ` +
    `RMSE ${better(ours.rmse, source.rmse)} (${num(ours.rmse, 3)} against ` +
    `${num(source.rmse, 3)}).`;
}
