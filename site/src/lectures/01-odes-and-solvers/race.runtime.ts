/** Runtime of the solver race (lecture 1): see SolverRace.astro. */
import { isAdaptive, type MethodName, TABLEAUX } from "../../../../lib/ode/mod.ts";
import { BASE, PALETTE, sci } from "../../plots/theme.ts";
import type { CreateRuntime } from "../../core/shell.ts";
import { draw, nextFrame, Plot } from "../../core/plot_live.ts";
import { linspace, maxError, referenceVdp, solveVdp } from "./vdp_solves.ts";

const METHODS: MethodName[] = ["euler", "midpoint", "rk4", "bosh3", "dopri5", "tsit5"];
const X0 = [1, 0];
const t = linspace(0, 15, 151);

interface Row {
  method: string;
  nfe?: number;
  error?: number;
  ms?: number;
  note?: string;
}

/** The step a fixed method of order p gets for an accuracy target: tol^(1/p) in [0.005, 0.5]. */
export function fixedStepFor(tol: number, order: number): number {
  return Math.min(0.5, Math.max(0.005, tol ** (1 / order)));
}

export const create: CreateRuntime = (ctx) => {
  const root = ctx.root;
  const tolInput = root.querySelector<HTMLInputElement>('[name="tol"]')!;
  const muInput = root.querySelector<HTMLSelectElement>('[name="mu"]')!;
  const tolOut = root.querySelector<HTMLOutputElement>('output[data-for="tol"]')!;
  const boxes = {
    nfe: root.querySelector<HTMLElement>('[data-plot="nfe"]')!,
    error: root.querySelector<HTMLElement>('[data-plot="error"]')!,
    time: root.querySelector<HTMLElement>('[data-plot="time"]')!,
  };
  let generation = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const bars = (rows: Row[], key: "nfe" | "error" | "ms", label: string, log: boolean) => {
    const done = rows.filter((r) => r[key] !== undefined);
    return {
      ...BASE,
      marginLeft: 70,
      width: 260,
      height: 210,
      x: {
        type: log ? "log" as const : "linear" as const,
        label,
        grid: true,
        tickFormat: log ? "~e" : undefined,
        ticks: 4,
      },
      y: { domain: METHODS, label: null },
      marks: [
        Plot.barX(done, {
          x1: log ? (key === "error" ? 1e-8 : 100) : 0,
          x2: (d: Row) => d[key],
          y: "method",
          fill: (d: Row) => PALETTE[METHODS.indexOf(d.method as MethodName)],
        }),
        Plot.text(done, {
          x: (d: Row) => d[key],
          y: "method",
          text: (d: Row) => key === "ms" ? `${d.ms!.toFixed(0)}` : sci(d[key]!, 1),
          dx: 4,
          textAnchor: "start",
          fontSize: 10,
        }),
        Plot.text(rows.filter((r) => r.note), {
          x: log ? (key === "error" ? 1e-8 : 100) : 0,
          y: "method",
          text: "note",
          dx: 4,
          textAnchor: "start",
          fill: "#b42318",
          fontSize: 10,
        }),
      ],
    } satisfies Plot.PlotOptions;
  };

  const race = async () => {
    const mine = ++generation;
    const tol = 10 ** Number(tolInput.value);
    const mu = Number(muInput.value);
    tolOut.value = sci(tol);
    const rows: Row[] = METHODS.map((method) => ({ method }));
    await nextFrame();
    if (mine !== generation) return;
    const ref = await referenceVdp(mu, X0, t);
    for (const [i, method] of METHODS.entries()) {
      ctx.status(`Racing… ${method}`);
      await nextFrame();
      if (mine !== generation) return;
      const tab = TABLEAUX[method];
      const adaptive = isAdaptive(tab);
      const options = adaptive
        ? { method, rtol: tol, atol: tol / 10 }
        : { method, stepSize: fixedStepFor(tol, tab.order) };
      const run = await solveVdp(mu, X0, t, options);
      if ("failure" in run) rows[i].note = "failed (blew up)";
      else {Object.assign(rows[i], {
          nfe: run.nfe,
          error: Math.max(maxError(run.xs, ref), 1e-8),
          ms: run.ms,
        });}
      draw(boxes.nfe, bars(rows, "nfe", "evaluations of f →", true));
      draw(boxes.error, bars(rows, "error", "max error →", true));
      draw(boxes.time, bars(rows, "ms", "milliseconds →", false));
      Object.values(boxes).forEach((b) => b.classList.remove("placeholder"));
    }
    const finished = rows.filter((r) => r.nfe !== undefined);
    ctx.metric("race", JSON.stringify(finished));
    const cheapest = finished.filter((r) => r.error! <= Math.max(tol * 10, 1e-6))
      .sort((a, b) => a.nfe! - b.nfe!)[0];
    ctx.status(
      cheapest
        ? `tol ${
          sci(tol)
        }, µ = ${mu}: the cheapest method within 10·tol of the reference is ${cheapest.method} (${cheapest.nfe} evaluations).`
        : `tol ${
          sci(tol)
        }, µ = ${mu}: no method got within 10·tol — float32 limits accuracy to about 1e-6.`,
    );
  };

  const schedule = () => {
    tolOut.value = sci(10 ** Number(tolInput.value));
    clearTimeout(timer);
    timer = setTimeout(() => race().catch(ctx.fail), 120);
  };
  tolInput.addEventListener("input", schedule);
  muInput.addEventListener("input", schedule);

  return {
    async start() {
      ctx.setState("ready");
      await race();
    },
    dispose() {
      generation++;
      clearTimeout(timer);
      tolInput.removeEventListener("input", schedule);
      muInput.removeEventListener("input", schedule);
    },
  };
};
