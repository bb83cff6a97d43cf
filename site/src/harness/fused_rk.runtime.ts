/**
 * TEST HARNESS (not part of the course): the browser tests' hook into the fused RK kernels
 * (lib/nn/fused_rk). It trains lecture 2's live demo model with the demo's own step
 * (lib/zoo/steps/node_vdp.ts: NeuralODE seed 0, rk4 on the data grid, no finiteness read, Adam
 * 0.01, windows of 10 points from Rng(1)) on a chosen backend, fused or op by op, and reports the
 * losses, one step's gradients, the tensors a step leaves and the kernels it dispatches; and it
 * runs lib/nn/fused_rk/agreement.ts's table of solves (every method and activation) on a GPU
 * backend against cpu.
 * Served only at /harness/fused-rk/, which no page links to and the offline cache skips.
 */
import { ensureBackend, tf } from "../core/backend.ts";
import { NeuralODE } from "../../../lib/models/node.ts";
import { subsequenceBatch } from "../../../lib/data/vdp.ts";
import { NODE_DEMO_SOLVER, nodeWindowStep } from "../../../lib/zoo/steps/node_vdp.ts";
import { Rng } from "../../../lib/prob/random.ts";
import { countKernels } from "../../../lib/train/kernel_count.ts";
import { adam } from "../../../lib/train/fused_adam.ts";
import type { BackendName } from "../../../lib/backend.ts";
import { type Agreement, fusedAgreement } from "../../../lib/nn/fused_rk/agreement.ts";
import {
  FUSED_RK_ON_SOFTWARE_WEBGL,
  softwareWebGl,
} from "../../../lib/nn/fused_rk/software_webgl.ts";

/** The demo's defaults (its selects'). */
const LEARNING_RATE = 0.01;
const WINDOW = 10;

export interface HarnessData {
  t: number[];
  observed: number[][][];
}

export interface HarnessRequest {
  backend: BackendName;
  /** false: NeuralODE's op-by-op solver, the reference path. */
  fused: boolean;
  /** Training steps whose losses are reported (each is timed). */
  steps: number;
  /**
   * Only count one step's kernels: no gradients, no losses, and the step's result is not
   * awaited (its dispatches are all issued by then). For the op-by-op webgpu baseline, whose
   * step takes ~30 s of SwiftShader time that the count does not need.
   */
  countOnly?: boolean;
  /**
   * Fuse on a software WebGL renderer too (lib/nn/fused_rk/software_webgl.ts). Default true:
   * the tests check the kernels where no GPU exists; false shows what a reader would get.
   */
  onSoftwareWebGl?: boolean;
  /** "tfjs": tf.train.adam instead of the demo's (lib/train/fused_adam.ts). */
  optimizer?: "tfjs";
}

export interface HarnessResult {
  backend: string;
  losses: number[];
  /** ms of each step, the first one included (it compiles the shaders). */
  ms: number[];
  /** Gradients of the first window's loss at the initial weights, per parameter. */
  gradients: number[][];
  /** tf.memory().numTensors after one more step minus before it. */
  leaked: number;
  /** Kernels of that step (lib/train/kernel_count.ts), and its ms. */
  kernels: number;
  countedMs: number;
  /** Kernels by name in that step, for the report. */
  kernelNames: Record<string, number>;
  /** Whether the backend was webgl on a software renderer. */
  softwareWebGl: boolean;
}

const EMPTY: HarnessResult = {
  backend: "",
  losses: [],
  ms: [],
  gradients: [],
  leaked: 0,
  kernels: 0,
  countedMs: 0,
  kernelNames: {},
  softwareWebGl: false,
};

export async function runHarness(
  data: HarnessData,
  request: HarnessRequest,
): Promise<HarnessResult> {
  const { report } = await ensureBackend(request.backend);
  tf.env().set(FUSED_RK_ON_SOFTWARE_WEBGL, request.onSoftwareWebGl ?? true);
  const software = softwareWebGl();
  const observed = tf.tensor3d(data.observed) as tf.Tensor3D;
  const model = new NeuralODE({ seed: 0, solver: NODE_DEMO_SOLVER, fused: request.fused });
  // The demo's Adam (fused on the GPU backends), or tfjs's own as the reference.
  const optimizer = request.optimizer === "tfjs"
    ? tf.train.adam(LEARNING_RATE)
    : adam(LEARNING_RATE);
  const rng = new Rng(1);
  const T = data.t.length;
  const window = (start: number) => subsequenceBatch(observed, data.t, [start], WINDOW);
  const step = () =>
    nodeWindowStep(model, optimizer, observed, data.t, rng.int(T - WINDOW), WINDOW);
  try {
    if (request.countOnly) {
      // The same step, its loss left unread: every dispatch is issued once minimize returns.
      const kernels = await countKernels(() => {
        const batch = window(rng.int(T - WINDOW));
        tf.dispose([
          optimizer.minimize(() => model.loss(batch).loss, true, model.parameters())!,
          batch.y0,
          batch.target,
        ]);
      });
      return { ...EMPTY, backend: report.name, kernels, softwareWebGl: software };
    }
    const first = window(0);
    const { value, grads } = tf.variableGrads(() => model.loss(first).loss, model.parameters());
    const gradients = await Promise.all(
      Object.keys(model.namedParameters()).map(async (_, i) =>
        Array.from(await Object.values(grads)[i].data())
      ),
    );
    tf.dispose([value, first.y0, first.target, ...Object.values(grads)]);
    const losses: number[] = [];
    const ms: number[] = [];
    for (let i = 0; i < request.steps; i++) {
      const start = performance.now();
      losses.push(await step());
      ms.push(performance.now() - start);
    }
    const before = tf.memory().numTensors;
    const start = performance.now();
    const kernelNames: Record<string, number> = {};
    const kernels = await countKernels(step, (name) => {
      kernelNames[name] = (kernelNames[name] ?? 0) + 1;
    });
    const countedMs = performance.now() - start;
    const leaked = tf.memory().numTensors - before;
    return {
      backend: report.name,
      losses,
      ms,
      gradients,
      leaked,
      kernels,
      countedMs,
      kernelNames,
      softwareWebGl: software,
    };
  } finally {
    model.dispose();
    optimizer.dispose();
    observed.dispose();
  }
}

/** The fused solve's agreement table on `backend` (lib/nn/fused_rk/agreement.ts). */
export async function runAgreement(backend: BackendName): Promise<Agreement[]> {
  await ensureBackend(backend);
  tf.env().set(FUSED_RK_ON_SOFTWARE_WEBGL, true);
  // fusedAgreement switches between cpu and this backend; both are registered by now.
  await ensureBackend("cpu");
  return fusedAgreement(backend);
}
