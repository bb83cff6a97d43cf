/**
 * Static figures of lecture 1, computed at build time with lib/ (cpu backend) and drawn by
 * Observable Plot. Each figure export returns Plot options for <PlotFigure>; `lecture1Facts`
 * returns the numbers the page's prose quotes, formatted, from the same computations
 * (figures_data.ts, stiffness.ts), so that no measured number is typed into the page.
 */
import * as Plot from "@observablehq/plot";
import { buildTf } from "../../build/tf.ts";
import { phasePlot, timeSeriesPlot } from "../../plots/phase.ts";
import { BASE, COLORS, PALETTE, sci } from "../../plots/theme.ts";
import { percent, prose } from "../../plots/format.ts";
import {
  cheapestAt,
  CONVERGENCE,
  convergenceRows,
  DOPRI5_TRACE,
  dopri5Trace,
  ERROR_FLOOR,
  EULER,
  eulerData,
  observedOrders,
  ORDER_FLOOR,
  SWEEP,
  toleranceRows,
  TORCHDIFFEQ_CASE,
  torchdiffeqCase,
} from "./figures_data.ts";
import { STIFF, stiffFacts, stiffRun } from "./stiffness.ts";
import {
  ADAPTIVE_METHODS,
  FIXED_METHODS,
  linspace,
  vdpField,
  vdpReference,
} from "../../plots/vdp.ts";

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
  const { fine, exact, runs } = eulerData();
  const labels = EULER.steps.map((h) => `Euler, h = ${h}`);
  const marks: Plot.Markish[] = [
    Plot.line(fine.map((t, i) => ({ t, x: exact[i][0] })), {
      x: "t",
      y: "x",
      stroke: COLORS.ink,
      strokeWidth: 2,
    }),
  ];
  runs.forEach((run, k) => {
    const pts = run.grid.map((t, i) => ({ t, x: run.xs[i][0] }));
    const color = [COLORS.warm, COLORS.accent][k];
    marks.push(Plot.line(pts, { x: "t", y: "x", stroke: color, strokeWidth: 1.4, clip: true }));
    marks.push(Plot.dot(pts, { x: "t", y: "x", fill: color, r: 3, clip: true }));
  });
  return {
    ...BASE,
    width: 640,
    height: 300,
    x: { label: "t", grid: true },
    y: { label: "x₁", grid: true, domain: [-2.6, 2.6] },
    color: {
      domain: ["exact", ...labels],
      range: [COLORS.ink, COLORS.warm, COLORS.accent],
      legend: true,
    },
    marks,
  };
}

/**
 * Global error at t = 5 against the step size: slopes 1 (Euler), 2 (midpoint, Heun), 4 (RK4).
 * The dashed line is ORDER_FLOOR, below which the observed orders leave points out.
 */
export function convergence(): Plot.PlotOptions {
  const rows = convergenceRows().map((r) => ({ ...r, err: Math.max(r.err, ERROR_FLOOR) }));
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
    y: { type: "log", label: `error at t = ${CONVERGENCE.T}`, grid: true, tickFormat: "~e" },
    color: { domain: FIXED_METHODS, range: PALETTE, legend: true },
    marks: [
      Plot.ruleY([ORDER_FLOOR], { stroke: COLORS.grey, strokeDasharray: "3,3" }),
      Plot.line(rows, { x: "h", y: "err", stroke: "method", strokeWidth: 1.8 }),
      Plot.dot(rows, { x: "h", y: "err", fill: "method", r: 3.5 }),
    ],
  };
}

/** Tolerance ↔ cost and accuracy for the adaptive pairs (atol = rtol / 10), µ = 1, t ∈ [0, 15]. */
export function toleranceSweep(): Plot.PlotOptions[] {
  const rows = toleranceRows().map((r) => ({ ...r, err: Math.max(r.err, ERROR_FLOOR) }));
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
      y: { type: "log", label: `error at t = ${SWEEP.T}`, grid: true, tickFormat: "~e" },
      marks: [
        Plot.line(rows, { x: "rtol", y: "err", stroke: "method", strokeWidth: 1.8 }),
        Plot.dot(rows, { x: "rtol", y: "err", fill: "method", r: 3 }),
      ],
    },
  ];
}

type Trial = { t: number; dt: number; accepted: boolean };

/** Every trial step: accepted ones as dots, rejected ones as crosses. */
function trialDots(trials: Trial[]): Plot.Markish {
  return Plot.dot(trials, {
    x: "t",
    y: "dt",
    r: 2.5,
    fill: (d: Trial) => d.accepted ? "accepted" : "rejected",
    symbol: (d: Trial) => d.accepted ? "circle" : "times",
    stroke: (d: Trial) => d.accepted ? "none" : COLORS.warm,
  });
}

const TRIAL_COLORS = {
  domain: ["accepted", "rejected"],
  range: [COLORS.accent, COLORS.warm],
  legend: true,
};

/**
 * The steps dopri5 takes on VDP µ = 5 (rtol 1e-5, atol 1e-7): every trial step as lib/ode's
 * `onStep` option reports it.
 */
export function dopri5Steps(): Plot.PlotOptions[] {
  const { T } = DOPRI5_TRACE;
  const { t, xs, trials } = dopri5Trace();
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
      color: TRIAL_COLORS,
      marks: [
        Plot.ruleX(trials.filter((s) => s.accepted), {
          x: "t",
          y1: 1e-3,
          y2: "dt",
          stroke: COLORS.accent,
          strokeOpacity: 0.12,
        }),
        trialDots(trials),
      ],
    },
  ];
}

/** The close-up of Figure 1.8: the first time units, where accuracy still sets the step. */
export const STIFF_ZOOM = 0.03;

/**
 * Van der Pol at µ = 1000 on a stretch of its slow branch (stiffness.ts): x₁(t) on the scale of
 * its whole swing; dopri5's step sizes against the stability bound ρ/|λ(t)| over the stretch
 * (accepted steps as a line, rejected trials as crosses); a close-up of the first steps with
 * every trial marked.
 */
export function stiffSteps(): Plot.PlotOptions[] {
  const run = stiffRun();
  const { tEnd } = STIFF;
  const accepted = run.trials.filter((s) => s.accepted);
  const rejected = run.trials.filter((s) => !s.accepted);
  const zoom = run.trials.filter((s) => s.t <= STIFF_ZOOM);
  const boundLabel = `stability bound ${run.rho.toFixed(2)}/|λ(t)|`;
  const bounds = run.samples.map((s) => s.bound).sort((a, b) => a - b);
  const mid = bounds[bounds.length >> 1];
  const ticks = { tickFormat: (d: number) => sci(d, 0) };
  const bound = (rows: { t: number; bound: number }[]) =>
    Plot.line(rows, {
      x: "t",
      y: "bound",
      stroke: COLORS.ink,
      strokeWidth: 1.5,
      strokeDasharray: "5,3",
    });
  const legend = {
    domain: ["accepted", "rejected", boundLabel],
    range: [COLORS.accent, COLORS.warm, COLORS.ink],
    legend: true,
  };
  return [
    {
      ...BASE,
      width: 640,
      height: 120,
      x: { label: null, domain: [0, tEnd], grid: true },
      y: { label: "x₁", grid: true, domain: [-2.2, 2.2], ticks: [-2, 0, 2] },
      marks: [
        Plot.line(run.samples, { x: "t", y: "x1", stroke: COLORS.accent, strokeWidth: 1.8 }),
      ],
    },
    {
      ...BASE,
      width: 640,
      height: 230,
      x: { label: "t", domain: [0, tEnd], grid: true },
      // A factor of 2 around the bound: the first, smaller steps are in the close-up below.
      y: { type: "log", label: "step size dt", grid: true, domain: [mid / 2, mid * 2], ...ticks },
      color: legend,
      marks: [
        Plot.line(accepted, {
          x: "t",
          y: "dt",
          stroke: COLORS.accent,
          strokeWidth: 0.8,
          clip: true,
        }),
        Plot.dot(rejected, {
          x: "t",
          y: "dt",
          symbol: "times",
          r: 2,
          stroke: COLORS.warm,
          clip: true,
        }),
        bound(run.samples),
      ],
    },
    {
      ...BASE,
      width: 640,
      height: 210,
      x: { label: `t (the first ${STIFF_ZOOM} time units)`, domain: [0, STIFF_ZOOM], grid: true },
      y: { type: "log", label: "step size dt", grid: true, ...ticks },
      color: TRIAL_COLORS,
      marks: [bound(zoom), trialDots(zoom)],
    },
  ];
}

// ---------------------------------------------------------------------------------------------
// Numbers for the prose

/** torchdiffeq's dopri5 on the same problem, from the repository's reference fixture. */
async function torchdiffeqReference(): Promise<
  { nfe: number; accepted: number; rejected: number }
> {
  // Imported here, not at the top: repo.ts needs Astro's import.meta.env, and this module's
  // figures stay importable from Deno (tests, scripts) without it.
  const { readRepoFile } = await import("../../build/repo.ts");
  const file = "tests/fixtures/reference/torchdiffeq_vdp_detest.json";
  const text = readRepoFile(file);
  if (!text) throw new Error(`lecture 1 quotes torchdiffeq's step counts from ${file}: missing`);
  const { rtol, atol } = TORCHDIFFEQ_CASE;
  const key = `rtol=${rtol},atol=${atol}`;
  const entry = JSON.parse(text).vdp["mu=1,x0=[1,0]"].dopri5[key];
  if (!entry) throw new Error(`${file} has no dopri5 entry "${key}" for VDP µ = 1`);
  return { nfe: entry.nfe, accepted: entry.accepted_steps, rejected: entry.rejected_steps };
}

/** Every measured number lecture 1's prose quotes, formatted for the page. */
export async function lecture1Facts() {
  await buildTf();
  const stiff = stiffFacts();
  const orders = observedOrders();
  const conv = convergenceRows();
  const errAt = (method: string, h: number) =>
    conv.find((r) => r.method === method && r.h === h)!.err;
  const trace = dopri5Trace();
  const sweep = toleranceRows();
  const loosest = SWEEP.rtols[0];
  const tightest = SWEEP.rtols[SWEEP.rtols.length - 1];
  const nfeAt = (method: string, rtol: number) =>
    sweep.find((r) => r.method === method && r.rtol === rtol)!.nfe;
  const [cheapLoose, cheapTight] = [cheapestAt(loosest), cheapestAt(tightest)];
  const ours = torchdiffeqCase();
  const theirs = await torchdiffeqReference();
  const steps = (s: { accepted: number; rejected: number }) =>
    `${prose(s.accepted)} accepted and ${prose(s.rejected)} rejected steps`;
  const { euler, rk4 } = orders;
  return {
    euler: {
      errors: eulerData().runs.map((r) => prose(r.errEnd)),
      small: [euler.from, euler.to].map((h) => ({ h: String(h), err: prose(errAt("euler", h)) })),
    },
    orders: Object.fromEntries(Object.entries(orders).map(([m, o]) => [m, o.order.toFixed(2)])),
    orderFloor: prose(ORDER_FLOOR),
    rk4: {
      fold: prose(errAt("rk4", rk4.from) / errAt("rk4", rk4.to)),
      from: String(rk4.from),
      to: String(rk4.to),
    },
    floor: prose(Math.min(...sweep.map((r) => r.err))),
    trace: {
      accepted: prose(trace.stats.accepted),
      rejected: prose(trace.stats.rejected),
      nfe: prose(trace.stats.nfe),
      minStep: prose(trace.minStep),
      maxStep: prose(trace.maxStep),
      spread: prose(trace.maxStep / trace.minStep),
    },
    sweep: {
      loosest: prose(loosest),
      tightest: prose(tightest),
      cheapLoose: cheapLoose.method,
      cheapLooseNfe: prose(cheapLoose.nfe),
      cheapTight: cheapTight.method,
      cheapTightNfe: prose(cheapTight.nfe),
      bosh3Tight: prose(nfeAt("bosh3", tightest)),
    },
    torchdiffeq: {
      ours: prose(ours.nfe),
      oursSteps: steps(ours),
      theirs: prose(theirs.nfe),
      theirsSteps: steps(theirs),
      same: ours.nfe === theirs.nfe && ours.accepted === theirs.accepted &&
        ours.rejected === theirs.rejected,
    },
    stiff: {
      mu: prose(STIFF.mu),
      tEnd: String(STIFF.tEnd),
      rtol: prose(STIFF.rtol),
      atol: prose(STIFF.atol),
      accepted: prose(stiff.accepted),
      rejected: prose(stiff.rejected),
      trials: prose(stiff.trials),
      nfe: prose(stiff.nfe),
      rejectedShare: percent(stiff.rejectedShare),
      minStep: prose(stiff.minStep),
      maxStep: prose(stiff.maxStep),
      nearBound: percent(stiff.nearBoundShare),
      factor: String(STIFF.factor),
      medianQ: prose(stiff.medianQ, 3),
      firstQ: prose(stiff.firstQ),
      rho: stiff.rho.toFixed(2),
      lambda: prose(Math.round(stiff.lambdaStart)),
      x1End: stiff.x1End.toFixed(4),
      tLoose: String(STIFF.tLoose),
      looseRtol: prose(STIFF.looseRtol),
      tightTrials: prose(stiff.tightTrials),
      looseTrials: prose(stiff.looseTrials),
      stabilityStep: prose(stiff.rho / Math.abs(stiff.lambdaStart)),
      zoom: String(STIFF_ZOOM),
    },
  };
}
