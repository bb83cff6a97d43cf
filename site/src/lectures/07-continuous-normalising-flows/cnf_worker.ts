/**
 * The CNF demo's training worker (lecture 7). A CNF step solves an ODE whose field contains a
 * backward pass; on the CPU backend that is a second or more of synchronous work, so the model
 * lives here, off the page's main thread, which only draws (cnf.runtime.ts). The worker trains
 * when told to run, and every few steps evaluates log p on a grid and on 256 held-out points
 * (one exact-trace solve) and flows fresh Gaussian samples for the animation.
 */
import { setLearningRate } from "../../../../lib/train/learning_rate.ts";
import * as tf from "@tensorflow/tfjs";
import type { Toy2dData } from "../../../../lib/data/toy2d.ts";
import type { CNF } from "../../../../lib/models/cnf.ts";
import {
  cnfBatchStep,
  demoCnf,
  makeToyData,
  type ToyDatasetName,
} from "../../../../lib/zoo/steps/cnf_toy.ts";
import { Rng } from "../../../../lib/prob/random.ts";
import type { CnfDemoData } from "./types.ts";
import { Throttle } from "../../core/live_training.ts";
import { TrainingWorker } from "../../core/training_worker.ts";
import { loadShipped, shippedModel } from "../../core/weights.ts";
import { adam } from "../../../../lib/train/fused_adam.ts";

export type DatasetName = ToyDatasetName;

export interface Settings {
  dataset: DatasetName;
  trace: "exact" | "hutchinson";
  batch: number;
  lr: number;
}

export interface Snapshot {
  step: number;
  /** The first few hundred training points, x, y interleaved (to draw over the density). */
  points: Float32Array;
  /** log p on the n × n grid (cfg.grid) of the data set's box, row-major, y outer. */
  grid: Float32Array;
  heldOutLL: number;
  /** Sample positions [frames][n][2], flattened, at `times`. */
  flow: Float32Array;
  times: number[];
}

/**
 * The demo's messages besides the shared ones (core/training_worker.ts). A new data set replaces
 * the model, so "settings" carries the generation it starts.
 */
export interface CnfProtocol {
  init: { cfg: CnfDemoData; settings: Settings };
  change: { settings: Settings };
  toWorker: { type: "settings"; settings: Settings; generation: number };
  fromWorker:
    | { type: "step"; generation: number; step: number; loss: number; ms: number }
    | { type: "snapshot"; generation: number; snapshot: Snapshot }
    | { type: "pretrained"; generation: number; ll: number; expected: number };
}

const TRAIN_SEED = 0;
const SHOWN_POINTS = 300;

const worker = new TrainingWorker<CnfProtocol>();

let cfg: CnfDemoData;
let settings: Settings;
let model: CNF | undefined;
let optimizer: tf.AdamOptimizer | undefined;
let train: Toy2dData;
let heldOut: Toy2dData;
let rng = new Rng(1);
let step = 0;
// The snapshot costs about a training step: keep it under ~20% of the time.
const snapshots = new Throttle(1500, 4);

function rebuild(): void {
  model?.dispose();
  optimizer?.dispose();
  // No finiteness check inside (on WebGPU in a worker that read returns garbage): the loss is
  // checked instead.
  model = demoCnf(cfg);
  optimizer = adam(settings.lr);
  train = makeToyData(settings.dataset, cfg.trainSize, TRAIN_SEED);
  heldOut = makeToyData(settings.dataset, 2000, cfg.heldOut.seed);
  rng = new Rng(1);
  step = 0;
}

/** log p on the grid and the held-out points (one solve), and the flow of fresh samples. */
async function snapshot(): Promise<Snapshot> {
  const m = model!;
  const [x0, x1, y0, y1] = cfg.boxes[settings.dataset];
  const { grid: n, flowSamples, flowFrames } = cfg;
  const k = cfg.heldOut.size;
  const pts = new Float32Array(2 * (n * n + k));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      pts[2 * (i * n + j)] = x0 + ((x1 - x0) * j) / (n - 1);
      pts[2 * (i * n + j) + 1] = y0 + ((y1 - y0) * i) / (n - 1);
    }
  }
  pts.set(heldOut.points.subarray(0, 2 * k), 2 * n * n);
  const logp = tf.tidy(() => m.logProb(tf.tensor2d(pts, [n * n + k, 2]), { trace: "exact" }));
  const values = (await logp.data()) as Float32Array;
  logp.dispose();
  let ll = 0;
  for (let i = n * n; i < values.length; i++) ll += values[i];
  const { times, positions } = m.sampleTrajectory(flowSamples, 5, flowFrames);
  const flow = (await positions.data()) as Float32Array;
  positions.dispose();
  return {
    step,
    points: train.points.slice(0, 2 * SHOWN_POINTS),
    grid: values.slice(0, n * n),
    heldOutLL: ll / k,
    flow,
    times,
  };
}

async function sendSnapshot(): Promise<number> {
  const s = await snapshots.run(snapshot);
  worker.post({ type: "snapshot", generation: worker.generation, snapshot: s }, [
    s.grid.buffer,
    s.flow.buffer,
    s.points.buffer,
  ]);
  return s.heldOutLL;
}

async function trainStep(): Promise<{ loss: number; ms: number }> {
  const t0 = performance.now();
  const loss = await cnfBatchStep(model!, optimizer!, train, rng, settings, step);
  return { loss, ms: performance.now() - t0 };
}

async function run(): Promise<void> {
  if (step === 0) await sendSnapshot();
  while (worker.running) {
    const { loss, ms } = await trainStep();
    if (!Number.isFinite(loss)) {
      worker.running = false;
      worker.paused("diverged");
      return;
    }
    step++;
    worker.post({ type: "step", generation: worker.generation, step, loss, ms });
    if (snapshots.due) await sendSnapshot();
    // Let "pause" and setting changes in.
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  await sendSnapshot();
  worker.paused();
}

/** "pretrained": the shipped cnf-circles (trained on circles), on the same held-out points. */
async function pretrained(change: CnfProtocol["change"]): Promise<void> {
  settings = { ...change.settings, dataset: "circles" };
  const entry = await shippedModel("cnf-circles") as
    & Awaited<
      ReturnType<typeof shippedModel>
    >
    & { metricsFast?: Record<string, number> };
  rebuild();
  await loadShipped(model!, "cnf-circles");
  const ll = await sendSnapshot();
  // The manifest's fast subset: the same 256 points, the same exact-trace solve.
  const expected = entry.metricsFast?.["test log-likelihood/sample"] ?? cfg.heldOut.expected;
  worker.post({ type: "pretrained", generation: worker.generation, ll, expected });
}

worker.serve({
  configure(init) {
    cfg = init.cfg;
    settings = init.settings;
  },
  setup: rebuild,
  reset(change) {
    settings = change.settings;
    rebuild();
  },
  pretrained,
  run,
  snapshot: sendSnapshot,
  step: () => step,
  // Changes that need no new model (learning rate, trace, batch) must reach a running loop.
  urgent(msg) {
    if (msg.settings.dataset !== settings?.dataset) return false;
    settings = msg.settings;
    if (optimizer) setLearningRate(optimizer, settings.lr);
    return true;
  },
  // A new data set: a new model.
  handle: (msg) =>
    worker.restart(msg.generation, () => {
      settings = msg.settings;
      rebuild();
    }),
});
