/**
 * The crossing demo's training worker (lecture 8): a plain 1-D Neural ODE and an augmented one
 * (lib/models/anode.ts) learn the same map x ↦ −sign(x), step by step side by side, off the
 * page's main thread (a step of the two on the CPU backend is a few hundred milliseconds of
 * synchronous work). The page draws (anode.runtime.ts).
 */
import { setLearningRate } from "../../../../lib/train/learning_rate.ts";
import * as tf from "@tensorflow/tfjs";
import {
  type CrossingData,
  disposeCrossingData,
  makeCrossingData,
} from "../../../../lib/data/crossing.ts";
import type { AugmentedNODE } from "../../../../lib/models/anode.ts";
import { anodeFitStep, demoAnode } from "../../../../lib/zoo/steps/anode_crossing.ts";
import type { AnodeDemoData } from "./types.ts";
import { Throttle } from "../../core/live_training.ts";
import { TrainingWorker } from "../../core/training_worker.ts";
import { loadShipped, shippedModel } from "../../core/weights.ts";
import { adam } from "../../../../lib/train/fused_adam.ts";

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

/** The demo's messages besides the shared ones (core/training_worker.ts). */
export interface AnodeProtocol {
  init: { cfg: AnodeDemoData; lr: number };
  change: { lr: number };
  toWorker: { type: "lr"; lr: number };
  fromWorker:
    | { type: "step"; generation: number; step: number; plain: number; anode: number; ms: number }
    | { type: "snapshot"; generation: number; snapshot: Snapshot }
    | { type: "progress"; generation: number; text: string }
    | { type: "pretrained"; generation: number; result: PretrainedResult };
}

const worker = new TrainingWorker<AnodeProtocol>();

let cfg: AnodeDemoData;
let lr = 0.01;
let data: CrossingData;
let plain: AugmentedNODE | undefined;
let anode: AugmentedNODE | undefined;
let plainOpt: tf.Optimizer | undefined;
let anodeOpt: tf.Optimizer | undefined;
let step = 0;
const snapshots = new Throttle(400, 4);

/** A model of the demo: the shipped architecture, with or without the extra dimensions. */
function build(augmentDims: number, seed: number): AugmentedNODE {
  return demoAnode(cfg, augmentDims, seed);
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
  plainOpt = adam(lr);
  anodeOpt = adam(lr);
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
  worker.post({ type: "snapshot", generation: worker.generation, snapshot: s }, [
    s.x0.buffer,
    s.plain.buffer,
    s.anode.buffer,
  ]);
}

const fitStep = anodeFitStep;

async function run(): Promise<void> {
  if (step === 0) await sendSnapshot();
  while (worker.running) {
    const t0 = performance.now();
    const p = await fitStep(plain!, plainOpt!, data);
    const a = await fitStep(anode!, anodeOpt!, data);
    step++;
    worker.post({
      type: "step",
      generation: worker.generation,
      step,
      plain: p,
      anode: a,
      ms: performance.now() - t0,
    });
    if (!Number.isFinite(p) || !Number.isFinite(a)) break;
    if (snapshots.due) await sendSnapshot();
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  worker.running = false;
  await sendSnapshot();
  worker.paused();
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
  const opt = adam(proto.lr);
  try {
    for (let it = 0; it < proto.steps; it++) {
      // The recipe's cosine from lr to lrEnd (no warm-up).
      const p = it / Math.max(1, proto.steps);
      const rate = proto.lrEnd + 0.5 * (proto.lr - proto.lrEnd) * (1 + Math.cos(Math.PI * p));
      setLearningRate(opt, rate);
      await fitStep(plain!, opt, small);
      if (it % 10 === 9) {
        worker.post({
          type: "progress",
          generation: worker.generation,
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

worker.serve({
  configure(init) {
    cfg = init.cfg;
    lr = init.lr;
  },
  setup() {
    data = makeCrossingData(cfg.train);
    rebuild();
  },
  reset(change) {
    lr = change.lr;
    rebuild();
  },
  async pretrained(change) {
    lr = change.lr;
    const result = await pretrained();
    await sendSnapshot();
    worker.post({ type: "pretrained", generation: worker.generation, result });
  },
  run,
  snapshot: sendSnapshot,
  step: () => step,
  // A new learning rate must reach a running loop.
  urgent(msg) {
    setLr(msg.lr);
    return true;
  },
});
