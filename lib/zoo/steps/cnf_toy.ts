/**
 * Lecture 7's live training step (site: cnf_worker.ts): the CNF (RK4 at a fixed step, exact or
 * Hutchinson trace) on a batch drawn from a 2-D toy data set, one Adam step on −log p.
 */
import * as tf from "@tensorflow/tfjs";
import { makeCheckerboard, makeCircles, makeMoons, type Toy2dData } from "../../data/toy2d.ts";
import { CNF, type LogProbOptions } from "../../models/cnf.ts";
import { Rng } from "../../prob/random.ts";
import type { DemoStep } from "../../train/demo_step.ts";
import { adam } from "../../train/fused_adam.ts";

export type ToyDatasetName = "circles" | "moons" | "checkerboard";

/** The demo's data sets, as it draws them. */
export function makeToyData(name: ToyDatasetName, n: number, seed: number): Toy2dData {
  if (name === "moons") return makeMoons(n, seed);
  if (name === "checkerboard") return makeCheckerboard(n, seed, { cellSize: 1 });
  return makeCircles(n, seed);
}

/** The shipped architecture and solver the demo trains (its page embeds them). */
export interface CnfDemoShape {
  width: number;
  hidden: number;
  stepSize: number;
  trainSize: number;
}

export interface CnfStepSettings {
  dataset: ToyDatasetName;
  trace: "exact" | "hutchinson";
  batch: number;
  lr: number;
}

/** The demo's model: no finiteness check (a synchronous read per solver step stalls a GPU). */
export function demoCnf(shape: CnfDemoShape): CNF {
  return new CNF({
    hyper: { width: shape.width, hidden: shape.hidden, seed: 0 },
    solver: { method: "rk4", stepSize: shape.stepSize, checkFinite: false },
  });
}

/** Step `step` on `size` points drawn by `rng` from `train`; the loss read asynchronously. */
export async function cnfBatchStep(
  model: CNF,
  optimizer: tf.Optimizer,
  train: Toy2dData,
  rng: Rng,
  settings: Pick<CnfStepSettings, "trace" | "batch">,
  step: number,
): Promise<number> {
  const size = settings.batch;
  const buf = new Float32Array(2 * size);
  for (let i = 0; i < size; i++) {
    const j = rng.int(train.n);
    buf[2 * i] = train.points[2 * j];
    buf[2 * i + 1] = train.points[2 * j + 1];
  }
  const x = tf.tensor2d(buf, [size, 2]);
  // Hutchinson probes are seeded per step: every backend sees the same estimator.
  const options: LogProbOptions = settings.trace === "hutchinson"
    ? { trace: "hutchinson", seed: 1000 + step }
    : { trace: "exact" };
  try {
    const loss = optimizer.minimize(() => model.loss(x, options).loss, true, model.parameters())!;
    const [value] = await loss.data();
    loss.dispose();
    return value;
  } finally {
    x.dispose();
  }
}

/** The demo's step from its seeds: model seed 0, data seed 0, batches drawn by Rng(1). */
export function cnfDemoStep(shape: CnfDemoShape, settings: CnfStepSettings): DemoStep {
  const model = demoCnf(shape);
  const optimizer = adam(settings.lr);
  const train = makeToyData(settings.dataset, shape.trainSize, 0);
  const rng = new Rng(1);
  let step = 0;
  return {
    step: () => cnfBatchStep(model, optimizer, train, rng, settings, step++),
    dispose() {
      model.dispose();
      optimizer.dispose();
    },
  };
}
