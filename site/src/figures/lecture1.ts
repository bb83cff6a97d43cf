/**
 * Static figures of lecture 1, computed at build time with lib/ (cpu backend) and drawn by
 * Observable Plot. Each export returns Plot options for <PlotFigure>.
 */
import * as Plot from "@observablehq/plot";
import * as tf from "@tensorflow/tfjs";
import { solve } from "../../../lib/ode/mod.ts";
import { vanDerPolField } from "../../../lib/data/vdp.ts";
import { phasePlot, timeSeriesPlot } from "../plots/phase.ts";
import { BASE, COLORS, PALETTE } from "../plots/theme.ts";
import {
  ADAPTIVE_METHODS,
  distance,
  FIXED_METHODS,
  linspace,
  vdpField,
  vdpReference,
  vdpRun,
} from "./vdp.ts";

/** µ = 1 from x0 = [1, 0] over t ∈ [0, 15]: phase plane with the field, and x(t). */
export function vdpMu1(): Plot.PlotOptions[] {
  const t = linspace(0, 15, 400);
  const xs = vdpReference(1, [1, 0], t);
  return [
    phasePlot({
      field: vdpField(1, [-3, 3]),
      paths: [{ xs, color: COLORS.accent }],
      starts: [[1, 0]],
      xDomain: [-3, 3],
      yDomain: [-3, 3],
    }),
    timeSeriesPlot({
      t,
      series: [
        { name: "x₁ (position)", values: xs.map((x) => x[0]), color: COLORS.accent },
        { name: "x₂ (velocity)", values: xs.map((x) => x[1]), color: COLORS.warm },
      ],
    }),
  ];
}

/** µ = 5 from (−2, −3) and (−2, 3): both fall onto the same relaxation cycle. */
export function vdpMu5(): Plot.PlotOptions[] {
  const t = linspace(0, 15, 600);
  const starts = [[-2, -3], [-2, 3]];
  const runs = starts.map((x0) => vdpReference(5, x0, t));
  return [
    phasePlot({
      field: vdpField(5, [-3, 3], [-9, 9]),
      paths: runs.map((xs, i) => ({ xs, color: [COLORS.accent, COLORS.warm][i] })),
      starts,
      xDomain: [-3, 3],
      yDomain: [-9, 9],
    }),
    timeSeriesPlot({
      t,
      yLabel: "x₁",
      series: runs.map((xs, i) => ({
        name: `x₀ = (${starts[i].join(", ")})`,
        values: xs.map((x) => x[0]),
        color: [COLORS.accent, COLORS.warm][i],
      })),
    }),
  ];
}

/** Euler's tangent steps with h = 0.4 and 0.2 against the exact x₁(t), µ = 1. */
export function eulerSteps(): Plot.PlotOptions {
  const T = 6;
  const fine = linspace(0, T, 300);
  const exact = vdpReference(1, [1, 0], fine);
  const marks: Plot.Markish[] = [
    Plot.line(fine.map((t, i) => ({ t, x: exact[i][0] })), {
      x: "t",
      y: "x",
      stroke: COLORS.ink,
      strokeWidth: 2,
    }),
  ];
  const rows: { t: number; x: number; h: string }[] = [];
  for (const [k, h] of [0.4, 0.2].entries()) {
    const grid = linspace(0, T, Math.round(T / h) + 1);
    const run = vdpRun(1, [1, 0], grid, { method: "euler" });
    const label = `Euler, h = ${h}`;
    grid.forEach((t, i) => rows.push({ t, x: run.xs[i][0], h: label }));
    const color = [COLORS.warm, COLORS.accent][k];
    const pts = rows.filter((r) => r.h === label);
    marks.push(Plot.line(pts, { x: "t", y: "x", stroke: color, strokeWidth: 1.4, clip: true }));
    marks.push(Plot.dot(pts, { x: "t", y: "x", fill: color, r: 3, clip: true }));
  }
  return {
    ...BASE,
    width: 640,
    height: 300,
    x: { label: "t", grid: true },
    y: { label: "x₁", grid: true, domain: [-2.6, 2.6] },
    color: {
      domain: ["exact", "Euler, h = 0.4", "Euler, h = 0.2"],
      range: [COLORS.ink, COLORS.warm, COLORS.accent],
      legend: true,
    },
    marks,
  };
}

/** Global error at t = 5 against the step size: slopes 1 (Euler), 2 (midpoint, Heun), 4 (RK4). */
export function convergence(): Plot.PlotOptions {
  const T = 5;
  const ref = vdpReference(1, [1, 0], [0, T])[1];
  const rows: { h: number; err: number; method: string }[] = [];
  for (const method of FIXED_METHODS) {
    for (const h of [0.4, 0.2, 0.1, 0.05, 0.025]) {
      const run = vdpRun(1, [1, 0], [0, T], { method, stepSize: h });
      rows.push({ h, err: Math.max(distance(run.xs[1], ref), 1e-7), method });
    }
  }
  return {
    ...BASE,
    width: 640,
    height: 340,
    x: {
      type: "log",
      label: "step size h",
      grid: true,
      reverse: true,
      tickFormat: (h: number) => String(h),
    },
    y: { type: "log", label: "error at t = 5", grid: true, tickFormat: "~e" },
    color: { domain: FIXED_METHODS, range: PALETTE, legend: true },
    marks: [
      Plot.line(rows, { x: "h", y: "err", stroke: "method", strokeWidth: 1.8 }),
      Plot.dot(rows, { x: "h", y: "err", fill: "method", r: 3.5 }),
    ],
  };
}

/** Tolerance ↔ cost and accuracy for the adaptive pairs (atol = rtol / 10), µ = 1, t ∈ [0, 15]. */
export function toleranceSweep(): Plot.PlotOptions[] {
  const T = 15;
  const ref = vdpReference(1, [1, 0], [0, T])[1];
  const rows: { rtol: number; nfe: number; err: number; method: string }[] = [];
  for (const method of ADAPTIVE_METHODS) {
    for (const rtol of [1e-2, 1e-3, 1e-4, 1e-5, 1e-6, 1e-7]) {
      const run = vdpRun(1, [1, 0], [0, T], { method, rtol, atol: rtol / 10 });
      rows.push({ rtol, nfe: run.nfe, err: Math.max(distance(run.xs[1], ref), 1e-7), method });
    }
  }
  const common = {
    ...BASE,
    width: 330,
    height: 300,
    color: { domain: ADAPTIVE_METHODS, range: PALETTE, legend: true },
  };
  const x = { type: "log" as const, label: "rtol", reverse: true, grid: true, tickFormat: "~e" };
  return [
    {
      ...common,
      x,
      y: { type: "log", label: "evaluations of f (NFE)", grid: true },
      marks: [
        Plot.line(rows, { x: "rtol", y: "nfe", stroke: "method", strokeWidth: 1.8 }),
        Plot.dot(rows, { x: "rtol", y: "nfe", fill: "method", r: 3 }),
      ],
    },
    {
      ...common,
      x,
      y: { type: "log", label: "error at t = 15", grid: true, tickFormat: "~e" },
      marks: [
        Plot.line(rows, { x: "rtol", y: "err", stroke: "method", strokeWidth: 1.8 }),
        Plot.dot(rows, { x: "rtol", y: "err", fill: "method", r: 3 }),
      ],
    },
  ];
}

/**
 * The steps dopri5 takes on VDP µ = 5 (rtol 1e-5, atol 1e-7): recovered from the times at which
 * the solver evaluates f. After f(t0) and one probe, every trial step evaluates its six stages at
 * t0 + c·dt, c = 1/5, 3/10, 4/5, 8/9, 1, 1; a trial is accepted when the next one starts at its end.
 */
export function dopri5Steps(): Plot.PlotOptions[] {
  const T = 15;
  const times: number[] = [];
  const field = vanDerPolField(5);
  const { ys } = solve(
    (t, y) => {
      times.push(t);
      return field(t, y);
    },
    tf.tensor1d([-2, 3]),
    linspace(0, T, 300),
    { method: "dopri5", rtol: 1e-5, atol: 1e-7 },
  );
  const xs = ys.arraySync() as number[][];
  ys.dispose();
  const trials: { t0: number; dt: number }[] = [];
  for (let i = 2; i + 5 < times.length; i += 6) {
    const first = times[i];
    const last = times[i + 5];
    const dt = ((last - first) * 5) / 4;
    trials.push({ t0: last - dt, dt });
  }
  const steps = trials.map((s, i) => ({
    ...s,
    accepted: i + 1 === trials.length || Math.abs(trials[i + 1].t0 - (s.t0 + s.dt)) < 1e-9,
  }));
  const t = linspace(0, T, 300);
  return [
    {
      ...BASE,
      width: 640,
      height: 170,
      x: { label: null, domain: [0, T], grid: true },
      y: { label: "x₁", grid: true },
      marks: [Plot.line(t.map((tt, i) => ({ t: tt, x: xs[i][0] })), {
        x: "t",
        y: "x",
        stroke: COLORS.accent,
        strokeWidth: 1.8,
      })],
    },
    {
      ...BASE,
      width: 640,
      height: 220,
      x: { label: "t", domain: [0, T], grid: true },
      y: { type: "log", label: "step size dt", grid: true },
      color: {
        domain: ["accepted", "rejected"],
        range: [COLORS.accent, COLORS.warm],
        legend: true,
      },
      marks: [
        Plot.ruleX(steps.filter((s) => s.accepted), {
          x: "t0",
          y1: 1e-3,
          y2: "dt",
          stroke: COLORS.accent,
          strokeOpacity: 0.12,
        }),
        Plot.dot(steps, {
          x: "t0",
          y: "dt",
          r: 2.5,
          fill: (d: { accepted: boolean }) => d.accepted ? "accepted" : "rejected",
          symbol: (d: { accepted: boolean }) => d.accepted ? "circle" : "times",
          stroke: (d: { accepted: boolean }) => d.accepted ? "none" : COLORS.warm,
        }),
      ],
    },
  ];
}
