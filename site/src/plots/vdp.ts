/** Van der Pol helpers shared by build-time figures: solves and field grids as plain numbers. */
import * as tf from "@tensorflow/tfjs";
import { type MethodName, solve, type SolveOptions } from "../../../lib/ode/mod.ts";
import { vanDerPolField } from "../../../lib/data/vdp.ts";
import { linspace } from "../../../lib/data/linspace.ts";
import { vectorFieldGrid } from "../../../lib/models/node.ts";
import type { Field } from "./phase.ts";

export { linspace };

export interface Run {
  xs: number[][];
  nfe: number;
  accepted: number;
  rejected: number;
}

/** VDP(µ) from x0 at times t with the given solver options; plain numbers out. */
export function vdpRun(mu: number, x0: number[], t: number[], options: SolveOptions): Run {
  const { ys, stats } = solve(vanDerPolField(mu), tf.tensor1d(x0), t, options);
  const xs = ys.arraySync() as number[][];
  ys.dispose();
  return { xs, ...stats };
}

/** A near-exact reference (dopri5 at tight tolerances; float32 limits it to ~1e-6). */
export function vdpReference(mu: number, x0: number[], t: number[]): number[][] {
  return vdpRun(mu, x0, t, { method: "dopri5", rtol: 1e-9, atol: 1e-11 }).xs;
}

export function vdpField(mu: number, range: [number, number], yRange = range, n = 17): Field {
  return vectorFieldGrid(vanDerPolField(mu), { xRange: range, yRange, n });
}

/** Euclidean distance between two states. */
export function distance(a: number[], b: number[]): number {
  return Math.hypot(a[0] - b[0], a[1] - b[1]);
}

export const FIXED_METHODS: MethodName[] = ["euler", "midpoint", "heun", "rk4"];
export const ADAPTIVE_METHODS: MethodName[] = ["bosh3", "dopri5", "tsit5"];
