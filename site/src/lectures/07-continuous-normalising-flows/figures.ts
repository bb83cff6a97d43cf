/**
 * Lecture 7 at build time: the shipped cnf-circles flow (loaded once per build, cpu backend)
 * drawn as a density, as samples at several times, and as the data of the flow animation; the
 * Hutchinson estimator's spread against the exact trace; a 1-D change of variables; and the
 * numbers the live demo needs to reproduce the manifest's held-out metric in the browser.
 */
import type * as Plot from "@observablehq/plot";
import * as PlotLib from "@observablehq/plot";
import * as tf from "@tensorflow/tfjs";
import { readFileSync } from "node:fs";
import { makeCircles } from "../../../../lib/data/toy2d.ts";
import type { ModelEntry } from "../../../../lib/io/manifest.ts";
import { loadModuleWeights } from "../../../../lib/io/weights.ts";
import { CNF } from "../../../../lib/models/cnf.ts";
import { HyperField } from "../../../../lib/nn/time_fields.ts";
import { Rng } from "../../../../lib/prob/random.ts";
import {
  CIRCLES_FAST_SIZE as FAST_SIZE,
  CIRCLES_HELD_OUT_SEED,
  CIRCLES_TEST_SIZE as TEST_SIZE,
  CNF_CIRCLES_CONFIG,
  gaussianBaseline,
} from "../../../../lib/zoo/cnf_circles.ts";
import { repoPath } from "../../build/repo.ts";
import { BASE, COLORS } from "../../plots/theme.ts";
import type { CnfDemoData } from "./types.ts";

type ManifestEntry = ModelEntry;

/** The square every 2-D picture of the circles shows. */
export const EXTENT = 1.6;

/**
 * The sizes of the build-time figures, in one place so that the captions quote the numbers the
 * figures were computed with (the page interpolates them).
 */
export const FIGURE_SIZES = {
  /** Figure 7.1: transformed samples in the histogram. */
  histogramSamples: 20_000,
  /** Figure 7.2: held-out points, and single-probe draws per point. */
  hutchinsonPoints: 24,
  hutchinsonDraws: 64,
  /** Figure 7.3: training points drawn, density grid points per axis. */
  shownPoints: 600,
  densityGrid: 40,
  /** Figure 7.4: samples per snapshot. Figure 7.5: samples in the animation. */
  snapshotSamples: 700,
  animationSamples: 320,
} as const;

function manifestEntry(): ManifestEntry {
  const manifest = JSON.parse(readFileSync(repoPath("weights/manifest.json"), "utf8"));
  return manifest.models["cnf-circles"];
}

/** How the shipped model was built and trained, for the prose (recipe and manifest). */
export interface CnfRecipeFacts {
  /** Adam steps the shipped weights were trained for (the manifest's record). */
  steps: number;
  batch: number;
  trainSize: number;
  /** rk4 steps on [0, 1]. */
  rk4Steps: number;
  lr: number;
  lrEnd: number;
  /** The held-out test set and the fast subset the demo evaluates. */
  testSize: number;
  fastSize: number;
  /** Hypernetwork: the target net's units m, state dimension D, and the MLP's layer sizes. */
  width: number;
  dim: number;
  hyperSizes: number[];
}

/** Adam steps and sizes as the recipe and the manifest record them. */
export function cnfRecipe(): CnfRecipeFacts {
  const c = CNF_CIRCLES_CONFIG;
  // The layer sizes are read off a field built as the recipe builds it, so the page quotes the
  // hypernetwork that runs, not a copy of its formula.
  const field = new HyperField({ width: c.width, hidden: c.hidden, seed: 0 });
  const facts = {
    steps: manifestEntry().steps,
    batch: c.batch,
    trainSize: c.trainSize,
    rk4Steps: Math.round(1 / c.stepSize),
    lr: c.lr,
    lrEnd: c.lrEnd,
    testSize: TEST_SIZE,
    fastSize: FAST_SIZE,
    width: field.width,
    dim: field.dim,
    hyperSizes: [...field.net.sizes],
  };
  field.dispose();
  return facts;
}

/** A count with thousands separators, as the prose writes them (10,000). */
export const count = (n: number): string => n.toLocaleString("en-US");

let initialNll: number | undefined;

/**
 * The demo's starting point: the negative log-likelihood per point of the untrained flow (the
 * recipe's architecture, the demo's initial weights) on the fast held-out subset, exact trace.
 */
export function cnfInitialNll(): number {
  if (initialNll !== undefined) return initialNll;
  const c = CNF_CIRCLES_CONFIG;
  const model = new CNF({
    hyper: { width: c.width, hidden: c.hidden, seed: 0 },
    solver: { method: "rk4", stepSize: c.stepSize },
  });
  const test = makeCircles(TEST_SIZE, CIRCLES_HELD_OUT_SEED);
  const logp = tf.tidy(() =>
    model.logProb(tf.tensor2d(test.points.subarray(0, 2 * FAST_SIZE), [FAST_SIZE, 2]), {
      trace: "exact",
    }).dataSync<"float32">()
  );
  model.dispose();
  initialNll = -logp.reduce((s, v) => s + v, 0) / FAST_SIZE;
  return initialNll;
}

/** The manifest's held-out numbers for the prose (test log-likelihood vs Gaussian). */
export function cnfMetrics(): { cnf: number; gaussian: number; gain: number } {
  const m = manifestEntry().metrics;
  return {
    cnf: m["test log-likelihood/sample"],
    gaussian: m["Gaussian baseline log-likelihood/sample"],
    gain: m["gain over Gaussian"],
  };
}

let demoData: CnfDemoData | undefined;

export function cnfDemoData(): CnfDemoData {
  if (demoData) return demoData;
  const c = CNF_CIRCLES_CONFIG;
  const test = makeCircles(TEST_SIZE, CIRCLES_HELD_OUT_SEED);
  const train = makeCircles(c.trainSize, 0);
  demoData = {
    boxes: {
      circles: [-EXTENT, EXTENT, -EXTENT, EXTENT],
      moons: [-1.5, 2.5, -1.5, 2],
      checkerboard: [-2.4, 2.4, -2.4, 2.4],
    },
    grid: 28,
    flowSamples: 300,
    flowFrames: 17,
    width: c.width,
    hidden: c.hidden,
    stepSize: c.stepSize,
    trainSize: c.trainSize,
    heldOut: {
      seed: CIRCLES_HELD_OUT_SEED,
      size: FAST_SIZE,
      gaussian: gaussianBaseline(train, test.points.subarray(0, 2 * FAST_SIZE)),
      expected: manifestEntry().metricsFast["test log-likelihood/sample"],
    },
  };
  return demoData;
}

let shipped: Promise<CNF> | undefined;

/** The shipped cnf-circles model (sha256-checked), built once per build. */
function shippedCnf(): Promise<CNF> {
  shipped ??= (async () => {
    const c = CNF_CIRCLES_CONFIG;
    const model = new CNF({
      hyper: { width: c.width, hidden: c.hidden, seed: 0 },
      solver: { method: "rk4", stepSize: c.stepSize },
    });
    const read = (path: string) => Promise.resolve(new Uint8Array(readFileSync(path)));
    await loadModuleWeights(model, repoPath("weights/cnf-circles"), "cnf-circles", read);
    return model;
  })();
  return shipped;
}

const round3 = (v: number) => Math.round(v * 1000) / 1000;
/** A typographic minus sign for numbers in labels. */
const minus = (s: string) => s.replace("-", "−");

/** A density on a regular grid as filled contours (a compact SVG; no canvas at build time). */
function densityPlot(
  values: number[] | undefined,
  n: number,
  title: string,
  points?: number[][],
) {
  const marks: Plot.Markish[] = [PlotLib.frame({ stroke: "#dde2e8" })];
  if (values) {
    marks.push(PlotLib.contour(values, {
      width: n,
      height: n,
      x1: -EXTENT,
      x2: EXTENT,
      y1: -EXTENT,
      y2: EXTENT,
      value: (d: number) => d,
      fill: "value",
      thresholds: 14,
    } as PlotLib.ContourOptions));
  }
  if (points) {
    marks.push(
      PlotLib.dot(points, {
        x: (d: number[]) => d[0],
        y: (d: number[]) => d[1],
        r: 1.3,
        fill: COLORS.ink,
        fillOpacity: 0.5,
      }),
    );
  }
  return {
    ...BASE,
    width: 300,
    height: 300,
    caption: title,
    x: { domain: [-EXTENT, EXTENT], label: "x₁" },
    y: { domain: [-EXTENT, EXTENT], label: "x₂" },
    color: { scheme: "blues", type: "sqrt" },
    marks,
  } as Plot.PlotOptions;
}

/** Grid points (row-major, y outer) of the EXTENT square. */
function gridPoints(n: number): Float32Array {
  const pts = new Float32Array(2 * n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      pts[2 * (i * n + j)] = -EXTENT + (2 * EXTENT * j) / (n - 1);
      pts[2 * (i * n + j) + 1] = -EXTENT + (2 * EXTENT * i) / (n - 1);
    }
  }
  return pts;
}

/** Training data, the shipped CNF's density and the best Gaussian's, side by side. */
export async function circlesDensity(): Promise<Plot.PlotOptions[]> {
  const n = FIGURE_SIZES.densityGrid;
  const model = await shippedCnf();
  const pts = gridPoints(n);
  const logp = tf.tidy(() =>
    Array.from(model.logProb(tf.tensor2d(pts, [n * n, 2]), { trace: "exact" }).dataSync())
  );
  const train = makeCircles(CNF_CIRCLES_CONFIG.trainSize, 0);
  const shown: number[][] = [];
  for (let i = 0; i < FIGURE_SIZES.shownPoints; i++) {
    shown.push([train.points[2 * i], train.points[2 * i + 1]]);
  }
  // The Gaussian with the training set's mean and covariance, on the same grid.
  const gauss = Array.from(
    { length: n * n },
    (_, k) => gaussianBaseline(train, pts.subarray(2 * k, 2 * k + 2)),
  );
  const m = cnfMetrics();
  return [
    densityPlot(undefined, n, `data (${FIGURE_SIZES.shownPoints} points)`, shown),
    densityPlot(logp.map(Math.exp), n, `CNF: ${minus(m.cnf.toFixed(2))} nats`),
    densityPlot(gauss.map(Math.exp), n, `Gaussian: ${minus(m.gaussian.toFixed(2))} nats`),
  ];
}

/** Samples of the shipped flow at five times: one plot, one facet per time. */
export async function flowSnapshots(): Promise<Plot.PlotOptions> {
  const model = await shippedCnf();
  const { times, positions } = model.sampleTrajectory(FIGURE_SIZES.snapshotSamples, 11, 5);
  const pos = positions.arraySync() as number[][][];
  positions.dispose();
  const last = pos[pos.length - 1];
  const outer = last.map((p) => Math.hypot(p[0], p[1]) > 0.75);
  const rows = pos.flatMap((frame, k) =>
    frame.map((p, i) => ({ t: `t = ${times[k]}`, x: p[0], y: p[1], outer: outer[i] }))
  );
  return {
    ...BASE,
    width: 780,
    height: 190,
    marginLeft: 30,
    marginBottom: 20,
    x: { domain: [-2.3, 2.3], axis: null },
    y: { domain: [-2.3, 2.3], axis: null },
    fx: { label: null, domain: times.map((t) => `t = ${t}`) },
    marks: [
      PlotLib.frame({ stroke: "#dde2e8" }),
      PlotLib.dot(rows, {
        x: "x",
        y: "y",
        fx: "t",
        r: 1.3,
        fill: (d: { outer: boolean }) => (d.outer ? COLORS.accent : COLORS.warm),
        fillOpacity: 0.7,
        clip: true,
      }),
    ],
  };
}

/** The flow animation: positions at evenly spaced times, ×1000 as integers, and colours. */
export interface FlowAnimationData {
  times: number[];
  /** [frames][2n] x, y interleaved, ×1000. */
  frames: number[][];
  /** Per sample: 1 if it ends on the outer circle. */
  outer: number[];
  extent: number;
  scale: number;
}

export async function cnfFlowAnimationData(): Promise<FlowAnimationData> {
  const model = await shippedCnf();
  const { times, positions } = model.sampleTrajectory(FIGURE_SIZES.animationSamples, 5, 25);
  const pos = positions.arraySync() as number[][][];
  positions.dispose();
  return {
    times: times.map(round3),
    frames: pos.map((frame) => frame.flatMap((p) => p.map((v) => Math.round(v * 1000)))),
    outer: pos[pos.length - 1].map((p) => (Math.hypot(p[0], p[1]) > 0.75 ? 1 : 0)),
    extent: 2.6,
    scale: 1000,
  };
}

/**
 * Hutchinson vs exact, on the shipped flow: for P held-out points, R single-probe estimates of
 * log p(x) (each one solve with its own fixed probe) minus the exact value. The K-probe estimate
 * is the mean of K single-probe ones (the path z(t) does not depend on the probe, and log p is
 * linear in the trace estimates), so its error is read off by averaging groups of K.
 */
export async function hutchinsonSpread(): Promise<Plot.PlotOptions[]> {
  const P = FIGURE_SIZES.hutchinsonPoints;
  const R = FIGURE_SIZES.hutchinsonDraws;
  const model = await shippedCnf();
  const test = makeCircles(TEST_SIZE, CIRCLES_HELD_OUT_SEED);
  const x = tf.tensor2d(test.points.subarray(0, 2 * P), [P, 2]);
  const exact = tf.tidy(() => Array.from(model.logProb(x, { trace: "exact" }).dataSync()));
  const errors: Record<string, number[][]> = {};
  for (const [noise, seed] of [["rademacher", 21], ["gaussian", 22]] as const) {
    const est = tf.tidy(() => {
      const tiled = tf.tile(x, [R, 1]) as tf.Tensor2D;
      return Array.from(model.logProb(tiled, { trace: "hutchinson", noise, seed }).dataSync());
    });
    // errors[noise][r][p]
    errors[noise] = Array.from(
      { length: R },
      (_, r) => exact.map((e, p) => est[r * P + p] - e),
    );
  }
  x.dispose();
  const probes = [1, 2, 4, 8, 16, 32];
  const label = { rademacher: "Rademacher ε", gaussian: "Gaussian ε" } as const;
  const spread = (["rademacher", "gaussian"] as const).flatMap((noise) =>
    probes.map((K) => {
      let sq = 0;
      let count = 0;
      for (let g = 0; g + K <= R; g += K) {
        for (let p = 0; p < P; p++) {
          let mean = 0;
          for (let r = g; r < g + K; r++) mean += errors[noise][r][p];
          sq += (mean / K) ** 2;
          count++;
        }
      }
      return { noise: label[noise], K, rmse: Math.sqrt(sq / count) };
    })
  );
  const one = (noise: string) => spread.find((s) => s.noise === noise && s.K === 1)!.rmse;
  const theory = spread.map((s) => ({ ...s, rmse: one(s.noise) / Math.sqrt(s.K) }));
  const hist = (["rademacher", "gaussian"] as const).flatMap((noise) =>
    errors[noise].flat().map((e) => ({ noise: label[noise], e }))
  );
  const colors = {
    domain: [label.rademacher, label.gaussian],
    range: [COLORS.accent, COLORS.warm],
  };
  return [
    {
      ...BASE,
      width: 380,
      height: 280,
      x: { type: "log", label: "probes per evaluation K", ticks: probes, tickFormat: "d" },
      y: { type: "log", label: "RMS error of log p(x) (nats)", grid: true },
      color: { ...colors, legend: true },
      marks: [
        PlotLib.line(theory, {
          x: "K",
          y: "rmse",
          stroke: "noise",
          strokeDasharray: "4,3",
          strokeOpacity: 0.6,
        }),
        PlotLib.line(spread, { x: "K", y: "rmse", stroke: "noise", strokeWidth: 2 }),
        PlotLib.dot(spread, { x: "K", y: "rmse", fill: "noise", r: 3 }),
      ],
    },
    {
      ...BASE,
      width: 380,
      height: 280,
      x: { label: "one-probe estimate − exact log p(x) (nats)", grid: true },
      y: { label: "count", grid: true },
      color: colors,
      marks: [
        PlotLib.rectY(
          hist,
          PlotLib.binX<PlotLib.RectYOptions>({ y: "count" }, {
            x: "e",
            fill: "noise",
            mixBlendMode: "multiply",
            fillOpacity: 0.55,
            thresholds: 40,
          }),
        ),
        PlotLib.ruleX([0], { stroke: COLORS.ink }),
      ],
    },
  ];
}

/**
 * The 1-D change of variables: z ~ N(0, 1) pushed through x = g(z) = z + 1.5·tanh(3z), which
 * stretches the middle: p(x) = p(z)/g′(z), checked against a histogram of transformed samples.
 */
export function changeOfVariables1d(): Plot.PlotOptions[] {
  const g = (z: number) => z + 1.5 * Math.tanh(3 * z);
  const dg = (z: number) => 1 + 4.5 / Math.cosh(3 * z) ** 2;
  const pz = (z: number) => Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);
  const zs = Array.from({ length: 241 }, (_, i) => -3 + (6 * i) / 240);
  const curve = zs.map((z) => ({ z, x: g(z) }));
  const density = zs.flatMap((z) => [
    { v: z, p: pz(z), which: "p(z): base N(0, 1)" },
    { v: g(z), p: pz(z) / dg(z), which: "p(x) = p(z) / g′(z)" },
  ]);
  // A histogram of transformed samples, normalised to a density.
  const rng = new Rng(3);
  const N = FIGURE_SIZES.histogramSamples;
  const bins = 60;
  const width = 9 / bins;
  const counts = new Array(bins).fill(0);
  for (let i = 0; i < N; i++) {
    const b = Math.floor((g(rng.normal()) + 4.5) / width);
    if (b >= 0 && b < bins) counts[b]++;
  }
  const histogram = counts.map((c, b) => ({
    x1: -4.5 + b * width,
    x2: -4.5 + (b + 1) * width,
    density: c / (N * width),
  }));
  const quantiles = [-1.5, -1, -0.5, -0.25, 0, 0.25, 0.5, 1, 1.5];
  const which = {
    domain: ["p(z): base N(0, 1)", "p(x) = p(z) / g′(z)"],
    range: [COLORS.grey, COLORS.accent],
  };
  return [
    {
      ...BASE,
      width: 340,
      height: 280,
      caption: "the map x = g(z) = z + 1.5 tanh(3z)",
      x: { label: "z", domain: [-3, 3], grid: true },
      y: { label: "x", domain: [-4.5, 4.5], grid: true },
      marks: [
        PlotLib.line(curve, { x: "z", y: "x", stroke: COLORS.ink, strokeWidth: 2 }),
        PlotLib.link(quantiles, {
          x1: (z: number) => z,
          y1: -4.5,
          x2: (z: number) => z,
          y2: (z: number) => g(z),
          stroke: COLORS.grey,
          strokeDasharray: "3,3",
        }),
        PlotLib.link(quantiles, {
          x1: (z: number) => z,
          y1: (z: number) => g(z),
          x2: -3,
          y2: (z: number) => g(z),
          stroke: COLORS.accent,
          strokeDasharray: "3,3",
        }),
      ],
    },
    {
      ...BASE,
      width: 340,
      height: 280,
      caption: "base density, predicted density, histogram",
      x: { label: "value", domain: [-4.5, 4.5], grid: true },
      y: { label: "density", grid: true },
      color: { ...which, legend: true },
      marks: [
        PlotLib.rectY(histogram, {
          x1: "x1",
          x2: "x2",
          y: "density",
          fill: "#d9e4ef",
          insetLeft: 0.5,
          insetRight: 0.5,
        }),
        PlotLib.line(density, { x: "v", y: "p", stroke: "which", strokeWidth: 2 }),
      ],
    },
  ];
}
