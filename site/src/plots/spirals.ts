/**
 * Plots of spirals and their latent-ODE fits (lecture 5), shared by the build-time figures and
 * the live demo so that both look the same. DOM-free: Plot options only.
 *
 * Several spirals are drawn as facets of one plot (columns, and optionally rows), so a figure is
 * one SVG that scales as a whole on narrow screens.
 */
import * as Plot from "@observablehq/plot";
import type { Spiral } from "../../../lib/data/spirals.ts";
import { Rng } from "../../../lib/prob/random.ts";
import { BASE, COLORS, PALETTE } from "./theme.ts";

export type XY = readonly number[];

export interface SpiralPanel {
  /** The clean spiral on the dense grid (dashed). */
  clean?: readonly XY[];
  /** Observations the encoder read (filled dots). */
  seen?: readonly XY[];
  /** Observations it did not read (hollow dots). */
  unseen?: readonly XY[];
  /** The model's trajectory on the dense grid (solid line). */
  fit?: readonly XY[];
  /** Index into `fit` from which it is an extrapolation (drawn in the warm colour). */
  splitIndex?: number;
  /** Decoded posterior (or prior) samples: thin lines. */
  samples?: readonly (readonly XY[])[];
  /** Whole decoded trajectories, one colour each (e.g. from prior samples). */
  paths?: readonly (readonly XY[])[];
  /** Column label (e.g. "spiral 3"). */
  column?: string;
  /** Row label (e.g. "5 points"); panels with the same row label share a row. */
  row?: string;
}

export interface SpiralGridOptions {
  /** Width of the whole plot (default 180 per column). */
  width?: number;
  /** Half-width of each square view (default 2.8: the spirals reach radius 2.5). */
  extent?: number;
}

interface Pt {
  x: number;
  y: number;
  col: string;
  row: string;
  /** Which line (a sample index, or "fit"/"ext"/"clean"). */
  z: string;
}

/** Spirals as a grid of facets: truth, what was observed, the model's fit and samples. */
export function spiralGrid(
  panels: readonly SpiralPanel[],
  o: SpiralGridOptions = {},
): Plot.PlotOptions {
  const cols = [...new Set(panels.map((p, i) => p.column ?? String(i)))];
  const rows = [...new Set(panels.map((p) => p.row ?? ""))];
  const put = (xs: readonly XY[] | undefined, p: SpiralPanel, i: number, z: string): Pt[] =>
    (xs ?? []).map((d) => ({ x: d[0], y: d[1], col: p.column ?? String(i), row: p.row ?? "", z }));
  const clean: Pt[] = [];
  const fit: Pt[] = [];
  const ext: Pt[] = [];
  const samples: Pt[] = [];
  const paths: Pt[] = [];
  const seen: Pt[] = [];
  const unseen: Pt[] = [];
  panels.forEach((p, i) => {
    clean.push(...put(p.clean, p, i, "clean"));
    const split = p.splitIndex ?? p.fit?.length ?? 0;
    fit.push(...put(p.fit?.slice(0, split + 1), p, i, "fit"));
    if (p.fit && split < p.fit.length - 1) ext.push(...put(p.fit.slice(split), p, i, "ext"));
    p.samples?.forEach((s, k) => samples.push(...put(s, p, i, `s${k}`)));
    p.paths?.forEach((s, k) => paths.push(...put(s, p, i, `p${k}`)));
    seen.push(...put(p.seen, p, i, "seen"));
    unseen.push(...put(p.unseen, p, i, "unseen"));
  });
  const e = o.extent ?? 2.8;
  const facet = { fx: "col", fy: "row" } as const;
  const line = (data: Pt[], options: Plot.LineOptions) =>
    Plot.line(data, { x: "x", y: "y", z: "z", ...facet, curve: "linear", clip: true, ...options });
  const marginLeft = rows.length > 1 ? 88 : 6;
  const marginTop = 22;
  const width = o.width ?? 180 * cols.length + marginLeft;
  // Square cells: the inner width split among the columns, the same height per row.
  const cell = (width - marginLeft - 6) / cols.length;
  return {
    ...BASE,
    width,
    height: Math.round(rows.length * cell + marginTop + 6),
    marginLeft,
    marginRight: 6,
    marginTop,
    marginBottom: 6,
    fx: { domain: cols, label: null, padding: 0.06 },
    fy: { domain: rows, label: null, padding: 0.06, axis: rows.length > 1 ? "left" : null },
    x: { domain: [-e, e], axis: null },
    y: { domain: [-e, e], axis: null },
    marks: [
      Plot.frame({ stroke: "#dde2e8" }),
      line(samples, { stroke: COLORS.purple, strokeOpacity: 0.25, strokeWidth: 1 }),
      line(paths, {
        stroke: (d: Pt) => PALETTE[Number(d.z.slice(1)) % PALETTE.length],
        strokeWidth: 1.5,
      }),
      line(clean, { stroke: COLORS.grey, strokeWidth: 1.3, strokeDasharray: "4,3" }),
      line(fit, { stroke: COLORS.accent, strokeWidth: 2 }),
      line(ext, { stroke: COLORS.warm, strokeWidth: 2 }),
      Plot.dot(unseen, {
        x: "x",
        y: "y",
        ...facet,
        r: 2.2,
        stroke: COLORS.grey,
        strokeWidth: 1,
        fill: "white",
      }),
      Plot.dot(seen, { x: "x", y: "y", ...facet, r: 2.5, fill: COLORS.ink }),
    ],
  };
}

/** Legend text shared by captions and the demo. */
export const SPIRAL_LEGEND = "Black dots: observations the encoder read; hollow dots: " +
  "observations it did not read; dashed grey: the clean spiral; blue: the decoded trajectory " +
  "from z₀ = µ; orange: its extrapolation; thin purple: decoded samples z₀ ~ q(z₀ | x).";

/** A spiral with only the observations `keep(k)` accepts (k: index among its observations). */
export function subset(s: Spiral, keep: (k: number) => boolean): Spiral {
  const idx = s.obsTimes.map((_, k) => k).filter(keep);
  return {
    ...s,
    obsIndices: idx.map((k) => s.obsIndices[k]),
    obsTimes: idx.map((k) => s.obsTimes[k]),
    obs: idx.map((k) => s.obs[k]),
  };
}

/** A seeded random order of a spiral's observations, so "the first k" grows by adding points. */
export function observationOrder(s: Spiral, seed: number): number[] {
  return new Rng(seed).shuffle(s.obsTimes.map((_, k) => k));
}

/**
 * The first `count` observations of `order` (at least one), among those at t ≤ `until`: what
 * the encoder reads in a view with a chosen number of points.
 */
export function observedSubset(
  s: Spiral,
  order: readonly number[],
  count: number,
  until = Infinity,
): Spiral {
  const eligible = order.filter((k) => s.obsTimes[k] <= until);
  const chosen = new Set(eligible.slice(0, Math.max(1, count)));
  return subset(s, (k) => chosen.has(k));
}
