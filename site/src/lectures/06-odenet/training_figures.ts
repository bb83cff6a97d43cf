/**
 * Lecture 6, "More views of the block": three figures of the source notebooks, computed while
 * the page is built from the shipped odenet-mnist (loaded by lecture6.ts's `pretrained`) and
 * its recorded training history —
 *   - a t-SNE map of the block's output h(1) for 1,000 official test digits, by class;
 *   - ‖h(t)‖ along the block's time for the same digits;
 *   - dopri5's NFE and the training cross-entropy per epoch, from weights/odenet-mnist/history.json.
 * The computations are in training_data.ts (runnable in Deno without Astro).
 */
import * as Plot from "@observablehq/plot";
import { readRepoFile } from "../../build/repo.ts";
import { ODENET_DEFAULT_SOLVER } from "../../../../lib/models/odenet.ts";
import { BASE, COLORS, sci } from "../../plots/theme.ts";
import { DIGIT_COLORS, heading, heldOut, MODEL, pretrained } from "./figures.ts";
import {
  BLOCK_STRIDE,
  blockPositions,
  type BlockStates,
  blockStates,
  HISTORY_COMMAND,
  HISTORY_FILE,
  historySeries,
  historySummary,
  mapSummary,
  NORM_BAND,
  normSummary,
  type OdenetHistory,
  parseHistory,
  timeGrid,
  TSNE_OPTIONS,
  tsneMap,
} from "./training_data.ts";

const CLASSES = Array.from({ length: 10 }, (_, d) => d);
const digitColor = {
  type: "ordinal",
  domain: CLASSES,
  range: DIGIT_COLORS,
  legend: true,
} as const;

let states: Promise<BlockStates> | undefined;
/** The block's states for every BLOCK_STRIDE-th official test digit (computed once a build). */
function shippedStates(): Promise<BlockStates> {
  states ??= (async () => {
    const model = await pretrained();
    const { data, test } = heldOut();
    const indices = blockPositions(test.length).map((k) => test[k]);
    return blockStates(model, data, indices, timeGrid(model.endTime));
  })();
  return states;
}

let map: Promise<[number, number][]> | undefined;
/** The t-SNE map of h(1) for those digits. */
function shippedMap(): Promise<[number, number][]> {
  map ??= shippedStates().then((s) => tsneMap(s.final));
  return map;
}

/** Figure: t-SNE of h(1), one dot per digit, misclassified digits ringed. */
export async function blockTsneFigure(): Promise<Plot.PlotOptions> {
  const s = await shippedStates();
  const points = (await shippedMap()).map(([a, b], i) => ({
    a,
    b,
    digit: s.labels[i],
    predicted: s.predicted[i],
  }));
  // A class's label at the median of its points.
  const median = (xs: number[]) => xs.sort((x, y) => x - y)[Math.floor(xs.length / 2)];
  const labels = CLASSES.map((digit) => {
    const own = points.filter((p) => p.digit === digit);
    return { digit, a: median(own.map((p) => p.a)), b: median(own.map((p) => p.b)) };
  });
  return {
    ...BASE,
    width: 460,
    height: 460,
    marginTop: 40,
    marginLeft: 20,
    marginBottom: 20,
    inset: 10,
    x: { axis: null },
    y: { axis: null },
    color: digitColor,
    marks: [
      heading(`t-SNE of h(1) (${s.final[0].length} numbers per digit)`),
      Plot.frame({ stroke: COLORS.grey, strokeOpacity: 0.4 }),
      Plot.dot(points, { x: "a", y: "b", fill: "digit", r: 2.2, fillOpacity: 0.8 }),
      Plot.dot(points.filter((p) => p.predicted !== p.digit), {
        x: "a",
        y: "b",
        r: 4.5,
        stroke: COLORS.ink,
        strokeWidth: 1.2,
      }),
      Plot.text(labels, {
        x: "a",
        y: "b",
        text: "digit",
        fontSize: 16,
        fontWeight: 700,
        fill: COLORS.ink,
        stroke: "white",
        strokeWidth: 3,
      }),
    ],
  };
}

/** Figure: ‖h(t)‖ through the block — all digits (mean and band), and the mean per class. */
export async function hiddenNormFigure(): Promise<Plot.PlotOptions[]> {
  const s = await shippedStates();
  const { overall, perClass } = normSummary(s);
  const means = perClass.map((p) => p.mean);
  const span = Math.max(...means) - Math.min(...means);
  const common = {
    ...BASE,
    width: 380,
    height: 300,
    marginTop: 36,
    marginLeft: 50,
    x: { label: "time t in the block", grid: true, domain: [0, s.times[s.times.length - 1]] },
    y: { label: "‖h(t)‖", grid: true },
  };
  const [lo, hi] = NORM_BAND.map((q) => Math.round(100 * q));
  return [
    {
      ...common,
      marks: [
        heading(`all ${s.labels.length.toLocaleString("en")} digits: mean, ${lo}–${hi} % band`),
        Plot.areaY(overall, { x: "t", y1: "lo", y2: "hi", fill: COLORS.accent, fillOpacity: 0.18 }),
        Plot.lineY(overall, { x: "t", y: "mean", stroke: COLORS.accent, strokeWidth: 2 }),
        Plot.dot(overall, { x: "t", y: "mean", fill: COLORS.accent, r: 2 }),
      ],
    },
    {
      ...common,
      color: digitColor,
      marks: [
        heading("mean per class"),
        Plot.lineY(perClass, { x: "t", y: "mean", z: "digit", stroke: "digit", strokeWidth: 1.6 }),
        Plot.text(spreadLabels(perClass.filter((p) => p.t === s.times[s.times.length - 1]), span), {
          x: "t",
          y: "y",
          text: "digit",
          dx: 8,
          fill: "digit",
          fontWeight: 700,
        }),
      ],
    },
  ];
}

/**
 * End labels of the per-class lines, moved apart vertically where they would overlap (at least
 * 5.5 % of the y axis's span `span` between neighbours, about one line of text in these
 * panels), in order of their line's value.
 */
function spreadLabels<P extends { mean: number }>(
  points: P[],
  span: number,
): (P & { y: number })[] {
  const sorted = [...points].sort((a, b) => a.mean - b.mean);
  const gap = 0.055 * span;
  const ys = sorted.map((p) => p.mean);
  for (let i = 1; i < ys.length; i++) ys[i] = Math.max(ys[i], ys[i - 1] + gap);
  // Centre the stack on the lines' own centre, so it does not drift upwards only.
  const shift = (ys.reduce((a, b) => a + b, 0) - sorted.reduce((a, p) => a + p.mean, 0)) /
    ys.length;
  return sorted.map((p, i) => ({ ...p, y: ys[i] - shift }));
}

let history: OdenetHistory | undefined;
/**
 * weights/odenet-mnist/history.json, written by the training run of the shipped weights; a
 * missing or malformed file fails the build with the command that writes it.
 */
export function odenetHistory(): OdenetHistory {
  history ??= parseHistory(readRepoFile(HISTORY_FILE));
  return history;
}

/** The NFE of the training solver, as the manifest records it. */
function trainingNfe(): number {
  const entry = JSON.parse(readRepoFile("weights/manifest.json") ?? "{}").models?.[MODEL];
  const nfe = entry?.metrics?.["NFE/forward"];
  if (typeof nfe !== "number") {
    throw new Error(`weights/manifest.json: no NFE/forward for ${MODEL}`);
  }
  return nfe;
}

/** Figure: dopri5's NFE on the probe digits and the training cross-entropy, per epoch. */
export function trainingHistoryFigure(): Plot.PlotOptions[] {
  const h = odenetHistory();
  const { nfe, loss } = historySeries(h);
  const fixed = trainingNfe();
  // The solver the recipe's history probes with (scripts/recipes/odenet_mnist.ts: historyRow).
  const { rtol, atol } = ODENET_DEFAULT_SOLVER;
  const common = {
    ...BASE,
    width: 380,
    height: 280,
    marginTop: 36,
    marginLeft: 50,
    x: { label: "epoch", grid: true, domain: [0, nfe[nfe.length - 1].epoch] },
  };
  return [
    {
      ...common,
      y: { label: "NFE", grid: true, domain: [0, Math.max(...nfe.map((p) => p.value)) * 1.1] },
      marks: [
        heading(`dopri5 (rtol ${sci(rtol!, 0)}, atol ${sci(atol!, 0)}) on the block`),
        Plot.ruleY([fixed], { stroke: COLORS.grey, strokeDasharray: "4 3" }),
        Plot.text([`rk4 in training: ${fixed}`], {
          x: nfe[nfe.length - 1].epoch,
          y: fixed,
          dy: -7,
          textAnchor: "end",
          fill: COLORS.grey,
        }),
        Plot.lineY(nfe, { x: "epoch", y: "value", stroke: COLORS.warm, strokeWidth: 1.6 }),
        Plot.dot(nfe, { x: "epoch", y: "value", fill: COLORS.warm, r: 2.2 }),
      ],
    },
    {
      ...common,
      y: { label: "cross-entropy", type: "log", grid: true, tickFormat: "~g" },
      marks: [
        heading("training cross-entropy"),
        Plot.lineY(loss, { x: "epoch", y: "value", stroke: COLORS.accent, strokeWidth: 1.6 }),
        Plot.dot(loss, { x: "epoch", y: "value", fill: COLORS.accent, r: 2.2 }),
      ],
    },
  ];
}

const fmt = (n: number, digits = 0) =>
  n.toLocaleString("en", { minimumFractionDigits: digits, maximumFractionDigits: digits });
const pct = (v: number) => `${fmt(100 * v, 1)} %`;

/** The numbers the prose quotes about the t-SNE map and the norms (computed at build). */
export async function blockFacts() {
  const s = await shippedStates();
  const m = mapSummary(await shippedMap(), s.labels, s.predicted);
  const n = normSummary(s);
  const first = n.overall[0];
  const last = n.overall[n.overall.length - 1];
  const [lo, hi] = NORM_BAND.map((q) => Math.round(100 * q));
  return {
    digits: fmt(s.labels.length),
    stride: BLOCK_STRIDE,
    stateSize: fmt(s.final[0].length),
    perplexity: TSNE_OPTIONS.perplexity,
    iterations: fmt(TSNE_OPTIONS.iterations),
    seed: TSNE_OPTIONS.seed,
    sameClass: pct(m.sameClassShare),
    wrong: m.wrong,
    wrongWithPredicted: m.wrongWithPredicted,
    times: s.times.length,
    band: `${lo}–${hi} %`,
    normStart: fmt(first.mean, 1),
    normEnd: fmt(last.mean, 1),
    /** "grows steadily", "shrinks steadily", or "grows overall, though not at every time". */
    trend: `${last.mean >= first.mean ? "grows" : "shrinks"}${
      n.monotone ? " steadily" : " overall, though not at every time of the grid"
    }`,
    growth: fmt(n.growth, 2),
    /** "all 1,000" or "993 of the 1,000". */
    grew: n.grew === s.labels.length
      ? `all ${fmt(n.grew)}`
      : `${fmt(n.grew)} of the ${fmt(s.labels.length)}`,
    leastGrowth: n.classGrowth[0].digit,
    leastGrowthValue: fmt(n.classGrowth[0].growth, 2),
    mostGrowth: n.classGrowth[n.classGrowth.length - 1].digit,
    mostGrowthValue: fmt(n.classGrowth[n.classGrowth.length - 1].growth, 2),
  };
}

/**
 * The NFE column in words: where it starts, and either the epoch from which it stays at its
 * final value or its range on the way to it.
 */
function nfeStory(s: ReturnType<typeof historySummary>): string {
  const first = s.first["dopri5 NFE"];
  const last = s.last["dopri5 NFE"];
  const moved = last > first ? "grows" : last < first ? "falls" : "ends where it starts";
  const start = `${moved}: ${first} evaluations at epoch ${fmt(s.first.epoch, 2)}`;
  if (s.settled.epoch > s.first.epoch) {
    return `${start}, then ${last} from epoch ${fmt(s.settled.epoch, 1)} to the end (${
      fmt(s.epochs, 1)
    })`;
  }
  return s.nfeMin === s.nfeMax
    ? `${start} and at every later row`
    : `${start}, ${last} at the end, between ${s.nfeMin} and ${s.nfeMax} on the way`;
}

/** The numbers the prose quotes from the training history. */
export function historyFacts() {
  const h = odenetHistory();
  const s = historySummary(h);
  return {
    file: HISTORY_FILE,
    command: HISTORY_COMMAND,
    rows: s.rows,
    every: s.every,
    steps: fmt(s.steps),
    epochs: fmt(s.epochs, 1),
    firstEpoch: fmt(s.first.epoch, 2),
    firstNfe: s.first["dopri5 NFE"],
    lastNfe: s.last["dopri5 NFE"],
    nfeMin: s.nfeMin,
    nfeMax: s.nfeMax,
    peakEpoch: fmt(s.peak.epoch, 1),
    firstLoss: fmt(s.first["cross-entropy"], 3),
    lastLoss: fmt(s.last["cross-entropy"], 3),
    firstGrowth: fmt(s.first["hidden norm"], 2),
    lastGrowth: fmt(s.last["hidden norm"], 2),
    trainingNfe: trainingNfe(),
    /** How the adaptive solver's cost moved over the training, as a clause. */
    nfeStory: nfeStory(s),
    /** The file's own description of its NFE column. */
    nfeColumn: h.columns?.["dopri5 NFE"] ?? "",
  };
}
