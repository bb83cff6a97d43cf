/**
 * Data of the Van der Pol animation (lecture 1): trajectories from a ring and a grid of initial
 * states for several µ, solved at build time by lib/ (dopri5), stored as integers (×100).
 */
import * as tf from "@tensorflow/tfjs";
import { solve } from "../../../../lib/ode/mod.ts";
import { vanDerPolField } from "../../../../lib/data/vdp.ts";
import { linspace, vdpField } from "../../plots/vdp.ts";
import type { AnimationData } from "./types.ts";

export function vdpAnimationData(mus = [1, 5]): AnimationData {
  const T = 12;
  const dt = 0.05;
  const t = linspace(0, T, Math.round(T / dt) + 1);
  const starts: number[][] = [];
  for (let i = 0; i < 18; i++) {
    const a = (2 * Math.PI * i) / 18;
    const r = i % 2 ? 2.8 : 0.6;
    starts.push([r * Math.cos(a), r * Math.sin(a) * (i % 3 === 0 ? 1.3 : 1)]);
  }
  return {
    dt,
    sets: mus.map((mu) => {
      const yMax = mu > 2 ? 9 : 3.5;
      const field = vdpField(mu, [-3, 3], [-yMax, yMax], 15);
      return {
        mu,
        range: [-3, 3] as [number, number],
        yRange: [-yMax, yMax] as [number, number],
        paths: batchedPaths(mu, starts.map((x0) => [x0[0], x0[1] * (mu > 2 ? 2 : 1)]), t),
        field: field.x.map((x, i) => ({ x, y: field.y[i], u: field.u[i], v: field.v[i] })),
      };
    }),
  };
}

/** All starts as one batched system [K, 2] (one solve); per start, x1/x2 interleaved ×100. */
function batchedPaths(mu: number, starts: number[][], t: number[]): number[][] {
  const { ys } = solve(vanDerPolField(mu), tf.tensor2d(starts), t, { rtol: 1e-6, atol: 1e-8 });
  const all = ys.arraySync() as number[][][];
  ys.dispose();
  return starts.map((_, k) => all.flatMap((row) => row[k].map((v) => Math.round(v * 100))));
}
