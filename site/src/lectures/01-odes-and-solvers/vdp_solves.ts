/// <reference path="../../env.d.ts" />
/** Van der Pol solves for the solver demos: plain numbers out, errors that explain themselves. */
import { tf } from "../../core/backend.ts";
import { OdeError, solveAsync, type SolveOptions } from "../../../../lib/ode/mod.ts";
import { vanDerPolField } from "../../../../lib/data/vdp.ts";
import { linspace } from "../../../../lib/data/linspace.ts";
import { vectorFieldGrid } from "../../../../lib/models/node.ts";

export { linspace };

export interface VdpSolve {
  xs: number[][];
  nfe: number;
  accepted: number;
  rejected: number;
  ms: number;
}

/**
 * One solve; an OdeError (blow-up, step budget) comes back as `failure`, not as a throw. Reads
 * are awaited (solveAsync), so an adaptive method on WebGPU does not block the page. In a mine
 * build (`deno task start --mine`) the solve runs lecture 1's plain solver, whose pieces the
 * learner writes, unless `library` asks for the production solver (the reference).
 */
export async function solveVdp(
  mu: number,
  x0: number[],
  t: number[],
  options: SolveOptions,
  library = false,
): Promise<VdpSolve | { failure: string }> {
  const start = performance.now();
  const y0 = tf.tensor1d(x0);
  try {
    const settings = { maxSteps: 20_000, ...options };
    const { ys, stats } = import.meta.env.MINE && !library
      ? (await import("../../mine/plain_solve.runtime.ts")).plainSolve(
        vanDerPolField(mu),
        y0,
        t,
        settings,
      )
      : await solveAsync(vanDerPolField(mu), y0, t, settings);
    const xs = (await ys.array()) as number[][];
    ys.dispose();
    return { xs, ...stats, ms: performance.now() - start };
  } catch (error) {
    if (error instanceof OdeError) return { failure: error.message };
    throw error;
  } finally {
    y0.dispose();
  }
}

/** The reference (dopri5 at rtol 1e-9) that errors are measured against, cached per problem. */
const refs = new Map<string, number[][]>();
export async function referenceVdp(mu: number, x0: number[], t: number[]): Promise<number[][]> {
  const key = `${mu}|${x0}|${t.length}|${t[t.length - 1]}`;
  let xs = refs.get(key);
  if (!xs) {
    const r = await solveVdp(mu, x0, t, {
      method: "dopri5",
      rtol: 1e-9,
      atol: 1e-11,
      maxSteps: 100_000,
    }, true);
    if ("failure" in r) throw new Error(r.failure);
    xs = r.xs;
    if (refs.size > 20) refs.clear();
    refs.set(key, xs);
  }
  return xs;
}

export function vdpFieldGrid(mu: number, xRange: [number, number], yRange: [number, number]) {
  return vectorFieldGrid(vanDerPolField(mu), { xRange, yRange, n: 17 });
}

/** Largest distance between two trajectories over all times. */
export function maxError(a: number[][], b: number[][]): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    m = Math.max(m, Math.hypot(a[i][0] - b[i][0], a[i][1] - b[i][1]));
  }
  return m;
}

/** Axis range that fits a trajectory (at least ±3, symmetric). */
export function fitRange(xs: number[][], k: 0 | 1): [number, number] {
  const m = Math.max(3, ...xs.map((x) => Math.abs(x[k])).filter(Number.isFinite));
  const r = Math.min(Math.ceil(m * 1.1), 20);
  return [-r, r];
}
