/// <reference path="../../env.d.ts" />
/**
 * Runtime of the Neural ODE training demo (lecture 2): see NodeTraining.astro.
 * Every step is asynchronous — the loss is read with `await data()`, never `dataSync()` — and
 * the loop yields a frame between steps, so the page stays responsive on every backend.
 */
import { setLearningRate } from "../../../../lib/train/learning_rate.ts";
import { tf } from "../../core/backend.ts";
import { NeuralODE } from "../../../../lib/models/node.ts";
import {
  NODE_DEMO_SOLVER,
  nodeDemoStep,
  nodeWindowStep,
} from "../../../../lib/zoo/steps/node_vdp.ts";
import { Rng } from "../../../../lib/prob/random.ts";
import type { NodeDemoData } from "./types.ts";
import { phasePlot } from "../../plots/phase.ts";
import { COLORS, PALETTE, sci } from "../../plots/theme.ts";
import type { CreateRuntime, ProbeRuntime } from "../../core/shell.ts";
import { type LiveTraining, liveTraining, Throttle } from "../../core/live_training.ts";
import { draw, drawLossCurve, type LossPoint } from "../../core/plot_live.ts";
import { NODE_VDP, nodeVdpSolver } from "../../../../lib/zoo/node_vdp.ts";
import { loadShipped, shippedModel } from "../../core/weights.ts";
import { adam } from "../../../../lib/train/fused_adam.ts";

const SOLVER = NODE_DEMO_SOLVER;
const GRID = 15;

/** The field on a grid, read asynchronously. */
async function fieldGrid(model: NeuralODE) {
  const xs: number[] = [];
  const ys: number[] = [];
  for (let j = 0; j < GRID; j++) {
    for (let i = 0; i < GRID; i++) {
      xs.push(-4 + (8 * i) / (GRID - 1));
      ys.push(-4 + (8 * j) / (GRID - 1));
    }
  }
  const uv = tf.tidy(() => model.f(0, tf.stack([tf.tensor1d(xs), tf.tensor1d(ys)], 1)));
  const values = (await uv.array()) as number[][];
  uv.dispose();
  return { x: xs, y: ys, u: values.map((r) => r[0]), v: values.map((r) => r[1]) };
}

/** Trajectories of the model from x0 at times t, read asynchronously: [T][N][2]. */
async function trajectories(model: NeuralODE, x0: number[][], t: number[]) {
  // predict, not odeint: on webgpu it is one fused kernel instead of ~1,000 (lib/nn/fused_rk).
  const ys = tf.tidy(() => model.predict(tf.tensor2d(x0), t, SOLVER));
  const out = (await ys.array()) as number[][][];
  ys.dispose();
  return out;
}

/** The same step with the page's data and settings, nothing drawn ("auto" times it). */
export const probe: ProbeRuntime = (root) => {
  const data = JSON.parse(root.querySelector('[data-role="data"]')!.textContent!) as NodeDemoData;
  const setting = (name: string) =>
    Number(root.querySelector<HTMLSelectElement>(`[name="${name}"]`)!.value);
  return nodeDemoStep(data, { lr: setting("lr"), window: setting("window") });
};

export const create: CreateRuntime = (ctx) => {
  const root = ctx.root;
  const data = JSON.parse(
    root.querySelector('[data-role="data"]')!.textContent!,
  ) as NodeDemoData;
  const lrSelect = root.querySelector<HTMLSelectElement>('[name="lr"]')!;
  const windowSelect = root.querySelector<HTMLSelectElement>('[name="window"]')!;
  const fieldBox = root.querySelector<HTMLElement>('[data-plot="field"]')!;
  const lossBox = root.querySelector<HTMLElement>('[data-plot="loss"]')!;
  const observed = tf.tensor3d(data.observed) as tf.Tensor3D;
  const points = data.observed.flatMap((row) =>
    row.map((p, n) => ({ x: p[0], y: p[1], series: n }))
  );

  let model = new NeuralODE({ seed: 0, solver: SOLVER });
  let optimizer = adam(Number(lrSelect.value));
  let rng = new Rng(1);
  let losses: LossPoint[] = [];
  let label = "random initialisation";

  // Keep plotting under ~20% of the time: the field costs a 50-point solve of 10 series.
  const plotting = new Throttle(250);
  const fieldPlotting = new Throttle(500, 4);
  /** The loss curve (cheap) and, when `field`, the learned field and trajectories (costly). */
  const redraw = (field = true) =>
    plotting.run(async () => {
      if (field) await drawField();
      drawLoss();
    });
  const drawField = () =>
    fieldPlotting.run(async () => {
      const [field, traj] = await Promise.all([
        fieldGrid(model),
        trajectories(model, data.x0, data.t),
      ]);
      draw(
        fieldBox,
        phasePlot({
          field,
          fieldColor: COLORS.purple,
          points,
          paths: data.x0.map((_, n) => ({
            xs: traj.map((row) => row[n]),
            color: PALETTE[n % PALETTE.length],
          })),
          starts: data.x0,
          width: 400,
          title: label,
        }),
      );
      fieldBox.classList.remove("placeholder");
    });
  const drawLoss = () => {
    drawLossCurve(lossBox, losses, {
      width: 400,
      height: 300,
      y: { type: "log", label: "training loss (MSE)", tickFormat: "~e" },
      k: 20,
      empty: "press Start",
    });
  };

  const trainStep = async () => {
    const length = Number(windowSelect.value);
    const T = data.t.length;
    const start = rng.int(T - length);
    const t0 = performance.now();
    // A mine build trains through the kit's optimizerStep (task 6.3): the learner's when done.
    const step = import.meta.env.MINE
      ? (await import("../../mine/node_step.runtime.ts")).mineNodeWindowStep
      : nodeWindowStep;
    const loss = await step(model, optimizer, observed, data.t, start, length);
    return { loss, ms: performance.now() - t0 };
  };

  const trainer: LiveTraining = liveTraining({
    ctx,
    trainStep,
    describe: (_, r) => `loss ${sci(r.loss, 2)}`,
    async afterStep(step, r) {
      losses.push({ step, loss: r.loss });
      label = `after ${step} steps`;
      if (plotting.due) await redraw(fieldPlotting.due);
    },
    afterRun: () => redraw(),
  });

  const rebuild = () => {
    model.dispose();
    optimizer.dispose();
    model = new NeuralODE({ seed: 0, solver: SOLVER });
    optimizer = adam(Number(lrSelect.value));
    rng = new Rng(1);
    losses = [];
    trainer.restart();
    label = "random initialisation";
  };

  const onLr = () => {
    setLearningRate(optimizer, Number(lrSelect.value));
  };
  lrSelect.addEventListener("change", onLr);

  return {
    start: trainer.start,
    pause: trainer.pause,
    async reset() {
      await trainer.stop();
      rebuild();
      ctx.setState("paused");
      ctx.status("Reset to the random initialisation.");
      await redraw();
    },
    async loadPretrained() {
      await trainer.stop();
      ctx.setState("starting");
      ctx.status("Loading the pretrained node-vdp weights…");
      const entry = await shippedModel("node-vdp");
      const { hidden, activation } = NODE_VDP.config;
      rebuild();
      model.dispose();
      // The shipped architecture (widths, activation, rk4 step) is the preset's, with the
      // page's solver settings (no finiteness check).
      const solver = { ...SOLVER, ...nodeVdpSolver(NODE_VDP.config) };
      model = new NeuralODE({ hidden, activation, seed: 0, solver });
      await loadShipped(model, "node-vdp");
      // The manifest's held-out metric: RMSE of the model's trajectories from 10 new initial
      // states against the exact solution on the same grid (scripts/recipes/node_vdp.ts).
      const pred = await trajectories(model, data.heldOut.x0, data.t);
      let sq = 0;
      let count = 0;
      pred.forEach((row, i) =>
        row.forEach((p, n) =>
          p.forEach((v, k) => {
            sq += (v - data.heldOut.clean[i][n][k]) ** 2;
            count++;
          })
        )
      );
      const rmse = Math.sqrt(sq / count);
      const expected = entry.metrics["held-out RMSE"];
      ctx.metric("rmse", rmse);
      ctx.metric("rmseExpected", expected);
      label = "pretrained (node-vdp)";
      ctx.note(
        `Loaded node-vdp (MLP 2→${hidden.join("→")}→2, ${activation}). ` +
          `Held-out RMSE here: ${rmse.toFixed(4)}; the manifest says ${expected.toFixed(4)}.`,
        Math.abs(rmse - expected) < 0.01 * Math.max(expected, 0.01) + 1e-3 ? "ok" : "warn",
      );
      ctx.setState("paused");
      ctx.status("Pretrained weights loaded: press Resume to keep training from here.");
      await redraw();
    },
    dispose() {
      void trainer.stop();
      lrSelect.removeEventListener("change", onLr);
      model.dispose();
      optimizer.dispose();
      observed.dispose();
    },
  };
};
