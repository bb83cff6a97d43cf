/**
 * The data behind lecture 6's "More views of the block" figures (the views the source notebooks
 * show): hidden states of the ODE block for a fixed subset of MNIST's official test digits —
 * their norms along the block's time and a t-SNE map of h(1) — and the recorded training
 * history of the shipped weights (dopri5's NFE and the cross-entropy per epoch).
 *
 * Everything here takes the model, the digits or the history file's text as arguments: no
 * Astro and no repository access (site/src/build/repo.ts needs Vite's import.meta.env), so
 * tests/site_units/lecture6_training_units_test.ts runs the same functions in Deno. The figures that
 * load the shipped model and files are in training_figures.ts.
 */
import { TSNE } from "@saehrimnir/druidjs";
import * as tf from "@tensorflow/tfjs";
import { type MnistData, mnistTensors } from "../../../../lib/data/mnist.ts";
import type { OdeNet } from "../../../../lib/models/odenet.ts";

/**
 * The digits: every BLOCK_STRIDE-th official test digit (1,000 of the 10,000 — the same digits
 * as the recipe's `fast` subset).
 */
export const BLOCK_STRIDE = 10;
/** ‖h(t)‖ on NORM_TIMES equally spaced times in [0, endTime] (the solver's dense output). */
export const NORM_TIMES = 21;
/** The spread band of the norm figure: these quantiles over the digits. */
export const NORM_BAND = [0.1, 0.9] as const;
/**
 * t-SNE (van der Maaten & Hinton 2008) as @saehrimnir/druidjs runs it: exact (all pairs),
 * squared Euclidean distances, early exaggeration ×4 for 100 iterations; `epsilon` is its
 * learning rate, `seed` seeds its own generator (the initial layout), so the map is the same
 * on every build.
 */
export const TSNE_OPTIONS = { perplexity: 30, epsilon: 10, iterations: 500, seed: 6 } as const;

/** The positions in `test` (the official test digits, in file order) of the block's digits. */
export function blockPositions(testCount: number, stride = BLOCK_STRIDE): number[] {
  return Array.from({ length: Math.ceil(testCount / stride) }, (_, k) => k * stride);
}

/** `count` equally spaced times from 0 to `end`, both included. */
export function timeGrid(end: number, count = NORM_TIMES): number[] {
  return Array.from({ length: count }, (_, i) => (i === count - 1 ? end : (end * i) / (count - 1)));
}

/** What the ODE block does to a set of digits. */
export interface BlockStates {
  /** Indices of the digits in the data. */
  indices: number[];
  labels: number[];
  /** The model's class for each digit (argmax of its logits). */
  predicted: number[];
  times: number[];
  /** norms[k][i] = ‖h(times[k])‖ of digit i: Euclidean norm over the whole state. */
  norms: number[][];
  /** h(endTime) of each digit, flattened (s·s·C numbers). */
  final: Float32Array[];
  /** Field evaluations of one batch's solve (the same for every batch: a fixed-step solver). */
  nfe: number;
}

/**
 * Runs the ODE block of `model` (its own solver) on digits `indices` and records ‖h(t)‖ at
 * `times` (which must run from 0 to model.endTime), h(endTime) and the predicted class.
 */
export function blockStates(
  model: OdeNet,
  data: MnistData,
  indices: number[],
  times: number[],
  batch = 100,
): BlockStates {
  if (times[0] !== 0 || times[times.length - 1] !== model.endTime) {
    throw new RangeError(
      `blockStates: times must run from 0 to the block's end time ${model.endTime}, ` +
        `got [${times[0]}, …, ${times[times.length - 1]}]`,
    );
  }
  const norms: number[][] = times.map(() => []);
  const final: Float32Array[] = [];
  const predicted: number[] = [];
  let nfe = 0;
  for (let start = 0; start < indices.length; start += batch) {
    const chunk = indices.slice(start, start + batch);
    const { images, labels } = mnistTensors(data, chunk, "image");
    try {
      const { states, stats } = model.trajectory(images, times); // [T, b, s, s, C]
      nfe = stats.nfe;
      const [n, last, classes] = tf.tidy(() => {
        const flat = tf.reshape(states, [times.length, chunk.length, -1]);
        const h1 = tf.squeeze(tf.slice(states, [times.length - 1], [1]), [0]);
        return [
          tf.norm(flat, "euclidean", 2),
          tf.reshape(h1, [chunk.length, -1]),
          tf.argMax(model.classify(h1), 1),
        ];
      });
      states.dispose();
      (n.arraySync() as number[][]).forEach((row, k) => norms[k].push(...row));
      const lastValues = last.dataSync() as Float32Array;
      const size = lastValues.length / chunk.length;
      for (let i = 0; i < chunk.length; i++) {
        final.push(lastValues.slice(i * size, (i + 1) * size));
      }
      predicted.push(...(classes.arraySync() as number[]));
      tf.dispose([n, last, classes]);
    } finally {
      tf.dispose([images, labels]);
    }
  }
  return {
    indices,
    labels: indices.map((i) => data.labels[i]),
    predicted,
    times,
    norms,
    final,
    nfe,
  };
}

/** A 2-D t-SNE map of `rows` (one point per row), deterministic for given options. */
export function tsneMap(
  rows: ArrayLike<number>[],
  options: { perplexity: number; epsilon: number; iterations: number; seed: number } = TSNE_OPTIONS,
): [number, number][] {
  if (rows.length <= 3 * options.perplexity) {
    throw new RangeError(
      `tsneMap: ${rows.length} points are too few for perplexity ${options.perplexity} ` +
        `(need more than 3 × perplexity)`,
    );
  }
  const X = rows.map((r) => Array.from(r));
  const { perplexity, epsilon, seed } = options;
  const tsne = new TSNE(X, { perplexity, epsilon, seed, d: 2 });
  return (tsne.transform(options.iterations) as number[][]).map(([a, b]) => [a, b]);
}

/** For each point, the index of its nearest other point (Euclidean). */
export function nearestNeighbours(points: readonly (readonly number[])[]): number[] {
  return points.map((p, i) => {
    let best = -1;
    let bestD = Infinity;
    points.forEach((q, j) => {
      if (j === i) return;
      let d = 0;
      for (let k = 0; k < p.length; k++) d += (p[k] - q[k]) ** 2;
      if (d < bestD) [best, bestD] = [j, d];
    });
    return best;
  });
}

/** What the t-SNE map shows, in numbers: how well the map keeps the classes apart. */
export function mapSummary(
  points: readonly (readonly number[])[],
  labels: readonly number[],
  predicted: readonly number[],
) {
  const nn = nearestNeighbours(points);
  const sameClass = nn.filter((j, i) => labels[j] === labels[i]).length;
  const wrong = labels.map((_, i) => i).filter((i) => predicted[i] !== labels[i]);
  // A misclassified digit "sits with" the class its nearest neighbour in the map belongs to.
  const withPredicted = wrong.filter((i) => labels[nn[i]] === predicted[i]).length;
  return {
    digits: points.length,
    sameClass,
    sameClassShare: sameClass / points.length,
    wrong: wrong.length,
    wrongWithPredicted: withPredicted,
  };
}

/** The q-quantile of sorted values (linear interpolation between order statistics). */
export function quantile(sorted: readonly number[], q: number): number {
  const x = q * (sorted.length - 1);
  const lo = Math.floor(x);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (x - lo) * (sorted[hi] - sorted[lo]);
}

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/** ‖h(t)‖ summarised per time: over all digits (mean and band) and per class (mean). */
export function normSummary(states: Pick<BlockStates, "norms" | "labels" | "times">) {
  const { norms, labels, times } = states;
  const overall = times.map((t, k) => {
    const sorted = [...norms[k]].sort((a, b) => a - b);
    return {
      t,
      mean: mean(norms[k]),
      lo: quantile(sorted, NORM_BAND[0]),
      hi: quantile(sorted, NORM_BAND[1]),
    };
  });
  const classes = [...new Set(labels)].sort((a, b) => a - b);
  const perClass = classes.flatMap((digit) =>
    times.map((t, k) => ({
      t,
      digit,
      mean: mean(norms[k].filter((_, i) => labels[i] === digit)),
    }))
  );
  const last = times.length - 1;
  const growth = norms[0].map((n0, i) => norms[last][i] / n0);
  const classGrowth = classes.map((digit) => ({
    digit,
    growth: mean(growth.filter((_, i) => labels[i] === digit)),
  })).sort((a, b) => a.growth - b.growth);
  return {
    overall,
    perClass,
    /** Mean over digits of ‖h(end)‖ / ‖h(0)‖ (as the history's "hidden norm" column). */
    growth: mean(growth),
    /** How many digits end with a larger norm than they start with. */
    grew: growth.filter((g) => g > 1).length,
    /** Classes by mean growth, smallest first. */
    classGrowth,
    /** Whether the mean norm rises (or falls) at every step of the grid. */
    monotone: overall.every((o, k) => k === 0 || o.mean >= overall[k - 1].mean) ||
      overall.every((o, k) => k === 0 || o.mean <= overall[k - 1].mean),
  };
}

// ---------------------------------------------------------------------------------------------
// The recorded training history

/** Where `deno task train odenet-mnist` records the history of the shipped weights' training. */
export const HISTORY_FILE = "weights/odenet-mnist/history.json";
export const HISTORY_COMMAND = "deno task train odenet-mnist";
/** The columns the figure plots (besides `step`). */
export const HISTORY_COLUMNS = ["epoch", "cross-entropy", "dopri5 NFE", "hidden norm"] as const;

export interface HistoryRow {
  step: number;
  epoch: number;
  "cross-entropy": number;
  "dopri5 NFE": number;
  "hidden norm": number;
}

export interface OdenetHistory {
  model: string;
  seed: number;
  steps: number;
  backend: string;
  metric: string;
  every: number;
  columns: Record<string, string>;
  rows: HistoryRow[];
}

function historyFix(): string {
  return `run \`${HISTORY_COMMAND}\` (it trains the shipped weights and records their ` +
    "history), then build again";
}

/** What to say when the history file is missing. */
export function missingHistory(file = HISTORY_FILE): string {
  return `${file} is missing: ${historyFix()}`;
}

/**
 * The history file's text, checked: `text` undefined (no file) or a file without the columns
 * the figure plots fails with what to run. Rows must be in order of strictly increasing step.
 */
export function parseHistory(text: string | undefined, file = HISTORY_FILE): OdenetHistory {
  const fix = historyFix();
  if (text === undefined) throw new Error(`lecture 6: ${missingHistory(file)}`);
  let history: OdenetHistory;
  try {
    history = JSON.parse(text);
  } catch (error) {
    throw new Error(`lecture 6: ${file} is not JSON (${(error as Error).message}): ${fix}`);
  }
  const rows = history?.rows;
  if (!Array.isArray(rows) || rows.length < 2) {
    throw new Error(`lecture 6: ${file} has no rows (at least 2 expected): ${fix}`);
  }
  rows.forEach((row, i) => {
    for (const column of ["step", ...HISTORY_COLUMNS] as const) {
      if (!Number.isFinite(row[column])) {
        throw new Error(
          `lecture 6: ${file}, row ${i} (step ${row.step}): "${column}" is ${
            JSON.stringify(row[column])
          }, not a finite number: ${fix}`,
        );
      }
    }
    if (i > 0 && row.step <= rows[i - 1].step) {
      throw new Error(
        `lecture 6: ${file}, row ${i}: step ${row.step} does not follow step ${
          rows[i - 1].step
        } (rows must be in increasing step): ${fix}`,
      );
    }
  });
  return history;
}

/** The two panels' points, straight from the file's rows. */
export function historySeries(history: OdenetHistory) {
  return {
    nfe: history.rows.map((r) => ({ step: r.step, epoch: r.epoch, value: r["dopri5 NFE"] })),
    loss: history.rows.map((r) => ({ step: r.step, epoch: r.epoch, value: r["cross-entropy"] })),
  };
}

/** What the history shows, in numbers (for the prose). */
export function historySummary(history: OdenetHistory) {
  const rows = history.rows;
  const first = rows[0];
  const last = rows[rows.length - 1];
  const nfes = rows.map((r) => r["dopri5 NFE"]);
  const peak = rows.reduce((best, r) => (r["dopri5 NFE"] > best["dopri5 NFE"] ? r : best));
  // The first row from which the NFE stays at its final value.
  let settled = rows.length - 1;
  while (settled > 0 && rows[settled - 1]["dopri5 NFE"] === last["dopri5 NFE"]) settled--;
  return {
    rows: rows.length,
    every: history.every,
    steps: last.step,
    epochs: last.epoch,
    first,
    last,
    peak,
    /** The first row from which the NFE stays at its final value. */
    settled: rows[settled],
    nfeMin: Math.min(...nfes),
    nfeMax: Math.max(...nfes),
  };
}
