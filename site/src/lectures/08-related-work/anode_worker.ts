/**
 * The crossing demo's training worker (lecture 8): a plain 1-D Neural ODE and an augmented one
 * (lib/models/anode.ts) learn the same map x ↦ −sign(x), step by step side by side, off the
 * page's main thread (a step of the two on the CPU backend is a few hundred milliseconds of
 * synchronous work). The page draws (anode.runtime.ts).
 */
import { setLearningRate } from "../../../../lib/train/learning_rate.ts";
import * as tf from "@tensorflow/tfjs";
import type { BackendName } from "../../../../lib/backend.ts";
import {
  type CrossingData,
  disposeCrossingData,
  makeCrossingData,
} from "../../../../lib/data/crossing.ts";
import { AugmentedNODE } from "../../../../lib/models/anode.ts";
import type { AnodeDemoData } from "./types.ts";
import { Throttle } from "../../core/live_training.ts";
import {
  errorText,
  initWorkerBackend,
  queueMessages,
  WorkerLoop,
  type WorkerStatus,
} from "../../core/training_worker.ts";
import { loadShipped, shippedModel } from "../../core/weights.ts";

/** Messages from the page; `generation` counts model resets (see cnf_worker.ts and core/training_worker.ts). */
export type ToWorker =
  | { type: "init"; backend: BackendName; wasmPaths: string; cfg: AnodeDemoData; lr: number }
  | { type: "run" }
  | { type: "pause" }
  | { type: "lr"; lr: number }
  | { type: "reset"; generation: number; lr: number }
  | { type: "pretrained"; generation: number; lr: number };

export interface Snapshot {
  step: number;
  times: number[];
  /** Training inputs [n]. */
  x0: Float32Array;
  /** Plain NODE states [T][n] and ANODE states [T][n][1 + augmentDims], flattened. */
  plain: Float32Array;
  anode: Float32Array;
}

export interface PretrainedResult {
  anodeMse: number;
  anodeExpected: number;
  plainMse: number;
  plainExpected: number;
}

export type FromWorker =
  | WorkerStatus
  | { type: "step"; generation: number; step: number; plain: number; anode: number; ms: number }
  | { type: "snapshot"; generation: number; snapshot: Snapshot }
  | { type: "progress"; generation: number; text: string }
  | { type: "pretrained"; generation: number; result: PretrainedResult }
  | { type: "paused"; generation: number; step: number };

// The site's modules are typed with the "dom" lib, where `self` is a Window; in this worker it is
// a DedicatedWorkerGlobalScope (the "webworker" lib, which cannot share a program with "dom").
const post = (message: FromWorker, transfer: Transferable[] = []) =>
  (self as unknown as Worker).postMessage(message, transfer);

let cfg: AnodeDemoData;
let lr = 0.01;
let data: CrossingData;
let plain: AugmentedNODE | undefined;
let anode: AugmentedNODE | undefined;
let plainOpt: tf.Optimizer | undefined;
let anodeOpt: tf.Optimizer | undefined;
let step = 0;
let generation = 0;
const snapshots = new Throttle(400, 4);

/** A model of the demo: the shipped architecture, with or without the extra dimensions. */
function build(augmentDims: number, seed: number): AugmentedNODE {
  return new AugmentedNODE({
    augmentDims,
    hidden: cfg.hidden,
    seed,
    // No finiteness check: its synchronous reads stall GPU backends (the loss is checked).
    solver: { method: "rk4", stepSize: cfg.stepSize, checkFinite: false },
  });
}

/** Frees a model (the field's dispose also frees its cached transposed weights). */
function free(model: AugmentedNODE | undefined): void {
  model?.field.dispose();
}

function rebuild(): void {
  free(plain);
  free(anode);
  plainOpt?.dispose();
  anodeOpt?.dispose();
  plain = build(0, cfg.plainSeed);
  anode = build(cfg.augmentDims, cfg.anodeSeed);
  plainOpt = tf.train.adam(lr);
  anodeOpt = tf.train.adam(lr);
  step = 0;
}

function setLr(value: number): void {
  lr = value;
  for (const opt of [plainOpt, anodeOpt]) {
    if (opt) setLearningRate(opt, value);
  }
}

async function snapshot(): Promise<Snapshot> {
  const times = Array.from({ length: cfg.frames }, (_, i) => i / (cfg.frames - 1));
  const p = tf.tidy(() => tf.reshape(plain!.trajectories(data.x, times), [-1]));
  const a = tf.tidy(() => tf.reshape(anode!.trajectories(data.x, times), [-1]));
  const [x0, pv, av] = await Promise.all([data.x.data(), p.data(), a.data()]);
  tf.dispose([p, a]);
  return {
    step,
    times,
    x0: new Float32Array(x0),
    plain: pv as Float32Array,
    anode: av as Float32Array,
  };
}

async function sendSnapshot(): Promise<void> {
  const s = await snapshots.run(snapshot);
  post({ type: "snapshot", generation, snapshot: s }, [
    s.x0.buffer,
    s.plain.buffer,
    s.anode.buffer,
  ]);
}

/** One Adam step of a model on the whole training set; the loss before the step. */
async function fitStep(model: AugmentedNODE, opt: tf.Optimizer, batch: CrossingData) {
  const loss = opt.minimize(() => model.loss(batch).loss, true, model.parameters())!;
  const [value] = await loss.data();
  loss.dispose();
  return value;
}

async function run(): Promise<void> {
  if (step === 0) await sendSnapshot();
  while (training.running) {
    const t0 = performance.now();
    const p = await fitStep(plain!, plainOpt!, data);
    const a = await fitStep(anode!, anodeOpt!, data);
    step++;
    post({ type: "step", generation, step, plain: p, anode: a, ms: performance.now() - t0 });
    if (!Number.isFinite(p) || !Number.isFinite(a)) break;
    if (snapshots.due) await sendSnapshot();
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  training.running = false;
  await sendSnapshot();
  post({ type: "paused", generation, step });
}

function mse(model: AugmentedNODE, test: CrossingData): Promise<number> {
  const loss = model.loss(test).loss;
  return loss.data().then(([v]) => {
    loss.dispose();
    return v;
  });
}

/**
 * The shipped ANODE on the manifest's held-out set, and a plain NODE trained as the recipe's
 * fast evaluation does (same seed, data, steps and learning-rate schedule), on its test set.
 */
async function pretrained(): Promise<PretrainedResult> {
  const entry = await shippedModel("anode-toy") as Awaited<ReturnType<typeof shippedModel>> & {
    metricsFast?: Record<string, number>;
  };
  rebuild();
  await loadShipped(anode!, "anode-toy");
  const jitter = cfg.train.jitter;
  const heldOut = makeCrossingData({
    perSide: cfg.heldOut.perSide,
    jitter,
    seed: cfg.heldOut.seed,
  });
  const anodeMse = await mse(anode!, heldOut);
  disposeCrossingData(heldOut);

  const proto = cfg.plainProtocol;
  const small = makeCrossingData({ perSide: proto.perSide, jitter, seed: cfg.plainSeed });
  const test = makeCrossingData({ perSide: proto.testPerSide, jitter, seed: cfg.heldOut.seed });
  const opt = tf.train.adam(proto.lr);
  try {
    for (let it = 0; it < proto.steps; it++) {
      // The recipe's cosine from lr to lrEnd (no warm-up).
      const p = it / Math.max(1, proto.steps);
      const rate = proto.lrEnd + 0.5 * (proto.lr - proto.lrEnd) * (1 + Math.cos(Math.PI * p));
      setLearningRate(opt, rate);
      await fitStep(plain!, opt, small);
      if (it % 10 === 9) {
        post({
          type: "progress",
          generation,
          text: `Training the plain NODE as the recipe does: step ${it + 1} of ${proto.steps}…`,
        });
      }
    }
    const plainMse = await mse(plain!, test);
    return {
      anodeMse,
      anodeExpected: entry.metrics["ANODE MSE"],
      plainMse,
      plainExpected: entry.metricsFast?.["plain NODE MSE"] ?? entry.metrics["plain NODE MSE"],
    };
  } finally {
    opt.dispose();
    disposeCrossingData(small);
    disposeCrossingData(test);
  }
}

async function handle(msg: ToWorker): Promise<void> {
  switch (msg.type) {
    case "init": {
      cfg = msg.cfg;
      lr = msg.lr;
      const ready = await initWorkerBackend(msg.backend, msg.wasmPaths);
      data = makeCrossingData(cfg.train);
      rebuild();
      post(ready);
      return;
    }
    case "run":
      training.start();
      return;
    case "reset":
      await training.stop();
      generation = msg.generation;
      lr = msg.lr;
      rebuild();
      await sendSnapshot();
      post({ type: "paused", generation, step });
      return;
    case "pretrained": {
      await training.stop();
      generation = msg.generation;
      lr = msg.lr;
      const result = await pretrained();
      await sendSnapshot();
      post({ type: "pretrained", generation, result });
      post({ type: "paused", generation, step });
      return;
    }
  }
}

function fail(error: unknown): void {
  training.running = false;
  post({ type: "error", message: errorText(error) });
}

const training = new WorkerLoop(run, fail);

queueMessages<ToWorker>(handle, (msg) => {
  if (msg.type === "pause") {
    training.running = false;
    return true;
  }
  if (msg.type === "lr") {
    setLr(msg.lr);
    return true;
  }
  return false;
}, fail);
