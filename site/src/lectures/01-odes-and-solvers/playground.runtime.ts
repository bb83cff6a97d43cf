/** Runtime of the Van der Pol playground (lecture 1): see SolverPlayground.astro. */
import { isAdaptive, type MethodName, TABLEAUX } from "../../../../lib/ode/mod.ts";
import { phasePlot, timeSeriesPlot } from "../../plots/phase.ts";
import { COLORS, sci } from "../../plots/theme.ts";
import type { CreateRuntime } from "../../core/shell.ts";
import { draw, nextFrame } from "../../core/plot_live.ts";
import {
  fitRange,
  linspace,
  maxError,
  referenceVdp,
  solveVdp,
  vdpFieldGrid,
} from "./vdp_solves.ts";

const T_END = 15;
const t = linspace(0, T_END, 301);

export const create: CreateRuntime = (ctx) => {
  const root = ctx.root;
  const input = (name: string) => root.querySelector<HTMLInputElement>(`[name="${name}"]`)!;
  const method = root.querySelector<HTMLSelectElement>('[name="method"]')!;
  const out = (name: string) =>
    root.querySelector<HTMLOutputElement>(`output[data-for="${name}"]`)!;
  const phaseBox = root.querySelector<HTMLElement>('[data-plot="phase"]')!;
  const seriesBox = root.querySelector<HTMLElement>('[data-plot="series"]')!;
  const readout = root.querySelector<HTMLElement>('[data-role="readout"]')!;

  let generation = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let alive = true;

  const settings = () => {
    const m = method.value as MethodName;
    const adaptive = isAdaptive(TABLEAUX[m]);
    const rtol = 10 ** Number(input("tol").value);
    const h = Number((10 ** Number(input("h").value)).toPrecision(2));
    return {
      mu: Number(input("mu").value),
      x0: [Number(input("x1").value), Number(input("x2").value)],
      method: m,
      adaptive,
      options: adaptive ? { method: m, rtol, atol: rtol / 10 } : { method: m, stepSize: h },
      rtol,
      h,
    };
  };

  const syncLabels = () => {
    const s = settings();
    out("mu").value = s.mu.toFixed(1);
    out("x1").value = s.x0[0].toFixed(1);
    out("x2").value = s.x0[1].toFixed(1);
    out("tol").value = sci(s.rtol);
    out("h").value = String(s.h);
    for (const el of root.querySelectorAll<HTMLElement>("[data-show]")) {
      el.hidden = (el.dataset.show === "adaptive") !== s.adaptive;
    }
  };

  const render = async () => {
    const mine = ++generation;
    syncLabels();
    ctx.status("Solving…");
    await nextFrame();
    if (mine !== generation || !alive) return;
    const s = settings();
    const ref = await referenceVdp(s.mu, s.x0, t);
    const run = await solveVdp(s.mu, s.x0, t, s.options);
    const xr = fitRange(ref, 0);
    const yr = fitRange(ref, 1);
    const field = vdpFieldGrid(s.mu, xr, yr);
    const ok = !("failure" in run);
    const err = ok ? maxError(run.xs, ref) : NaN;
    // What the phase plot shows, for a screen reader: the same numbers as the readout.
    const phaseName = ok
      ? `phase plane, ${s.method}: NFE ${run.nfe}, max error ${sci(err, 2)} against the dashed ` +
        "reference"
      : `phase plane, ${s.method}: the solve failed`;
    const phase = draw(
      phaseBox,
      phasePlot({
        field,
        paths: [
          { xs: ref, color: COLORS.grey, dash: true },
          ...(ok ? [{ xs: run.xs, color: COLORS.accent }] : []),
        ],
        starts: [s.x0],
        xDomain: xr,
        yDomain: yr,
        width: 400,
      }),
      phaseName,
    );
    phaseBox.classList.remove("placeholder");
    phase.style.cursor = "crosshair";
    phase.addEventListener("click", (event) => {
      const e = event as MouseEvent;
      // Plot's figure exposes its scales: turn the click into an initial state.
      const svg = phase instanceof SVGSVGElement ? phase : phase.querySelector("svg");
      if (!svg) return;
      const box = svg.getBoundingClientRect();
      const scale = svg.viewBox.baseVal.width / box.width;
      const px = (e.clientX - box.left) * scale;
      const py = (e.clientY - box.top) * scale;
      const x1: number | undefined = phase.scale("x")?.invert?.(px);
      const x2: number | undefined = phase.scale("y")?.invert?.(py);
      if (x1 === undefined || x2 === undefined) return;
      input("x1").value = String(Math.max(-3, Math.min(3, x1)).toFixed(1));
      input("x2").value = String(Math.max(-3, Math.min(3, x2)).toFixed(1));
      schedule();
    });
    draw(
      seriesBox,
      timeSeriesPlot({
        t,
        width: 400,
        height: 300,
        series: [
          { name: "reference x₁", values: ref.map((x) => x[0]), color: COLORS.grey, dash: true },
          ...(ok
            ? [
              { name: "x₁", values: run.xs.map((x) => x[0]), color: COLORS.accent },
              { name: "x₂", values: run.xs.map((x) => x[1]), color: COLORS.warm },
            ]
            : []),
        ],
      }),
    );
    seriesBox.classList.remove("placeholder");
    if (!ok) {
      readout.textContent = `${s.method}: the solve failed — ${run.failure}`;
      ctx.status("Try a smaller step or a tighter tolerance.");
      ctx.metric("nfe", "");
      return;
    }
    readout.textContent = `${s.method}: NFE ${run.nfe}` +
      (s.adaptive ? ` · accepted ${run.accepted}, rejected ${run.rejected}` : ` · h = ${s.h}`) +
      ` · max error ${sci(err, 2)} · ${run.ms.toFixed(0)} ms`;
    ctx.metric("nfe", run.nfe);
    ctx.metric("error", err);
    ctx.status(
      `µ = ${s.mu.toFixed(1)}, x₀ = (${
        s.x0.map((v) => v.toFixed(1)).join(", ")
      }), t ∈ [0, ${T_END}] on ${ctx.backend}.`,
    );
  };

  const schedule = () => {
    syncLabels();
    clearTimeout(timer);
    timer = setTimeout(() => render().catch(ctx.fail), 90);
  };

  for (const el of root.querySelectorAll(".demo-controls input, .demo-controls select")) {
    el.addEventListener("input", schedule);
  }

  return {
    async start() {
      ctx.setState("ready");
      await render();
    },
    dispose() {
      alive = false;
      clearTimeout(timer);
      for (const el of root.querySelectorAll(".demo-controls input, .demo-controls select")) {
        el.removeEventListener("input", schedule);
      }
    },
  };
};
