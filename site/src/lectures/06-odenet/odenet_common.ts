/**
 * What lecture 6's three demos share (loaded with them, never with the page): the shipped
 * ODE-Net's architecture, loading its weights, the MNIST digits the site serves, and an
 * asynchronous evaluation that reads results with `await data()`.
 * The architecture and the held-out subsets: the preset, lib/zoo/odenet_mnist.ts.
 */
import { tf } from "../../core/backend.ts";
import { mnistTensors } from "../../../../lib/data/mnist.ts";
import { OdeNet, type OdeNetForward } from "../../../../lib/models/odenet.ts";
import type { SolveOptions } from "../../../../lib/ode/options.ts";
import { solve, solveAsync } from "../../../../lib/ode/solve.ts";
import { type BrowserMnist, loadMnistForBrowser, officialTestSubset } from "../../core/mnist.ts";
import { loadShipped, type ShippedModel, shippedModel } from "../../core/weights.ts";
import {
  ODENET_FAST_STRIDE as FAST_STRIDE,
  ODENET_MNIST,
  ODENET_MNIST_ARCHITECTURE as ODENET_ARCHITECTURE,
  ODENET_QUICK_STRIDE as QUICK_STRIDE,
} from "../../../../lib/zoo/odenet_mnist.ts";

const ODENET_MODEL = ODENET_MNIST.name;

export { FAST_STRIDE, ODENET_ARCHITECTURE, ODENET_MODEL, QUICK_STRIDE };

/**
 * lib's OdeNet with two changes for the browser. (1) h(1) is read from a [2, n] view of the
 * solver's output. lib takes it with a slice of the rank-5 [2, b, 7, 7, C] tensor, whose gradient is a
 * rank-5 pad, and tfjs-backend-webgl cannot compile rank-5 pads ("'lessThan': no matching
 * overloaded function" for ivec5), so training failed on WebGL. (2) Fixed-step solves skip the
 * final NaN check. Same ops otherwise; direct gradients only (the demos never use the adjoint).
 */
export class PageOdeNet extends OdeNet {
  override forward(x: tf.Tensor): OdeNetForward {
    let stats = this.lastStats;
    const logits = tf.tidy(() => {
      const h0 = this.features(x);
      // No NaN check of the outputs (a synchronous read of the whole state: on WebGPU it stalls,
      // and on SwiftShader's WebGPU it lost the device). Adaptive methods still read one number
      // per step.
      const solver = { checkFinite: false, ...this.solver };
      const sol = solve(this.vectorField, h0, [0, this.endTime], solver);
      stats = sol.stats;
      const last = tf.slice(tf.reshape(sol.ys, [2, -1]), [1, 0], [1, -1]);
      return this.classify(tf.reshape(last, h0.shape));
    });
    this.lastStats = stats;
    this.lastBackwardStats = undefined;
    return { logits, stats };
  }

  /**
   * `forward` for evaluation, with the solver's reads awaited (lib/ode/reads.ts): an adaptive
   * solve reads one number per step, and a blocking read on WebGPU stalls the page (on
   * SwiftShader it lost the device). Not differentiable: training uses `forward`.
   */
  async forwardAsync(x: tf.Tensor): Promise<OdeNetForward> {
    const h0 = tf.tidy(() => this.features(x));
    let sol;
    try {
      sol = await solveAsync(this.vectorField, h0, [0, this.endTime], {
        checkFinite: false,
        ...this.solver,
      });
    } finally {
      h0.dispose();
    }
    const ys = sol.ys;
    const logits = tf.tidy(() => {
      const last = tf.slice(tf.reshape(ys, [2, -1]), [1, 0], [1, -1]);
      return this.classify(tf.reshape(last, h0.shape));
    });
    ys.dispose();
    this.lastStats = sol.stats;
    this.lastBackwardStats = undefined;
    return { logits, stats: sol.stats };
  }
}

/** A fresh ODE-Net with the shipped architecture (seeded weights: the same on every backend). */
export function buildOdeNet(seed = 0, solver: SolveOptions = ODENET_ARCHITECTURE.solver): OdeNet {
  return new PageOdeNet({ ...ODENET_ARCHITECTURE, solver: { ...solver }, seed });
}

/** The shipped odenet-mnist and its manifest entry. */
export async function loadPretrainedOdeNet(): Promise<{ model: OdeNet; entry: ShippedModel }> {
  const entry = await shippedModel(ODENET_MODEL);
  const model = buildOdeNet();
  try {
    await loadShipped(model, ODENET_MODEL);
  } catch (error) {
    model.dispose();
    throw error;
  }
  return { model, entry };
}

export { loadMnistForBrowser };
export type { BrowserMnist };

/** The recipe's fast held-out subset (indices into mnist.data): the manifest's metricsFast. */
export function fastTestDigits(mnist: BrowserMnist): number[] {
  return officialTestSubset(mnist, FAST_STRIDE);
}

/** The demos' quick held-out subset (every QUICK_STRIDE-th official test digit). */
export function quickTestDigits(mnist: BrowserMnist): number[] {
  return officialTestSubset(mnist, QUICK_STRIDE);
}

/** "1,000 of the official test digits": how the demos name a subset. */
export function officialDigits(n: number): string {
  return `${n.toLocaleString("en")} of the official test digits`;
}

export interface Evaluation {
  accuracy: number;
  /** Mean field evaluations per forward pass. */
  nfe: number;
  /** Wall time of the forward passes, ms. */
  ms: number;
  /** Predicted class of each digit. */
  predictions: number[];
  labels: number[];
}

/**
 * Accuracy of `model` (with its current solver) on digits `indices`, in batches, yielding to the
 * page between batches.
 */
export async function evaluate(
  model: OdeNet,
  mnist: BrowserMnist,
  indices: readonly number[],
  batchSize = 50,
): Promise<Evaluation> {
  const predictions: number[] = [];
  const labels: number[] = [];
  let nfe = 0;
  let ms = 0;
  for (let start = 0; start < indices.length; start += batchSize) {
    const chunk = indices.slice(start, start + batchSize);
    const { images, labels: y } = mnistTensors(mnist.data, chunk, "image");
    try {
      const t0 = performance.now();
      const { logits, stats } = model instanceof PageOdeNet
        ? await model.forwardAsync(images)
        : model.forward(images);
      nfe += stats.nfe * chunk.length;
      const pred = tf.argMax(logits, 1);
      logits.dispose();
      const values = await pred.data();
      ms += performance.now() - t0;
      pred.dispose();
      predictions.push(...values);
      labels.push(...(await y.data()));
    } finally {
      tf.dispose([images, y]);
    }
    await tf.nextFrame();
  }
  const correct = predictions.filter((p, i) => p === labels[i]).length;
  return { accuracy: correct / indices.length, nfe: nfe / indices.length, ms, predictions, labels };
}
