/**
 * Lecture 8 at build time: the crossing toy's settings for the live demo (from the anode-toy
 * recipe, so the page reproduces the manifest's numbers with the same data and protocol), the
 * manifest's metrics for the prose, and the figure "1-D flows cannot cross; augmented ones can"
 * (an analytic 1-D ODE next to the shipped ANODE, cpu backend).
 */
import type * as Plot from "@observablehq/plot";
import * as PlotLib from "@observablehq/plot";
import * as tf from "@tensorflow/tfjs";
import { readFileSync } from "node:fs";
import { disposeCrossingData, makeCrossingData } from "../../../../lib/data/crossing.ts";
import type { ModelEntry } from "../../../../lib/io/manifest.ts";
import { loadModuleWeights } from "../../../../lib/io/weights.ts";
import { AugmentedNODE } from "../../../../lib/models/anode.ts";
import { odeint } from "../../../../lib/ode/mod.ts";
import {
  ANODE_HELD_OUT_SEED,
  ANODE_TOY_CONFIG,
  PLAIN_NODE_SEED,
} from "../../../../lib/zoo/anode_toy.ts";
import { repoPath } from "../../build/repo.ts";
import { BASE, COLORS } from "../../plots/theme.ts";
import type { AnodeDemoData } from "./types.ts";

type ManifestEntry = ModelEntry;

function manifestEntry(): ManifestEntry {
  const manifest = JSON.parse(readFileSync(repoPath("weights/manifest.json"), "utf8"));
  return manifest.models["anode-toy"];
}

/** Starting points of the 1-D flow in Figure 8.1. */
const ONE_D_STARTS = 25;

/**
 * The manifest's held-out MSEs for the prose: the shipped ANODE's, the plain NODE's of the
 * recipe's full evaluation, and the plain NODE's of its fast evaluation (`plainFast`), which is
 * the protocol the live demo's "Load pretrained weights" repeats and compares with.
 */
export function anodeMetrics(): { anode: number; plain: number; plainFast: number } {
  const { metrics, metricsFast } = manifestEntry();
  return {
    anode: metrics["ANODE MSE"],
    plain: metrics["plain NODE MSE"],
    plainFast: metricsFast["plain NODE MSE"],
  };
}

/** The toy's sizes for the prose: training points, extra dimensions, starts in Figure 8.1. */
export function anodeToyFacts(): { trainPoints: number; augmentDims: number; oneDStarts: number } {
  return {
    trainPoints: 2 * ANODE_TOY_CONFIG.perSide,
    augmentDims: ANODE_TOY_CONFIG.augmentDims,
    oneDStarts: ONE_D_STARTS,
  };
}

export function anodeDemoData(): AnodeDemoData {
  const c = ANODE_TOY_CONFIG;
  return {
    hidden: c.hidden,
    augmentDims: c.augmentDims,
    stepSize: 0.1,
    frames: 21,
    train: { perSide: c.perSide, jitter: c.jitter, seed: 0 },
    anodeSeed: 0,
    plainSeed: PLAIN_NODE_SEED,
    heldOut: { perSide: 50, seed: ANODE_HELD_OUT_SEED },
    plainProtocol: {
      steps: c.plainStepsFast,
      perSide: 8,
      testPerSide: 10,
      lr: c.lr,
      lrEnd: c.lrEnd,
    },
  };
}

const linspace = (a: number, b: number, n: number) =>
  Array.from({ length: n }, (_, i) => a + ((b - a) * i) / (n - 1));

/**
 * Left: a 1-D ODE, dx/dt = sin(3x) − x/2 (any field would do), from 25 starts: trajectories
 * approach each other but never cross. Middle and right: the shipped ANODE on held-out points —
 * its first coordinate crosses, and in the (x, a₁) plane the same paths pass each other.
 */
export async function crossingFigure(): Promise<Plot.PlotOptions[]> {
  const times = linspace(0, 1, 41);
  const starts = linspace(-1.5, 1.5, ONE_D_STARTS);
  const field = (_t: number, y: tf.Tensor) =>
    tf.tidy(() => tf.sub(tf.sin(tf.mul(y, 3)), tf.mul(y, 0.5)));
  const oneD = tf.tidy(() =>
    odeint(field, tf.tensor2d(starts, [starts.length, 1]), times, {
      method: "rk4",
      stepSize: 0.025,
    }).arraySync() as number[][][]
  );
  const model = new AugmentedNODE({
    augmentDims: ANODE_TOY_CONFIG.augmentDims,
    hidden: ANODE_TOY_CONFIG.hidden,
    seed: 0,
  });
  const read = (path: string) => Promise.resolve(new Uint8Array(readFileSync(path)));
  await loadModuleWeights(model, repoPath("weights/anode-toy"), "anode-toy", read);
  const test = makeCrossingData({
    perSide: 6,
    jitter: ANODE_TOY_CONFIG.jitter,
    seed: ANODE_HELD_OUT_SEED,
  });
  const x0 = test.x.arraySync() as number[][];
  const traj = tf.tidy(() => model.trajectories(test.x, times).arraySync() as number[][][]);
  disposeCrossingData(test);
  model.field.dispose();

  const side = (x: number) => (x < 0 ? "starts near −1" : "starts near +1");
  const oneDRows = starts.flatMap((s, i) =>
    times.map((t, k) => ({ t, x: oneD[k][i][0], id: i, side: side(s) }))
  );
  const anodeRows = x0.flatMap((s, i) =>
    times.map((t, k) => ({
      t,
      x: traj[k][i][0],
      a1: traj[k][i][1],
      id: i,
      side: side(s[0]),
    }))
  );
  const color = {
    domain: ["starts near −1", "starts near +1"],
    range: [COLORS.accent, COLORS.warm],
  };
  const common = { ...BASE, width: 260, height: 260, color };
  return [
    {
      ...common,
      caption: "a 1-D ODE: trajectories never cross",
      x: { label: "t", grid: true },
      y: { label: "x(t)", grid: true },
      marks: [
        PlotLib.line(oneDRows, { x: "t", y: "x", z: "id", stroke: "side", strokeWidth: 1.3 }),
      ],
    },
    {
      ...common,
      caption: "ANODE: its first coordinate crosses",
      x: { label: "t", grid: true },
      y: { label: "x(t)", grid: true, domain: [-1.6, 1.6] },
      color: { ...color, legend: true },
      marks: [
        PlotLib.ruleY([-1, 1], { stroke: "#dde2e8" }),
        PlotLib.line(anodeRows, { x: "t", y: "x", z: "id", stroke: "side", strokeWidth: 1.6 }),
      ],
    },
    {
      ...common,
      caption: "ANODE in the plane (x, a₁): room to pass",
      x: { label: "x", grid: true },
      y: { label: "a₁ (an extra dimension)", grid: true },
      marks: [
        PlotLib.line(anodeRows, { x: "x", y: "a1", z: "id", stroke: "side", strokeWidth: 1.6 }),
        PlotLib.dot(anodeRows.filter((r) => r.t === 0), {
          x: "x",
          y: "a1",
          r: 3,
          fill: "white",
          stroke: COLORS.ink,
        }),
      ],
    },
  ];
}
