/**
 * Runtime of the solver demo (lecture 6): see OdeNetSolvers.astro. Re-evaluates the shipped
 * odenet-mnist on the demos' quick held-out subset (every 50th official test digit) with the ODE block solved by
 * the method, step count or tolerance the reader picks, and plots accuracy and wall time against
 * the number of field evaluations. The trained weights never change: only the solver does.
 */
import type { OdeNet } from "../../../../lib/models/odenet.ts";
import type { SolveOptions } from "../../../../lib/ode/options.ts";
import { BASE, PALETTE } from "../../plots/theme.ts";
import {
  type BrowserMnist,
  evaluate,
  loadMnistForBrowser,
  loadPretrainedOdeNet,
  officialDigits,
  quickTestDigits,
} from "./odenet_common.ts";
import type { CreateRuntime } from "../../core/shell.ts";
import { draw, Plot } from "../../core/plot_live.ts";

const FIXED = ["euler", "midpoint", "rk4"];
const METHODS = ["euler", "midpoint", "rk4", "bosh3", "dopri5", "tsit5"];

export interface SolverChoice {
  method: string;
  /** Fixed-step methods: steps on [0, 1]. */
  steps?: number;
  /** Adaptive methods: rtol = atol. */
  tol?: number;
}

/** A short label, e.g. "rk4 ×2" or "dopri5 1e-3". */
export function choiceLabel(c: SolverChoice): string {
  return c.steps !== undefined
    ? `${c.method} ×${c.steps}`
    : `${c.method} ${c.tol!.toExponential(0)}`;
}

export function solverOptions(c: SolverChoice): SolveOptions {
  return (c.steps !== undefined
    ? { method: c.method, stepSize: 1 / c.steps }
    : { method: c.method, rtol: c.tol, atol: c.tol }) as SolveOptions;
}

/** The preset sweep: each method at a few settings. */
const SWEEP: SolverChoice[] = [
  ...[1, 2, 4].map((steps) => ({ method: "euler", steps })),
  ...[1, 2].map((steps) => ({ method: "midpoint", steps })),
  ...[1, 2, 4].map((steps) => ({ method: "rk4", steps })),
  ...[1e-1, 1e-3, 1e-5].map((tol) => ({ method: "dopri5", tol })),
  ...[1e-3].map((tol) => ({ method: "bosh3", tol })),
];

interface Result extends SolverChoice {
  label: string;
  accuracy: number;
  nfe: number;
  ms: number;
}

export const create: CreateRuntime = async (ctx) => {
  const root = ctx.root;
  const $ = <T extends Element>(sel: string) => root.querySelector<T>(sel)!;
  const methodSelect = $<HTMLSelectElement>('[name="method"]');
  const stepsSelect = $<HTMLSelectElement>('[name="steps"]');
  const tolInput = $<HTMLInputElement>('[name="tol"]');
  const sweepButton = $<HTMLButtonElement>('[data-action="sweep"]');
  const accBox = $<HTMLElement>('[data-plot="accuracy"]');
  const timeBox = $<HTMLElement>('[data-plot="time"]');
  const table = $<HTMLElement>('[data-role="results"]');

  ctx.status("Loading the MNIST digits and the pretrained odenet-mnist…");
  const [mnist, { model }]: [BrowserMnist, { model: OdeNet }] = await Promise.all([
    loadMnistForBrowser(),
    loadPretrainedOdeNet(),
  ]);
  const digits = quickTestDigits(mnist);
  const results: Result[] = [];
  let busy: Promise<void> = Promise.resolve();
  let disposed = false;

  const current = (): SolverChoice =>
    FIXED.includes(methodSelect.value)
      ? { method: methodSelect.value, steps: Number(stepsSelect.value) }
      : { method: methodSelect.value, tol: 10 ** Number(tolInput.value) };

  const plot = () => {
    const color = { domain: METHODS, range: PALETTE, legend: true };
    const x = { label: "NFE per forward pass", type: "log" as const, grid: true };
    const marks = (y: string) => [
      Plot.dot(results, { x: "nfe", y, fill: "method", r: 4, stroke: "white", tip: true }),
      Plot.text(results, { x: "nfe", y, text: "label", dy: -9, fontSize: 9, fill: "#5a6572" }),
    ];
    draw(accBox, {
      ...BASE,
      width: 360,
      height: 260,
      x,
      y: { label: `held-out accuracy (${digits.length} test digits)`, grid: true, percent: true },
      color,
      marks: marks("accuracy"),
    });
    draw(timeBox, {
      ...BASE,
      width: 360,
      height: 260,
      x,
      y: { label: `time for ${digits.length} digits (ms)`, grid: true, zero: true },
      color,
      marks: marks("ms"),
    });
    accBox.classList.remove("placeholder");
    timeBox.classList.remove("placeholder");
    table.replaceChildren(
      ...[...results].sort((a, b) => a.nfe - b.nfe).map((r) => {
        const tr = document.createElement("tr");
        for (
          const v of [r.label, String(r.nfe), `${(100 * r.accuracy).toFixed(1)} %`, r.ms.toFixed(0)]
        ) {
          const td = document.createElement("td");
          td.textContent = v;
          tr.append(td);
        }
        return tr;
      }),
    );
  };

  const run = async (choice: SolverChoice) => {
    const label = choiceLabel(choice);
    ctx.status(`Evaluating ${label} on ${officialDigits(digits.length)}…`);
    model.solver = solverOptions(choice);
    const r = await evaluate(model, mnist, digits);
    if (disposed) return;
    const result: Result = { ...choice, label, accuracy: r.accuracy, nfe: r.nfe, ms: r.ms };
    const same = results.findIndex((x) => x.label === label);
    if (same >= 0) results.splice(same, 1);
    results.push(result);
    ctx.metric("last", JSON.stringify(result));
    ctx.metric("results", JSON.stringify(results));
    ctx.status(
      `${label}: accuracy ${(100 * r.accuracy).toFixed(1)} %, NFE ${r.nfe}, ` +
        `${r.ms.toFixed(0)} ms for 200 digits on ${ctx.backend}.`,
    );
    plot();
  };

  /** Runs evaluations one at a time (the reader may change controls faster than they finish). */
  const enqueue = (job: () => Promise<void>) => {
    busy = busy.then(job).catch(ctx.fail);
    return busy;
  };

  const showControls = () => {
    const fixed = FIXED.includes(methodSelect.value);
    root.querySelector<HTMLElement>('[data-show="fixed"]')!.hidden = !fixed;
    root.querySelector<HTMLElement>('[data-show="adaptive"]')!.hidden = fixed;
  };
  const onChange = () => {
    showControls();
    const choice = current();
    enqueue(() => run(choice));
  };
  const onSweep = () => {
    sweepButton.disabled = true;
    enqueue(async () => {
      for (const choice of SWEEP) {
        if (disposed) return;
        await run(choice);
      }
      ctx.metric("sweepDone", "1");
    }).finally(() => (sweepButton.disabled = false));
  };
  for (const el of [methodSelect, stepsSelect, tolInput]) el.addEventListener("change", onChange);
  sweepButton.addEventListener("click", onSweep);
  sweepButton.disabled = false;

  return {
    async start() {
      ctx.setState("running");
      showControls();
      await enqueue(() => run(current()));
      if (root.dataset.state !== "error") ctx.setState("ready");
    },
    dispose() {
      disposed = true;
      for (const el of [methodSelect, stepsSelect, tolInput]) {
        el.removeEventListener("change", onChange);
      }
      sweepButton.removeEventListener("click", onSweep);
      sweepButton.disabled = true;
      model.dispose();
    },
  };
};
