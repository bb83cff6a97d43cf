/**
 * Runtime of the CNF training demo (lecture 7): see CnfTraining.astro. The model trains in a
 * worker (cnf_worker.ts) on the backend the page picked, so the page never blocks, even
 * on the CPU backend where one step is a second of synchronous work. This side draws: the density
 * heatmap, the loss curves, and the flow animation of the latest samples.
 */
import type { CnfDemoData } from "./types.ts";
import { BASE, COLORS, sci } from "../../plots/theme.ts";
import type { CreateRuntime, ProbeRuntime } from "../../core/shell.ts";
import { draw, drawLossCurve, type LossPoint, Plot } from "../../core/plot_live.ts";
import { TrainingWorkerPage } from "../../core/training_worker.ts";
import { createFlowPlayer } from "./flow_player.ts";
// Types only: the worker module itself runs in the worker (importing values would run it here).
import type { CnfProtocol, DatasetName, Settings, Snapshot } from "./cnf_worker.ts";

/**
 * The worker's step with the page's data and settings, here on the main thread ("auto" times it
 * before the worker starts on the backend it picks). Imported on demand: this side has no tfjs.
 */
export const probe: ProbeRuntime = async (root) => {
  const { cnfDemoStep } = await import("../../../../lib/zoo/steps/cnf_toy.ts");
  const cfg = JSON.parse(root.querySelector('[data-role="data"]')!.textContent!) as CnfDemoData;
  const value = (name: string) => root.querySelector<HTMLSelectElement>(`[name="${name}"]`)!.value;
  return cnfDemoStep(cfg, {
    dataset: value("dataset") as DatasetName,
    trace: value("trace") as Settings["trace"],
    batch: Number(value("batch")),
    lr: Number(value("lr")),
  });
};

export const create: CreateRuntime = async (ctx) => {
  const root = ctx.root;
  const cfg = JSON.parse(root.querySelector('[data-role="data"]')!.textContent!) as CnfDemoData;
  const select = (name: string) => root.querySelector<HTMLSelectElement>(`[name="${name}"]`)!;
  const datasetSelect = select("dataset");
  const traceSelect = select("trace");
  const batchSelect = select("batch");
  const lrSelect = select("lr");
  const densityBox = root.querySelector<HTMLElement>('[data-plot="density"]')!;
  const lossBox = root.querySelector<HTMLElement>('[data-plot="loss"]')!;
  const flowCanvas = root.querySelector<HTMLCanvasElement>('[data-plot="flow"] canvas')!;
  const flowTime = root.querySelector<HTMLElement>('[data-role="flow-time"]')!;
  const player = createFlowPlayer(flowCanvas, (t) => {
    flowTime.textContent = `samples at t = ${t.toFixed(2)}`;
  });

  const settings = (): Settings => ({
    dataset: datasetSelect.value as DatasetName,
    trace: traceSelect.value as Settings["trace"],
    batch: Number(batchSelect.value),
    lr: Number(lrSelect.value),
  });

  let losses: LossPoint[] = [];
  let evals: { step: number; nll: number }[] = [];
  let msPerStep = 0;
  let lastLossDraw = 0;
  let label = "random initialisation";
  let dataset = settings().dataset;
  let backendName = ctx.backend;

  const worker = new TrainingWorkerPage<CnfProtocol>(
    ctx,
    new Worker(new URL("./cnf_worker.ts", import.meta.url), { type: "module" }),
  );

  const drawDensity = (grid: Float32Array, points: Float32Array) => {
    const [x0, x1, y0, y1] = cfg.boxes[dataset];
    const shown = Array.from({ length: points.length / 2 }, (_, i) => [
      points[2 * i],
      points[2 * i + 1],
    ]);
    draw(densityBox, {
      ...BASE,
      width: 360,
      height: Math.round((360 * (y1 - y0)) / (x1 - x0)),
      caption: label,
      x: { domain: [x0, x1], label: "x₁" },
      y: { domain: [y0, y1], label: "x₂" },
      color: { scheme: "blues", type: "sqrt" },
      marks: [
        Plot.raster(Array.from(grid, Math.exp), {
          width: cfg.grid,
          height: cfg.grid,
          x1: x0,
          x2: x1,
          y1: y0,
          y2: y1,
        }),
        Plot.dot(shown, {
          x: (d: number[]) => d[0],
          y: (d: number[]) => d[1],
          r: 1,
          fill: COLORS.warm,
          fillOpacity: 0.35,
        }),
        Plot.frame({ stroke: "#dde2e8" }),
      ],
    });
    densityBox.classList.remove("placeholder");
  };

  const drawLoss = () => {
    const last = Math.max(10, ...losses.map((l) => l.step), ...evals.map((e) => e.step));
    drawLossCurve(lossBox, losses, {
      width: 360,
      height: 300,
      y: { label: "−log p(x), nats per point", nice: true },
      plot: {
        x: { label: "step", grid: true, domain: [0, last] },
        color: {
          domain: ["training batch", "held-out (256 points)"],
          range: [COLORS.accent, COLORS.warm],
          legend: true,
        },
      },
      rawOpacity: 0.45,
      empty: null,
      marks: [Plot.dot(evals, { x: "step", y: "nll", fill: COLORS.warm, r: 3.5 })],
    });
    lastLossDraw = performance.now();
  };

  const showSnapshot = (s: Snapshot) => {
    evals.push({ step: s.step, nll: -s.heldOutLL });
    ctx.metric("heldOutLL", s.heldOutLL);
    drawDensity(s.grid, s.points);
    drawLoss();
    const n = cfg.flowSamples;
    const frames = s.times.map((_, k) => s.flow.subarray(2 * n * k, 2 * n * (k + 1)));
    const first = frames[0];
    const last = frames[frames.length - 1];
    // Colour: the circle a sample ends on, or (other data) the half it starts in.
    const outer = Array.from(
      { length: n },
      (_, i) =>
        dataset === "circles"
          ? Number(Math.hypot(last[2 * i], last[2 * i + 1]) > 0.75)
          : Number(first[2 * i] > 0),
    );
    const extent = Math.max(2.6, ...cfg.boxes[dataset].map(Math.abs));
    player.show({ times: s.times, frames, outer, extent });
  };

  let onPretrained: ((m: { ll: number; expected: number }) => void) | undefined;

  const onMessage = (msg: CnfProtocol["fromWorker"]) => {
    switch (msg.type) {
      case "step":
        losses.push({ step: msg.step, loss: msg.loss });
        msPerStep = msPerStep ? 0.8 * msPerStep + 0.2 * msg.ms : msg.ms;
        ctx.progress(msg.step, msg.loss);
        label = `after ${msg.step} steps`;
        ctx.status(
          `step ${msg.step} · −log p ${sci(msg.loss, 3)} · ` +
            `${msPerStep.toFixed(0)} ms/step on ${backendName} (in a worker)`,
        );
        if (performance.now() - lastLossDraw > 250) drawLoss();
        return;
      case "snapshot":
        showSnapshot(msg.snapshot);
        return;
      case "pretrained":
        onPretrained?.(msg);
        return;
    }
  };
  backendName = await worker.connect({ cfg, settings: settings() }, onMessage);
  if (backendName !== ctx.backend) {
    ctx.note(`Training runs on ${backendName} in a background worker.`, "warn");
  }

  /** Forgets the curves of the model being replaced (its late messages are dropped). */
  const forget = (name: string) => {
    losses = [];
    evals = [];
    label = name;
  };
  const onSettings = () => {
    const next = settings();
    if (next.dataset !== dataset) {
      dataset = next.dataset;
      forget("random initialisation");
      worker.send({ type: "settings", settings: next, generation: worker.nextGeneration() });
      ctx.status(`New data set (${dataset}): the model was reset. Press Start or Resume to train.`);
    } else {
      worker.send({ type: "settings", settings: next, generation: worker.generation });
    }
  };
  for (const s of [datasetSelect, traceSelect, batchSelect, lrSelect]) {
    s.addEventListener("change", onSettings);
  }

  return {
    start() {
      if (worker.start() && losses.length === 0) ctx.status("Evaluating the initial model…");
    },
    pause: () => worker.pause(),
    async reset() {
      forget("random initialisation");
      await worker.replace("reset", { settings: settings() });
      ctx.status("Reset to the random initialisation.");
    },
    async loadPretrained() {
      ctx.setState("starting");
      ctx.status("Loading the pretrained cnf-circles weights and evaluating them…");
      datasetSelect.value = "circles";
      dataset = "circles";
      forget("pretrained (cnf-circles)");
      const result = new Promise<{ ll: number; expected: number }>((resolve) => {
        onPretrained = resolve;
      });
      await worker.replace("pretrained", { settings: settings() });
      const { ll, expected } = await result;
      const gaussian = cfg.heldOut.gaussian;
      ctx.metric("testLL", ll);
      ctx.metric("testLLExpected", expected);
      ctx.metric("gaussianLL", gaussian);
      ctx.note(
        `Loaded cnf-circles. Held-out log-likelihood on the manifest's 256 test points: ` +
          `${ll.toFixed(4)} nats/point here, ${expected.toFixed(4)} in the manifest; a Gaussian ` +
          `fitted to the training data gets ${gaussian.toFixed(4)} — the flow is ` +
          `${(ll - gaussian).toFixed(2)} nats/point better.`,
        Math.abs(ll - expected) < 0.01 ? "ok" : "warn",
      );
      ctx.status("Pretrained weights loaded: press Resume to keep training from here.");
    },
    dispose() {
      worker.dispose();
      player.dispose();
      for (const s of [datasetSelect, traceSelect, batchSelect, lrSelect]) {
        s.removeEventListener("change", onSettings);
      }
    },
  };
};
