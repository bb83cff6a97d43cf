/**
 * A shipped hyperparameter sweep (sweeps/<model>/results.json, written by `deno task sweep`) as
 * page material, read at build time: its command, a one-line outcome, and a figure of the
 * selection metric per setting. Lectures 2 (node-vdp) and 3 (vae-mnist) show theirs.
 */
import * as Plot from "@observablehq/plot";
import { readRepoFile } from "../build/repo.ts";
import { BASE, COLORS, PALETTE } from "./theme.ts";

export interface SweepTrial {
  key: string;
  settings: Record<string, number | string>;
  metrics: Record<string, number>;
  metric: number | null;
}
export interface SweepFile {
  metric: string;
  goal: "min" | "max";
  parameters: { name: string; description: string }[];
  trials: SweepTrial[];
  best: SweepTrial | null;
  runs: { command: string; status: string; wallTimeSeconds: number }[];
  hardware: string;
}

/** sweeps/<model>/results.json, or undefined when the repository has no finished trial. */
export function readSweep(model: string): SweepFile | undefined {
  const text = readRepoFile(`sweeps/${model}/results.json`);
  if (!text) return undefined;
  const sweep = JSON.parse(text) as SweepFile;
  return sweep.trials?.some((t) => t.metric !== null) ? sweep : undefined;
}

/** The sweep's command line(s), or `suggestion` when there are no results. */
export function sweepCommand(model: string, suggestion: string): string {
  const sweep = readSweep(model);
  return sweep ? sweep.runs.map((r) => r.command).join("\n") : suggestion;
}

/** The finished trials, the best one and the total wall time in minutes. */
export function sweepOutcome(sweep: SweepFile) {
  const done = sweep.trials.filter((t) => t.metric !== null);
  const better = (a: SweepTrial, b: SweepTrial) =>
    sweep.goal === "max" ? (b.metric! > a.metric! ? b : a) : (b.metric! < a.metric! ? b : a);
  const best = sweep.best ?? done.reduce(better);
  const minutes = sweep.runs.reduce((s, r) => s + r.wallTimeSeconds, 0) / 60;
  return { done, best, minutes, setting: best.key.replace(/ seed=\d+$/, "") };
}

/**
 * One sentence on a sweep's outcome — trials, wall time, the best setting with its selection
 * metric and `reported` (the recipe's own held-out metric) — or how to make one when absent.
 */
export function sweepSummary(model: string, reported: string, digits: number): string {
  const sweep = readSweep(model);
  if (!sweep) {
    return `This copy of the course has no ${model} sweep yet (sweeps/${model}/results.json): ` +
      "run the command above, then rebuild the site.";
  }
  const { done, best, minutes, setting } = sweepOutcome(sweep);
  return `${done.length} trials, ${minutes.toFixed(0)} minutes on ${sweep.hardware}. Best: ` +
    `${setting} with ${sweep.metric} ${best.metric!.toFixed(digits)} ` +
    `(${reported} ${best.metrics[reported]?.toFixed(digits) ?? "—"}).`;
}

/**
 * The sweep's selection metric per setting: x = the most varied hyperparameter, one line per
 * value of the next one; the best trial circled. A placeholder when there are no results.
 */
export function sweepFigure(model: string, digits = 1): Plot.PlotOptions {
  const sweep = readSweep(model);
  if (!sweep) {
    return {
      ...BASE,
      width: 560,
      height: 120,
      marks: [
        Plot.frame({ stroke: COLORS.grey, strokeDasharray: "4 3" }),
        Plot.text(["No sweep results in this build: run the command below, then rebuild."], {
          frameAnchor: "middle",
          fill: COLORS.grey,
          fontSize: 13,
        }),
      ],
    };
  }
  const { done } = sweepOutcome(sweep);
  const varied = sweep.parameters
    .map((p) => ({ p, values: [...new Set(done.map((t) => t.settings[p.name]))] }))
    .filter((v) => v.values.length > 1)
    .sort((a, b) => b.values.length - a.values.length);
  const xParam = varied[0]?.p.name ?? sweep.parameters[0].name;
  const groupParam = varied[1]?.p.name;
  const others = varied.slice(2).map((v) => v.p.name);
  const rowsOf = done.map((t) => ({
    x: String(t.settings[xParam]),
    y: t.metric!,
    group: groupParam
      ? `${groupParam} = ${t.settings[groupParam]}${
        others.map((o) => `, ${o} = ${t.settings[o]}`).join("")
      }`
      : "trial",
    best: t.key === sweep.best?.key,
  }));
  const xDomain = [...new Set(done.map((t) => t.settings[xParam]))]
    .sort((a, b) => (typeof a === "number" && typeof b === "number" ? a - b : 0))
    .map(String);
  const groups = [...new Set(rowsOf.map((r) => r.group))];
  return {
    ...BASE,
    width: 560,
    height: 320,
    marginLeft: 56,
    x: {
      type: "point",
      domain: xDomain,
      label: sweep.parameters.find((p) => p.name === xParam)?.description ?? xParam,
      padding: 0.4,
    },
    y: {
      label: `${sweep.metric} (${sweep.goal === "max" ? "higher" : "lower"} is better)`,
      grid: true,
      nice: true,
    },
    color: { domain: groups, range: PALETTE, legend: groups.length > 1 },
    marks: [
      Plot.line(rowsOf, { x: "x", y: "y", stroke: "group", strokeWidth: 1.5 }),
      Plot.dot(rowsOf, { x: "x", y: "y", fill: "group", r: 4.5 }),
      Plot.dot(rowsOf.filter((r) => r.best), {
        x: "x",
        y: "y",
        r: 9,
        stroke: COLORS.ink,
        strokeWidth: 1.5,
      }),
      Plot.text(rowsOf, {
        x: "x",
        y: "y",
        text: (d: { y: number }) => d.y.toFixed(digits),
        dx: 10,
        textAnchor: "start",
        fill: COLORS.ink,
        fontSize: 10.5,
      }),
    ],
  };
}
