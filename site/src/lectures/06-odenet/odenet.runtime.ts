/**
 * Runtime of the ODE-Net training demo (lecture 6): see OdeNetTraining.astro.
 *
 * Trains the shipped architecture from seeded random weights on the MNIST training digits the
 * site ships (batches of 64, Adam), with the ODE block solved by the recipe's solver or by dopri5.
 * Every EVAL_EVERY steps it measures the held-out accuracy on the quick subset (every 50th
 * official test digit) and how many evaluations dopri5 at rtol = atol = 1e-3 needs for the
 * current field. "Load pretrained weights" evaluates the shipped model on all the official test
 * digits the site ships, and on the recipe's fast subset among them (the manifest's metricsFast).
 * Losses are read with `await data()` and the loop yields a frame per step.
 */
import { setLearningRate } from "../../../../lib/train/learning_rate.ts";
import { tf } from "../../core/backend.ts";
import { batchIndices } from "../../../../lib/data/batches.ts";
import { MNIST_TEST_COUNT, mnistTensors } from "../../../../lib/data/mnist.ts";
import type { OdeNet } from "../../../../lib/models/odenet.ts";
import type { SolveOptions } from "../../../../lib/ode/options.ts";
import { Rng } from "../../../../lib/prob/random.ts";
import { BASE, COLORS, sci } from "../../plots/theme.ts";
import {
  type BrowserMnist,
  buildOdeNet,
  evaluate,
  FAST_STRIDE,
  loadMnistForBrowser,
  loadPretrainedOdeNet,
  ODENET_ARCHITECTURE,
  ODENET_MODEL,
  officialDigits,
  quickTestDigits,
} from "./odenet_common.ts";
import { MNIST_TEST_STRIDE } from "../../core/mnist.ts";
import type { CreateRuntime, ProbeRuntime } from "../../core/shell.ts";
import { type LiveTraining, liveTraining, Throttle } from "../../core/live_training.ts";
import { draw, drawLossCurve, type LossPoint, Plot } from "../../core/plot_live.ts";
import { adam } from "../../../../lib/train/fused_adam.ts";

const BATCH = 64;
const EVAL_EVERY = 20;
/** Digits of the quick subset on which dopri5's NFE is probed. */
const PROBE = 50;
const PROBE_SOLVER: SolveOptions = { method: "dopri5", rtol: 1e-3, atol: 1e-3 };
const SOLVERS: Record<string, SolveOptions> = {
  rk4: ODENET_ARCHITECTURE.solver,
  dopri5: PROBE_SOLVER,
};

interface Checkpoint {
  step: number;
  accuracy: number;
  /** NFE per forward pass of the training solver. */
  nfe: number;
  /** NFE dopri5 (1e-3) needs for the current field. */
  probe: number;
}

/** One Adam step on the training digits `chosen`; the loss read asynchronously. */
async function odenetStep(
  model: OdeNet,
  optimizer: tf.Optimizer,
  mnist: BrowserMnist,
  chosen: number[],
): Promise<number> {
  const { images, labels } = mnistTensors(mnist.data, chosen, "image");
  try {
    const loss = optimizer.minimize(
      () => model.loss(images, labels).loss,
      true,
      model.parameters(),
    )!;
    const [value] = await loss.data();
    loss.dispose();
    return value;
  } finally {
    tf.dispose([images, labels]);
  }
}

/** The same step with the page's digits and settings, nothing drawn ("auto" times it). */
export const probe: ProbeRuntime = async (root) => {
  const value = (name: string) => root.querySelector<HTMLSelectElement>(`[name="${name}"]`)!.value;
  const mnist = await loadMnistForBrowser();
  const model = buildOdeNet(0, SOLVERS[value("solver")]);
  const optimizer = adam(Number(value("lr")));
  const batches = batchIndices(new Rng(1), mnist.train.length, BATCH);
  return {
    step: () =>
      odenetStep(
        model,
        optimizer,
        mnist,
        (batches.next().value as number[]).map((i) => mnist.train[i]),
      ),
    dispose() {
      model.dispose();
      optimizer.dispose();
    },
  };
};

export const create: CreateRuntime = async (ctx) => {
  const root = ctx.root;
  const $ = <T extends Element>(sel: string) => root.querySelector<T>(sel)!;
  const lrSelect = $<HTMLSelectElement>('[name="lr"]');
  const solverSelect = $<HTMLSelectElement>('[name="solver"]');
  const lossBox = $<HTMLElement>('[data-plot="loss"]');
  const accBox = $<HTMLElement>('[data-plot="accuracy"]');
  const nfeBox = $<HTMLElement>('[data-plot="nfe"]');

  ctx.status("Loading the MNIST digits this site serves (once)…");
  const mnist: BrowserMnist = await loadMnistForBrowser();
  const fast = quickTestDigits(mnist);

  let model: OdeNet = buildOdeNet(0, SOLVERS[solverSelect.value]);
  let optimizer = adam(Number(lrSelect.value));
  let batches = batchIndices(new Rng(1), mnist.train.length, BATCH);
  let losses: LossPoint[] = [];
  let checkpoints: Checkpoint[] = [];

  const trainStep = async () => {
    const chosen = (batches.next().value as number[]).map((i) => mnist.train[i]);
    const t0 = performance.now();
    const loss = await odenetStep(model, optimizer, mnist, chosen);
    return { loss, nfe: model.lastStats.nfe, ms: performance.now() - t0 };
  };

  /** Held-out accuracy with the training solver, and dopri5's NFE on the current field. */
  const checkpoint = async () => {
    const trained = model.solver;
    const evalResult = await evaluate(model, mnist, fast);
    model.solver = PROBE_SOLVER;
    const probe = await evaluate(model, mnist, fast.slice(0, PROBE), PROBE);
    model.solver = trained;
    const c = {
      step: trainer.step,
      accuracy: evalResult.accuracy,
      nfe: evalResult.nfe,
      probe: probe.nfe,
    };
    checkpoints.push(c);
    ctx.metric("accuracy", c.accuracy);
    ctx.metric("probeNfe", c.probe);
    ctx.metric("checkpoints", JSON.stringify(checkpoints));
    return c;
  };

  const plotting = new Throttle(1000);
  const plot = () => plotting.run(drawPlots);
  const drawPlots = () => {
    const common = { ...BASE, width: 330, height: 240, x: { label: "step", grid: true } };
    drawLossCurve(lossBox, losses, {
      width: common.width,
      height: common.height,
      y: { label: "cross-entropy (training batch)", zero: true },
      empty: null,
    });
    draw(accBox, {
      ...common,
      y: {
        label: `held-out accuracy (${fast.length} test digits)`,
        grid: true,
        domain: [0, 1],
        percent: true,
      },
      marks: [
        Plot.line(checkpoints, { x: "step", y: "accuracy", stroke: COLORS.green, strokeWidth: 2 }),
        Plot.dot(checkpoints, { x: "step", y: "accuracy", fill: COLORS.green, r: 2.5 }),
      ],
    });
    const nfeRows = checkpoints.flatMap((c) => [
      { step: c.step, nfe: c.nfe, solver: `training solver (${solverSelect.value})` },
      { step: c.step, nfe: c.probe, solver: "dopri5, tol 1e-3" },
    ]);
    draw(nfeBox, {
      ...common,
      y: { label: "NFE per forward pass", grid: true, zero: true },
      color: { legend: true, range: [COLORS.purple, COLORS.warm] },
      marks: [
        Plot.line(nfeRows, { x: "step", y: "nfe", z: "solver", stroke: "solver", strokeWidth: 2 }),
        Plot.dot(nfeRows, { x: "step", y: "nfe", fill: "solver", r: 2.5 }),
      ],
    });
    for (const box of [accBox, nfeBox]) box.classList.remove("placeholder");
  };

  const trainer: LiveTraining = liveTraining({
    ctx,
    trainStep,
    async beforeRun() {
      if (checkpoints.length > 0) return;
      ctx.status(`Measuring the untrained network on ${officialDigits(fast.length)}…`);
      await checkpoint();
      await plot();
    },
    describe(_, r) {
      const last = checkpoints[checkpoints.length - 1];
      return `loss ${sci(r.loss, 2)} · NFE ${r.nfe} · held-out accuracy ` +
        `${(100 * last.accuracy).toFixed(1)} % (step ${last.step})`;
    },
    async afterStep(step, r) {
      losses.push({ step, loss: r.loss });
      if (step % EVAL_EVERY === 0) await checkpoint();
      if (step % EVAL_EVERY === 0 || plotting.due) await plot();
    },
    afterRun: plot,
  });

  const rebuild = (fresh: OdeNet) => {
    model.dispose();
    optimizer.dispose();
    model = fresh;
    optimizer = adam(Number(lrSelect.value));
    batches = batchIndices(new Rng(1), mnist.train.length, BATCH);
    losses = [];
    checkpoints = [];
    trainer.restart();
  };

  const onLr = () => {
    setLearningRate(optimizer, Number(lrSelect.value));
  };
  const onSolver = () => {
    model.solver = { ...SOLVERS[solverSelect.value] };
    // A training step must be synchronous (tfjs gradients), so dopri5 reads each step's error
    // ratio with a blocking read: slow on a GPU, and SwiftShader's WebGPU loses the device.
    if (solverSelect.value === "dopri5" && ctx.backend === "webgpu") {
      ctx.note(
        "Training with dopri5 reads one number per solver step synchronously, which WebGPU " +
          "does slowly (and a software WebGPU may fail): rk4, or the WebGL or WebAssembly " +
          "backend, trains faster.",
        "warn",
      );
    }
  };
  lrSelect.addEventListener("change", onLr);
  solverSelect.addEventListener("change", onSolver);

  return {
    start: trainer.start,
    pause: trainer.pause,
    async reset() {
      await trainer.stop();
      rebuild(buildOdeNet(0, SOLVERS[solverSelect.value]));
      ctx.setState("paused");
      ctx.status("Reset to the random initialisation: press Resume to train.");
      await plot();
    },
    async loadPretrained() {
      await trainer.stop();
      ctx.setState("starting");
      ctx.status(`Loading the pretrained ${ODENET_MODEL} weights…`);
      const { model: fresh, entry } = await loadPretrainedOdeNet();
      rebuild(fresh);
      ctx.status(`Evaluating on ${officialDigits(mnist.test.length)}…`);
      const shipped = await evaluate(model, mnist, mnist.test);
      // The recipe's fast subset (every FAST_STRIDE-th official test digit) is among them.
      const inFast = mnist.testPositions.map((p) => p % FAST_STRIDE === 0);
      const fastCount = inFast.filter(Boolean).length;
      const fastCorrect = shipped.predictions
        .filter((p, i) => inFast[i] && p === shipped.labels[i]).length;
      const quick = { accuracy: fastCorrect / fastCount, nfe: shipped.nfe };
      const fastMetrics = (entry as { metricsFast?: Record<string, number> }).metricsFast ?? {};
      const expected = fastMetrics["test accuracy"] ?? NaN;
      const expectedNfe = fastMetrics["NFE/forward"] ?? NaN;
      ctx.metric("pretrainedAccuracy", quick.accuracy);
      ctx.metric("pretrainedAccuracyExpected", expected);
      ctx.metric("pretrainedNfe", quick.nfe);
      ctx.metric("pretrainedNfeExpected", expectedNfe);
      ctx.note(
        `Loaded ${ODENET_MODEL}. Accuracy on the recipe's fast subset (every ${FAST_STRIDE}th ` +
          `official test digit, ${fastCount.toLocaleString("en")}): ` +
          `${(100 * quick.accuracy).toFixed(1)} % here, ${(100 * expected).toFixed(1)} % in the ` +
          `weights manifest; NFE per forward pass ${quick.nfe} (manifest ${expectedNfe}).`,
        Math.abs(quick.accuracy - expected) <= 0.001 ? "ok" : "warn",
      );
      const expectedFull = entry.metrics["test accuracy"];
      ctx.metric("pretrainedAccuracyShipped", shipped.accuracy);
      ctx.metric("pretrainedAccuracyFullExpected", expectedFull);
      ctx.note(
        `On ${officialDigits(mnist.test.length)} (every ${MNIST_TEST_STRIDE}th): ` +
          `${(100 * shipped.accuracy).toFixed(2)} % here (${shipped.ms.toFixed(0)} ms); on all ` +
          `${MNIST_TEST_COUNT.toLocaleString("en")} the manifest records ` +
          `${(100 * expectedFull).toFixed(2)} %.`,
        "ok",
      );
      await checkpoint();
      await plot();
      ctx.setState("paused");
      ctx.status("Pretrained weights loaded: press Resume to train on from here.");
    },
    dispose() {
      void trainer.stop();
      lrSelect.removeEventListener("change", onLr);
      solverSelect.removeEventListener("change", onSolver);
      model.dispose();
      optimizer.dispose();
    },
  };
};
