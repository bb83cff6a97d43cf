/**
 * Lecture 6 at build time: a 1-D toy contrasting a residual network with an ODE (Chen et al.'s
 * Figure 1), and figures of the shipped odenet-mnist model on MNIST's official 10,000 test
 * digits — confusion matrix, misclassified digits, PCA of hidden-state trajectories through the
 * ODE block — and the numbers lecture 6's prose quotes (odenetFacts).
 * lib/ runs on the tfjs cpu backend; MNIST comes from its original files
 * (lib/data/mnist_source.ts).
 */
import * as Plot from "@observablehq/plot";
import * as tf from "@tensorflow/tfjs";
import { readFileSync } from "node:fs";
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
import type { OdeNet } from "../../../../lib/models/odenet.ts";
import { MLP } from "../../../../lib/nn/mlp.ts";
import { solve } from "../../../../lib/ode/mod.ts";
import {
  ODENET_FAST_STRIDE as FAST_STRIDE,
  ODENET_MNIST,
  ODENET_MNIST_CONFIG,
  ODENET_QUICK_STRIDE as QUICK_STRIDE,
} from "../../../../lib/zoo/odenet_mnist.ts";
import { MNIST_TEST_SHIPPED, MNIST_TEST_STRIDE } from "../../core/mnist_format.ts";
import { buildTf } from "../../build/tf.ts";
import { readRepoFile, repoPath } from "../../build/repo.ts";
import { pca, project } from "../../plots/pca.ts";
import { BASE, COLORS, PALETTE } from "../../plots/theme.ts";
import { digitGrid } from "../../plots/digits.ts";

export const MODEL = "odenet-mnist";
/** Figure 6.3 shows the first mistake of each kind, up to this many kinds. */
export const MISTAKE_KINDS = 14;
/** Figure 6.4: states at PCA_TIMES equally spaced times, for PCA_PER_CLASS digits per class. */
export const PCA_TIMES = 11;
export const PCA_PER_CLASS = 15;
const CLASSES = Array.from({ length: 10 }, (_, d) => d);
/** A panel title inside the plot (Plot's own `title` becomes a page-sized heading). */
export function heading(text: string): Plot.Markish {
  return Plot.text([text], {
    frameAnchor: "top-right",
    dy: -30,
    fontSize: 13,
    fontWeight: 600,
    fill: COLORS.ink,
  });
}

/** Ten well-separated colours for the ten digits. */
export const DIGIT_COLORS = [...PALETTE, "#d4a017", "#7a8b2c"];

// ---------------------------------------------------------------------------------------------
// Figure 6.1: residual network vs ODE on a 1-D toy

/** A smooth scalar field f(h, t) from a small seeded MLP on [h, t]. */
function toyField(): { f: (h: number[], t: number) => number[]; mlp: MLP } {
  const mlp = new MLP([2, 16, 1], { activation: "tanh", seed: 3 });
  const f = (h: number[], t: number) =>
    tf.tidy(() => {
      const x = tf.stack([tf.tensor1d(h), tf.fill([h.length], t / 3)], 1);
      return Array.from(tf.mul(mlp.apply(x), 1.2).dataSync());
    });
  return { f, mlp };
}

/** Left: 6 residual blocks (Euler, Δt = 1); right: the ODE, with dopri5's evaluation points. */
export async function resnetVsOdeFigure(): Promise<Plot.PlotOptions[]> {
  await buildTf();
  const { f, mlp } = toyField();
  try {
    const starts = Array.from({ length: 9 }, (_, i) => -2 + i * 0.5);
    const depth = 6;
    // Residual network: h_{n+1} = h_n + f(h_n, n).
    const res: { t: number; h: number; s: number }[] = [];
    let h = starts;
    for (let n = 0; n <= depth; n++) {
      h.forEach((v, s) => res.push({ t: n, h: v, s }));
      if (n < depth) {
        const step = f(h, n);
        h = h.map((v, i) => v + step[i]);
      }
    }
    // ODE: dh/dt = f(h, t) on [0, 6], dense output plus the points where dopri5 evaluated f.
    const evals: { t: number; h: number }[] = [];
    const field = (t: number, y: tf.Tensor) =>
      tf.tidy(() => {
        const ys = Array.from(y.dataSync());
        ys.forEach((v) => evals.push({ t, h: v }));
        return tf.tensor1d(f(ys, t));
      });
    const times = Array.from({ length: 121 }, (_, i) => (depth * i) / 120);
    const sol = solve(field, tf.tensor1d(starts), times, {
      method: "dopri5",
      rtol: 1e-3,
      atol: 1e-4,
    });
    const ys = sol.ys.arraySync() as number[][];
    sol.ys.dispose();
    const ode = times.flatMap((t, i) => ys[i].map((v, s) => ({ t, h: v, s })));
    // Evaluation times inside [0, depth]: the solver's last step may overshoot the end.
    const evalTimes = [...new Set(evals.map((e) => e.t))].filter((t) => t <= depth);
    const common = {
      ...BASE,
      width: 380,
      height: 310,
      marginTop: 36,
      y: { label: "hidden state h", grid: true, domain: [-3, 3] },
    };
    return [
      {
        ...common,
        x: { label: "depth (block)", grid: true, ticks: 7 },
        marks: [
          heading("Residual network: 6 blocks"),
          Plot.line(res, { x: "t", y: "h", z: "s", stroke: COLORS.accent, strokeWidth: 1.4 }),
          Plot.dot(res, { x: "t", y: "h", fill: COLORS.accent, r: 2.4 }),
        ],
      },
      {
        ...common,
        x: { label: "depth (time t)", grid: true, ticks: 7, domain: [0, depth] },
        marks: [
          heading(`ODE: dopri5 evaluated f ${sol.stats.nfe} times`),
          Plot.line(ode, { x: "t", y: "h", z: "s", stroke: COLORS.warm, strokeWidth: 1.4 }),
          // Where in depth the field was evaluated (a rug; rejected trial steps included).
          Plot.ruleX(evalTimes, { x: (t: number) => t, y1: -3, y2: -2.7, stroke: COLORS.warm }),
        ],
      },
    ];
  } finally {
    mlp.dispose();
  }
}

// ---------------------------------------------------------------------------------------------
// The shipped model on the held-out digits

let shipped: Promise<OdeNet> | undefined;
/** odenet-mnist as its recipe builds it, with the shipped weights (sha256 and shapes checked). */
export function pretrained(): Promise<OdeNet> {
  shipped ??= (async () => {
    await buildTf();
    const model = ODENET_MNIST.build(0);
    await loadModuleWeights(
      model,
      repoPath("weights", MODEL),
      MODEL,
      (path) => Promise.resolve(new Uint8Array(readFileSync(path))),
    );
    return model;
  })();
  return shipped;
}

let mnist: { data: MnistData; test: number[] } | undefined;
export function heldOut() {
  if (!mnist) {
    const data = loadMnist();
    mnist = { data, test: splitMnist(data).test };
  }
  return mnist;
}

export interface TestPredictions {
  labels: number[];
  predictions: number[];
  accuracy: number;
  nfe: number;
}

let predictions: Promise<TestPredictions> | undefined;
/** Predictions of the shipped model for all official test digits (the manifest's metric). */
export function testPredictions(): Promise<TestPredictions> {
  predictions ??= (async () => {
    const model = await pretrained();
    const { data, test } = heldOut();
    const labels: number[] = [];
    const preds: number[] = [];
    let nfe = 0;
    for (let start = 0; start < test.length; start += 100) {
      // Batches of 100: faster than 500 on the cpu backend (measured).
      const chunk = test.slice(start, start + 100);
      const t = mnistTensors(data, chunk, "image");
      const out = tf.tidy(() => {
        const { logits, stats } = model.forward(t.images);
        nfe += stats.nfe * chunk.length;
        return tf.argMax(logits, 1).arraySync() as number[];
      });
      preds.push(...out);
      labels.push(...(t.labels.arraySync() as number[]));
      tf.dispose([t.images, t.labels]);
    }
    const correct = preds.filter((p, i) => p === labels[i]).length;
    return {
      labels,
      predictions: preds,
      accuracy: correct / preds.length,
      nfe: nfe / preds.length,
    };
  })();
  return predictions;
}

/** Figure 6.3: the confusion matrix of the shipped model on the official test digits. */
export async function confusionFigure(): Promise<Plot.PlotOptions> {
  const { labels, predictions: preds, accuracy } = await testPredictions();
  const counts = CLASSES.map(() => CLASSES.map(() => 0));
  labels.forEach((l, i) => counts[l][preds[i]]++);
  const cells = CLASSES.flatMap((t) =>
    CLASSES.map((p) => ({
      truth: t,
      predicted: p,
      n: counts[t][p],
      share: counts[t][p] / counts[t].reduce((a, b) => a + b, 0),
    }))
  );
  return {
    ...BASE,
    width: 420,
    height: 420,
    marginLeft: 50,
    marginTop: 34,
    marginBottom: 34,
    padding: 0.04,
    x: { label: "predicted class", axis: "top", domain: CLASSES },
    y: { label: "true class", domain: CLASSES },
    color: { type: "sqrt", scheme: "blues", domain: [0, 1] },
    marks: [
      Plot.cell(cells, { x: "predicted", y: "truth", fill: "share" }),
      Plot.text([
        `${preds.length.toLocaleString("en")} official test digits · accuracy ${
          (100 * accuracy).toFixed(2)
        } %`,
      ], {
        frameAnchor: "bottom",
        dy: 22,
        fill: COLORS.ink,
      }),
      Plot.text(cells.filter((c) => c.n > 0), {
        x: "predicted",
        y: "truth",
        text: "n",
        fill: (c: { share: number }) => (c.share > 0.5 ? "white" : COLORS.ink),
        fontSize: 10.5,
      }),
    ],
  };
}

/** Figure 6.4: held-out digits the shipped model gets wrong, with its answer. */
export async function mistakesFigure(): Promise<Plot.PlotOptions> {
  const { labels, predictions: preds } = await testPredictions();
  const { data, test } = heldOut();
  // The first mistake of each kind (true → predicted), up to MISTAKE_KINDS kinds.
  const kinds = new Set<string>();
  const wrong = preds.map((_, i) => i).filter((i) => {
    const kind = `${labels[i]}→${preds[i]}`;
    if (preds[i] === labels[i] || kinds.has(kind)) return false;
    kinds.add(kind);
    return true;
  }).slice(0, MISTAKE_KINDS);
  return digitGrid(
    [{ label: "digit", images: wrong.map((i) => mnistImage(data, test[i])) }],
    {
      columns: wrong.map((i) => `${labels[i]}→${preds[i]}`),
      xLabel: "true → predicted",
      cell: 46,
      marginLeft: 40,
    },
  );
}

/** Hidden states through the ODE block for `perClass` digits of each class, flattened. */
async function trajectories(perClass: number, times: number[]) {
  const model = await pretrained();
  const { data, test } = heldOut();
  const chosen = CLASSES.flatMap((d) =>
    test.filter((i) => data.labels[i] === d).slice(0, perClass)
  );
  const t = mnistTensors(data, chosen, "image");
  const states = tf.tidy(() => {
    const { states } = model.trajectory(t.images, times); // [T, b, 7, 7, C]
    return tf.reshape(states, [times.length, chosen.length, -1]).arraySync() as number[][][];
  });
  tf.dispose([t.images, t.labels]);
  return { states, labels: chosen.map((i) => data.labels[i]) };
}

/** Top principal directions of the rows of X (power iteration with deflation). */
function topComponents(
  X: number[][],
  k: number,
  iterations = 60,
): { mean: number[]; components: number[][] } {
  const d = X[0].length;
  const mean = new Float64Array(d);
  for (const row of X) for (let j = 0; j < d; j++) mean[j] += row[j] / X.length;
  const centred = X.map((row) => Float64Array.from(row, (v, j) => v - mean[j]));
  const comps: Float64Array[] = [];
  for (let c = 0; c < k; c++) {
    let v = Float64Array.from({ length: d }, (_, j) => Math.sin(j + 1 + c));
    for (let it = 0; it < iterations; it++) {
      const next = new Float64Array(d);
      for (const row of centred) {
        let dot = 0;
        for (let j = 0; j < d; j++) dot += row[j] * v[j];
        for (let j = 0; j < d; j++) next[j] += dot * row[j];
      }
      for (const u of comps) {
        let dot = 0;
        for (let j = 0; j < d; j++) dot += next[j] * u[j];
        for (let j = 0; j < d; j++) next[j] -= dot * u[j];
      }
      const norm = Math.hypot(...next);
      v = next.map((x) => x / norm);
    }
    // A fixed sign: the largest entry positive.
    let big = 0;
    for (let j = 0; j < d; j++) if (Math.abs(v[j]) > Math.abs(v[big])) big = j;
    if (v[big] < 0) v = v.map((x) => -x);
    comps.push(v);
  }
  return { mean: Array.from(mean), components: comps.map((v) => Array.from(v)) };
}

/** Figure 6.5: PCA of hidden-state trajectories through the ODE block, coloured by class. */
export async function trajectoryPcaFigure(): Promise<Plot.PlotOptions[]> {
  const times = Array.from({ length: PCA_TIMES }, (_, i) => i / (PCA_TIMES - 1));
  const { states, labels } = await trajectories(PCA_PER_CLASS, times);
  const rows = states.flat();
  const { mean, components: [pc1, pc2] } = topComponents(rows, 2);
  const proj = (x: number[]) => {
    let a = 0;
    let b = 0;
    for (let j = 0; j < x.length; j++) {
      a += (x[j] - mean[j]) * pc1[j];
      b += (x[j] - mean[j]) * pc2[j];
    }
    return [a, b];
  };
  const points = states.flatMap((atT, ti) =>
    atT.map((x, i) => {
      const [a, b] = proj(x);
      return { a, b, t: times[ti], digit: labels[i], i };
    })
  );
  // Channel averages (C numbers per state) through the exact-PCA helper, for a second view.
  const channels = (await pretrained()).channels;
  const side = Math.round(Math.sqrt(states[0][0].length / channels));
  const pooled = states.map((atT) =>
    atT.map((x) => {
      const out = new Array(channels).fill(0);
      x.forEach((v, j) => (out[j % channels] += v / (x.length / channels)));
      return out;
    })
  );
  const model = pca(pooled.flat(), 2);
  const pooledPoints = pooled.flatMap((atT, ti) =>
    project(model, atT).map(([a, b], i) => ({ a, b, t: times[ti], digit: labels[i], i }))
  );
  const plane = (data: typeof points, title: string, x: string, y: string): Plot.PlotOptions => ({
    ...BASE,
    width: 380,
    height: 380,
    marginTop: 40,
    x: { label: x, grid: true },
    y: { label: y, grid: true },
    color: { type: "ordinal", domain: CLASSES, range: DIGIT_COLORS, legend: true },
    marks: [
      heading(title),
      Plot.line(data, {
        x: "a",
        y: "b",
        z: "i",
        stroke: "digit",
        strokeOpacity: 0.55,
        strokeWidth: 1,
        sort: "t",
      }),
      Plot.dot(data.filter((p) => p.t === 0), { x: "a", y: "b", fill: "digit", r: 1.6 }),
      Plot.dot(data.filter((p) => p.t === 1), {
        x: "a",
        y: "b",
        fill: "digit",
        r: 3,
        stroke: "white",
        strokeWidth: 0.5,
      }),
    ],
  });
  return [
    plane(
      points,
      `whole state (${side}·${side}·${channels} = ${states[0][0].length} numbers)`,
      "PC 1",
      "PC 2",
    ),
    plane(pooledPoints, `channel averages (${channels} numbers)`, "PC 1", "PC 2"),
  ];
}

/** Accuracy and mean NFE of the model `m` with `solver` on official test digits `indices`. */
function measure(m: OdeNet, indices: number[], solver: OdeNet["solver"]) {
  const { data } = heldOut();
  const saved = m.solver;
  m.solver = solver;
  try {
    let correct = 0;
    let nfe = 0;
    for (let start = 0; start < indices.length; start += 100) {
      const chunk = indices.slice(start, start + 100);
      const t = mnistTensors(data, chunk, "image");
      correct += tf.tidy(() => {
        const { logits, stats } = m.forward(t.images);
        nfe += stats.nfe * chunk.length;
        return tf.sum(tf.cast(tf.equal(tf.argMax(logits, 1), t.labels), "int32")).dataSync()[0];
      });
      tf.dispose([t.images, t.labels]);
    }
    return { accuracy: correct / indices.length, nfe: nfe / indices.length };
  } finally {
    m.solver = saved;
  }
}

const fmt = (n: number) => n.toLocaleString("en");
const pct = (v: number, digits = 1) => `${(100 * v).toFixed(digits)} %`;

let facts: Promise<Record<string, string | number>> | undefined;
/**
 * Every number lecture 6's prose quotes about the shipped model and the data, from the recipe,
 * weights/manifest.json and measurements made here: the field's size, the training, the test
 * accuracy, dopri5's NFE at 1e-3 for the random and the shipped field, and the solver demo's
 * subset (every QUICK_STRIDE-th official test digit) under one Euler step and dopri5 at 1e-1.
 */
export function odenetFacts(): Promise<Record<string, string | number>> {
  facts ??= (async () => {
    const model = await pretrained();
    const manifest = JSON.parse(readRepoFile("weights/manifest.json") ?? "{}");
    const entry = manifest.models?.[MODEL];
    if (!entry) throw new Error(`weights/manifest.json has no model "${MODEL}"`);
    const c = ODENET_MNIST_CONFIG;
    const fieldParams = model.fieldParameters().reduce((n, p) => n + p.size, 0);
    const { test } = heldOut();
    const quick = test.filter((_, i) => i % QUICK_STRIDE === 0);
    const probe = quick.slice(0, 100);
    const dopri = (tol: number) => ({ method: "dopri5" as const, rtol: tol, atol: tol });
    const fresh = ODENET_MNIST.build(0);
    const freshNfe = measure(fresh, probe, dopri(1e-3)).nfe;
    fresh.dispose();
    const euler = measure(model, quick, { method: "euler", stepSize: 1 });
    const loose = measure(model, quick, dopri(1e-1));
    const shippedNfe = measure(model, probe, dopri(1e-3)).nfe;
    const solverSteps = Math.round(model.endTime / (c.solver.stepSize ?? model.endTime));
    const states = (await trajectories(1, [0, 1])).states[0][0].length;
    return {
      channels: model.channels,
      fieldIn: model.channels + (model.timeChannel ? 1 : 0),
      side: Math.round(Math.sqrt(states / model.channels)),
      fieldParams: fmt(fieldParams),
      parameters: fmt(entry.parameters),
      parametersK: `${Math.round(entry.parameters / 1000)} k`,
      steps: fmt(entry.steps),
      batch: c.batchSize,
      trainDigits: fmt(MNIST_TRAIN_COUNT),
      testDigits: fmt(MNIST_TEST_COUNT),
      maxShift: c.maxShift,
      method: c.solver.method.toUpperCase(),
      solverSteps,
      nfe: entry.metrics["NFE/forward"],
      accuracy: pct(entry.metrics["test accuracy"], 2),
      accuracyShort: pct(entry.metrics["test accuracy"], 0),
      freshNfe: Math.round(freshNfe),
      shippedNfe: Math.round(shippedNfe),
      probeDigits: probe.length,
      quickDigits: fmt(quick.length),
      quickStride: QUICK_STRIDE,
      shippedTest: fmt(MNIST_TEST_SHIPPED),
      testStride: MNIST_TEST_STRIDE,
      fastStride: FAST_STRIDE,
      eulerAccuracy: pct(euler.accuracy, 0),
      looseNfe: Math.round(loose.nfe),
      mistakeKinds: MISTAKE_KINDS,
      pcaTimes: PCA_TIMES,
      pcaPerClass: PCA_PER_CLASS,
      pcaDigits: 10 * PCA_PER_CLASS,
    };
  })();
  return facts;
}
