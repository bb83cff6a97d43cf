/**
 * Lecture 2 at build time: the noisy Van der Pol data set of the live demo (so every backend
 * trains on identical numbers), the held-out set of the shipped node-vdp model, figures, the
 * shipped model's and sweep's numbers quoted in the prose, and the three-way gradient check.
 */
import type * as Plot from "@observablehq/plot";
import * as tf from "@tensorflow/tfjs";
import { disposeVdpData, makeVdpData } from "../../../../lib/data/vdp.ts";
import { NeuralODE } from "../../../../lib/models/node.ts";
import { odeint } from "../../../../lib/ode/mod.ts";
import { NODE_VDP_CONFIG, VDP_HELD_OUT_SEED } from "../../../../lib/zoo/node_vdp.ts";
import { readRepoFile } from "../../build/repo.ts";
import { buildTf } from "../../build/tf.ts";
import { phasePlot, timeSeriesPlot } from "../../plots/phase.ts";
import { COLORS, PALETTE } from "../../plots/theme.ts";
import { type SensitivityCheck, sensitivityCheck } from "./sensitivity_check.ts";
import { readSweep, sweepCommand, sweepFigure, sweepSummary } from "../../plots/sweep.ts";
import { vdpField } from "../../plots/vdp.ts";
import type { NodeDemoData } from "./types.ts";

const round = (v: number) => Math.round(v * 1e6) / 1e6;
const roundAll = (a: number[][][]) => a.map((r) => r.map((p) => p.map(round)));

let cached: NodeDemoData | undefined;

/** The lecture's data set: 10 trajectories, t ∈ [0, 10], 50 points, σ = 0.1 (lib defaults). */
export function nodeDemoData(): NodeDemoData {
  if (cached) return cached;
  const data = makeVdpData({ seed: 0 });
  const held = makeVdpData({ seed: VDP_HELD_OUT_SEED, count: 10, noiseStd: 0 });
  cached = {
    t: data.t.map(round),
    observed: roundAll(data.observed.arraySync()),
    clean: roundAll(data.clean.arraySync()),
    x0: data.x0.map((p) => p.map(round)),
    heldOut: { seed: VDP_HELD_OUT_SEED, x0: held.x0, clean: roundAll(held.clean.arraySync()) },
  };
  disposeVdpData(data);
  disposeVdpData(held);
  return cached;
}

/** The ten noisy trajectories in the phase plane, and one of them over time. */
export function noisyData(): Plot.PlotOptions[] {
  const d = nodeDemoData();
  const N = d.x0.length;
  const points = d.observed.flatMap((row) => row.map((p, n) => ({ x: p[0], y: p[1], series: n })));
  return [
    phasePlot({
      field: vdpField(1, [-4, 4]),
      fieldColor: "#d5dde6",
      points,
      paths: Array.from({ length: N }, (_, n) => ({
        xs: d.clean.map((row) => row[n]),
        color: PALETTE[n % PALETTE.length],
      })).map((p) => ({ ...p, dash: true })),
      starts: d.x0,
    }),
    timeSeriesPlot({
      t: d.t,
      series: [
        { name: "clean x₁", values: d.clean.map((r) => r[0][0]), color: COLORS.accent },
        { name: "clean x₂", values: d.clean.map((r) => r[0][1]), color: COLORS.warm },
      ],
      points: d.observed.flatMap((r, i) => [
        { t: d.t[i], y: r[0][0], color: COLORS.accent },
        { t: d.t[i], y: r[0][1], color: COLORS.warm },
      ]),
    }),
  ];
}

/** A freshly initialised NODE: its field and the trajectories it gives from the data's x0. */
export function randomInit(): Plot.PlotOptions[] {
  const d = nodeDemoData();
  const model = new NeuralODE({ seed: 0 });
  try {
    const field = model.fieldGrid({ xRange: [-4, 4], yRange: [-4, 4], n: 17 });
    const ys = tf.tidy(() =>
      odeint(model.f, tf.tensor2d(d.x0), d.t, { method: "rk4" }).arraySync() as number[][][]
    );
    return [
      phasePlot({
        field,
        fieldColor: COLORS.purple,
        paths: d.x0.map((_, n) => ({
          xs: ys.map((row) => row[n]),
          color: PALETTE[n % PALETTE.length],
        })),
        starts: d.x0,
        title: "random-init NODE",
      }),
      phasePlot({
        field: vdpField(1, [-4, 4]),
        paths: d.x0.map((_, n) => ({
          xs: d.clean.map((row) => row[n]),
          color: PALETTE[n % PALETTE.length],
        })),
        starts: d.x0,
        title: "true Van der Pol",
      }),
    ];
  } finally {
    model.dispose();
  }
}

/** The node-vdp sweep (activation × training trajectories), when the repository ships one. */
export function nodeVdpSweepFigure(): Plot.PlotOptions {
  return sweepFigure("node-vdp", 3);
}

export function nodeVdpSweepCommand(): string {
  return sweepCommand(
    "node-vdp",
    "deno task sweep node-vdp --grid activation=tanh,elu trajectories=40,120",
  );
}

/** One sentence on the node-vdp sweep's outcome (or on its absence). */
export function nodeVdpSweepSummary(): string {
  return sweepSummary("node-vdp", "held-out RMSE", 3);
}

/** The shipped node-vdp as weights/manifest.json records it, and its recipe's settings. */
export interface NodeVdpShipped {
  heldOutRmse: number;
  /** The recipe's target: held-out RMSE at most this. */
  target: number;
  steps: number;
  trajectories: number;
  /** Trajectories of the live demo's data set. */
  demoTrajectories: number;
}

export function nodeVdpShipped(): NodeVdpShipped {
  const manifest = JSON.parse(readRepoFile("weights/manifest.json") ?? "{}");
  const entry = manifest.models?.["node-vdp"];
  if (!entry) throw new Error('weights/manifest.json has no model "node-vdp"');
  return {
    heldOutRmse: entry.metrics["held-out RMSE"],
    target: entry.targets["held-out RMSE"].max,
    steps: entry.steps,
    trajectories: NODE_VDP_CONFIG.trajectories,
    demoTrajectories: nodeDemoData().x0.length,
  };
}

/** The node-vdp sweep's steps per trial (undefined without a sweep). */
export function nodeVdpSweepSteps(): number | undefined {
  const steps = readSweep("node-vdp")?.trials.find((t) => t.metric !== null)?.settings.steps;
  return typeof steps === "number" ? steps : undefined;
}

/**
 * The sweep's selection metric for each activation at each trajectory count, as a sentence
 * ("with 40 trajectories, tanh 0.235 and elu 0.222; …"), or undefined without a sweep.
 */
export function nodeVdpSweepContrast(): string | undefined {
  const sweep = readSweep("node-vdp");
  if (!sweep) return undefined;
  const done = sweep.trials.filter((t) => t.metric !== null);
  const counts = [...new Set(done.map((t) => Number(t.settings.trajectories)))].sort((a, b) =>
    a - b
  );
  const parts = counts.map((n) => {
    const cells = done
      .filter((t) => Number(t.settings.trajectories) === n)
      .map((t) => `${t.settings.activation} ${t.metric!.toFixed(3)}`);
    return `with ${n} trajectories, ${cells.join(" and ")}`;
  });
  return `${sweep.metric}: ${parts.join("; ")}`;
}

/** The three-way gradient check (sensitivity_check.ts) on the cpu backend, computed once. */
export async function gradientCheck(): Promise<SensitivityCheck> {
  await buildTf();
  return sensitivityCheck();
}
