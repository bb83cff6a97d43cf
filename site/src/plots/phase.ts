/**
 * Phase-plane and time-series plots of 2-D systems, shared by build-time figures and live demos:
 * a vector field drawn as short arrows (direction only; shade = speed), trajectories as lines,
 * observations as dots.
 */
import * as Plot from "@observablehq/plot";
import { BASE, COLORS, PALETTE } from "./theme.ts";

export interface Field {
  x: number[];
  y: number[];
  u: number[];
  v: number[];
}

export interface Path {
  /** [T][2] states. */
  xs: number[][];
  label?: string;
  color?: string;
  dash?: boolean;
}

export interface PhaseOptions {
  field?: Field;
  paths?: Path[];
  /** Scattered observations [x1, x2] (e.g. noisy data), optionally coloured by series. */
  points?: { x: number; y: number; series?: number }[];
  /** Initial states to mark. */
  starts?: number[][];
  xDomain?: [number, number];
  yDomain?: [number, number];
  width?: number;
  height?: number;
  title?: string;
  /** Colour of the field's arrows (default: pale blue). */
  fieldColor?: string;
}

/** Arrow segments of a direction field: unit directions scaled to ~0.8 grid cells. */
export function fieldArrows(field: Field, cell: number) {
  const speeds = field.u.map((u, i) => Math.hypot(u, field.v[i]));
  const max = Math.max(...speeds, 1e-12);
  return field.x.map((x, i) => {
    const s = speeds[i] || 1e-12;
    const len = 0.42 * cell;
    return {
      x1: x - (field.u[i] / s) * len,
      y1: field.y[i] - (field.v[i] / s) * len,
      x2: x + (field.u[i] / s) * len,
      y2: field.y[i] + (field.v[i] / s) * len,
      speed: speeds[i] / max,
    };
  });
}

export function phasePlot(o: PhaseOptions): Plot.PlotOptions {
  const xDomain = o.xDomain ?? [-4, 4];
  const yDomain = o.yDomain ?? [-4, 4];
  const marks: Plot.Markish[] = [Plot.frame({ stroke: "#dde2e8" })];
  if (o.field) {
    const n = Math.round(Math.sqrt(o.field.x.length));
    const cell = (xDomain[1] - xDomain[0]) / Math.max(1, n - 1);
    marks.push(
      Plot.arrow(fieldArrows(o.field, cell), {
        x1: "x1",
        y1: "y1",
        x2: "x2",
        y2: "y2",
        stroke: o.fieldColor ?? COLORS.field,
        strokeOpacity: (d: { speed: number }) => 0.35 + 0.65 * Math.sqrt(d.speed),
        strokeWidth: 1.1,
        headLength: 4,
      }),
    );
  }
  if (o.points) {
    marks.push(
      Plot.dot(o.points, {
        x: "x",
        y: "y",
        r: 2,
        fill: (d: { series?: number }) => PALETTE[(d.series ?? 0) % PALETTE.length],
        fillOpacity: 0.55,
      }),
    );
  }
  for (const [i, p] of (o.paths ?? []).entries()) {
    marks.push(
      Plot.line(p.xs, {
        x: (d: number[]) => d[0],
        y: (d: number[]) => d[1],
        stroke: p.color ?? PALETTE[i % PALETTE.length],
        strokeWidth: 1.8,
        strokeDasharray: p.dash ? "4,3" : undefined,
        curve: "linear",
        clip: true,
      }),
    );
  }
  if (o.starts) {
    marks.push(
      Plot.dot(o.starts, {
        x: (d: number[]) => d[0],
        y: (d: number[]) => d[1],
        r: 4,
        fill: "white",
        stroke: COLORS.ink,
        strokeWidth: 1.5,
      }),
    );
  }
  const width = o.width ?? 420;
  return {
    ...BASE,
    width,
    height: o.height ?? width,
    title: o.title,
    x: { domain: xDomain, label: "x₁", grid: true },
    y: { domain: yDomain, label: "x₂", grid: true },
    marks,
  };
}

export interface SeriesOptions {
  t: number[];
  /** Named series over t, e.g. { "x₁": [...], "x₂": [...] }. */
  series: { name: string; values: number[]; color?: string; dash?: boolean }[];
  points?: { t: number; y: number; color?: string }[];
  width?: number;
  height?: number;
  yLabel?: string;
  title?: string;
}

export function timeSeriesPlot(o: SeriesOptions): Plot.PlotOptions {
  const rows = o.series.flatMap((s, k) =>
    s.values.map((y, i) => ({ t: o.t[i], y, name: s.name, k }))
  );
  const marks: Plot.Markish[] = [Plot.ruleY([0], { stroke: "#dde2e8" })];
  for (const [k, s] of o.series.entries()) {
    marks.push(
      Plot.line(rows.filter((r) => r.k === k), {
        x: "t",
        y: "y",
        stroke: s.color ?? PALETTE[k % PALETTE.length],
        strokeWidth: 1.8,
        strokeDasharray: s.dash ? "4,3" : undefined,
      }),
    );
  }
  if (o.points) {
    marks.push(Plot.dot(o.points, { x: "t", y: "y", r: 2, fill: (d) => d.color ?? COLORS.grey }));
  }
  return {
    ...BASE,
    width: o.width ?? 420,
    height: o.height ?? 260,
    title: o.title,
    x: { label: "t", grid: true },
    y: { label: o.yLabel ?? "state", grid: true },
    color: {
      domain: o.series.map((s) => s.name),
      range: o.series.map((s, k) => s.color ?? PALETTE[k % PALETTE.length]),
      legend: true,
    },
    marks,
  };
}
