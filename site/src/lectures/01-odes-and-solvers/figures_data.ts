/**
 * The measurements behind lecture 1's figures and the numbers its prose quotes, as plain numbers
 * (each computed once per process). lecture1.ts draws them; the page interpolates them;
 * tests/site_units/lecture1_units_test.ts checks the claims the page makes about them. No Plot, no
 * Astro here.
 */
import type { MethodName } from "../../../../lib/ode/mod.ts";
import type { StepTrial } from "../../../../lib/ode/stats.ts";
import { tracedSolve } from "./stiffness.ts";
import {
  ADAPTIVE_METHODS,
  distance,
  FIXED_METHODS,
  linspace,
  vdpReference,
  vdpRun,
} from "../../plots/vdp.ts";

function once<T>(compute: () => T): () => T {
  let value: { v: T } | undefined;
  return () => (value ??= { v: compute() }).v;
}

/** Errors below this are float32 round-off, not the method's (plotted at this floor). */
export const ERROR_FLOOR = 1e-7;

// ---------------------------------------------------------------------------------------------
// Figure 1.4: Euler's tangent steps, µ = 1 from (1, 0) on t ∈ [0, 6]

export const EULER = { T: 6, steps: [0.4, 0.2] };

export const eulerData = once(() => {
  const fine = linspace(0, EULER.T, 300);
  const exact = vdpReference(1, [1, 0], fine);
  const runs = EULER.steps.map((h) => {
    const grid = linspace(0, EULER.T, Math.round(EULER.T / h) + 1);
    const xs = vdpRun(1, [1, 0], grid, { method: "euler" }).xs;
    return { h, grid, xs, errEnd: distance(xs[xs.length - 1], exact[exact.length - 1]) };
  });
  return { fine, exact, runs };
});

// ---------------------------------------------------------------------------------------------
// Figure 1.5: global error at t = 5 against the step size

export const CONVERGENCE = { T: 5, steps: [0.4, 0.2, 0.1, 0.05, 0.025] };

export interface ConvergenceRow {
  h: number;
  err: number;
  method: MethodName;
}

export const convergenceRows = once((): ConvergenceRow[] => {
  const ref = vdpReference(1, [1, 0], [0, CONVERGENCE.T])[1];
  const rows: ConvergenceRow[] = [];
  for (const method of FIXED_METHODS) {
    for (const h of CONVERGENCE.steps) {
      const run = vdpRun(1, [1, 0], [0, CONVERGENCE.T], { method, stepSize: h });
      rows.push({ h, err: distance(run.xs[1], ref), method });
    }
  }
  return rows;
});

/** Errors below this are left out of the observed orders: float32 round-off sets them. */
export const ORDER_FLOOR = 1e-5;

/**
 * The observed order of each method: the slope of log(error) against log(h) between the two
 * smallest steps whose errors are above `floor` — the small-step end, where the error behaves
 * like C·h^p, but above the round-off of float32 (in the solver and in the float32 reference).
 */
export function observedOrders(
  rows: ConvergenceRow[] = convergenceRows(),
  floor = ORDER_FLOOR,
): Record<string, { order: number; from: number; to: number }> {
  const out: Record<string, { order: number; from: number; to: number }> = {};
  for (const method of FIXED_METHODS) {
    const pts = rows.filter((r) => r.method === method && r.err > floor)
      .sort((a, b) => a.h - b.h);
    const [small, next] = pts;
    out[method] = {
      order: Math.log(next.err / small.err) / Math.log(next.h / small.h),
      from: next.h,
      to: small.h,
    };
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Figure 1.6: the steps dopri5 takes on µ = 5

export const DOPRI5_TRACE = { mu: 5, x0: [-2, 3], T: 15, rtol: 1e-5, atol: 1e-7, samples: 300 };

export const dopri5Trace = once(() => {
  const { mu, x0, T, rtol, atol, samples } = DOPRI5_TRACE;
  const t = linspace(0, T, samples);
  const run = tracedSolve(mu, x0, t, rtol, atol);
  const accepted = run.trials.filter((s: StepTrial) => s.accepted).map((s) => s.dt);
  return {
    t,
    xs: run.xs,
    trials: run.trials,
    stats: run.stats,
    minStep: Math.min(...accepted),
    maxStep: Math.max(...accepted),
  };
});

// ---------------------------------------------------------------------------------------------
// Figure 1.7: tolerance ↔ cost for the adaptive pairs (atol = rtol / 10), µ = 1, t ∈ [0, 15]

export const SWEEP = { T: 15, rtols: [1e-2, 1e-3, 1e-4, 1e-5, 1e-6, 1e-7] };

export interface SweepRow {
  rtol: number;
  nfe: number;
  err: number;
  method: MethodName;
}

export const toleranceRows = once((): SweepRow[] => {
  const ref = vdpReference(1, [1, 0], [0, SWEEP.T])[1];
  const rows: SweepRow[] = [];
  for (const method of ADAPTIVE_METHODS) {
    for (const rtol of SWEEP.rtols) {
      const run = vdpRun(1, [1, 0], [0, SWEEP.T], { method, rtol, atol: rtol / 10 });
      rows.push({ rtol, nfe: run.nfe, err: distance(run.xs[1], ref), method });
    }
  }
  return rows;
});

/** The method with the fewest evaluations at a tolerance. */
export function cheapestAt(rtol: number, rows: SweepRow[] = toleranceRows()): SweepRow {
  return rows.filter((r) => r.rtol === rtol).reduce((a, b) => (b.nfe < a.nfe ? b : a));
}

// ---------------------------------------------------------------------------------------------
// Dense output: the step-for-step comparison with torchdiffeq (its fixture's problem)

export const TORCHDIFFEQ_CASE = { mu: 1, x0: [1, 0], T: 15, points: 500, rtol: 1e-3, atol: 1e-4 };

export const torchdiffeqCase = once(() => {
  const { mu, x0, T, points, rtol, atol } = TORCHDIFFEQ_CASE;
  const { nfe, accepted, rejected } = vdpRun(mu, x0, linspace(0, T, points), { rtol, atol });
  return { nfe, accepted, rejected };
});
