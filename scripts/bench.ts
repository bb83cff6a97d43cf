/**
 * `deno task bench`: solver and training benchmarks, printed as tables and saved as JSON.
 *
 *   deno task bench                       # everything, cpu and wasm, 200 training iterations
 *   deno task bench --iters 50            # shorter training runs
 *   deno task bench --backends wasm       # one backend
 *   deno task bench --only solvers|training|models
 */
import * as tf from "@tensorflow/tfjs";
import { type BackendName, initBackend, type MethodName, solve } from "../lib/mod.ts";
import { vanDerPolField } from "../lib/data/vdp.ts";
import type { ModelBench } from "./bench/model_bench.ts";
import { oneOf, parseCommandLine, positiveInteger, readCommandLine } from "./cli.ts";
import {
  type TrainingReference,
  trainVdpNode,
  type Variant,
  VARIANTS,
} from "./bench/node_vdp_training.ts";

tf.enableProdMode();

const USAGE = "usage: deno task bench [--iters N] [--repeats N] [--backends cpu,wasm] " +
  "[--only solvers|training|models]";
const BENCH_BACKENDS = ["cpu", "wasm"] as const;
const { args, backends, iterations, repeats } = readCommandLine(USAGE, () => {
  const { values: args } = parseCommandLine(Deno.args, {
    iters: { type: "string", default: "200" },
    backends: { type: "string", default: "cpu,wasm" },
    only: { type: "string" },
    repeats: { type: "string", default: "3" },
  });
  if (args.only !== undefined) oneOf("only", args.only, ["solvers", "training", "models"]);
  return {
    args,
    backends: args.backends.split(",").map((b) =>
      oneOf("backends", b, BENCH_BACKENDS)
    ) as BackendName[],
    iterations: positiveInteger("iters", args.iters, 200),
    repeats: positiveInteger("repeats", args.repeats, 3),
  };
});

const referenceDir = new URL("../tests/fixtures/reference/", import.meta.url);
const readJson = (name: string) => JSON.parse(Deno.readTextFileSync(new URL(name, referenceDir)));

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const pad = (s: string | number, n: number) => String(s).padStart(n);

function printTable(header: string[], rows: (string | number)[][]) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells: (string | number)[]) =>
    "| " + cells.map((c, i) => pad(c, widths[i])).join(" | ") + " |";
  console.log(line(header));
  console.log("|" + widths.map((w) => "-".repeat(w + 2)).join("|") + "|");
  rows.forEach((r) => console.log(line(r)));
}

// ---------------------------------------------------------------- solvers on Van der Pol µ=1
interface SolverRow {
  backend: string;
  method: MethodName;
  setting: string;
  nfe: number;
  maxErr: number;
  msPerSolve: number;
}

function benchSolvers(backend: string): SolverRow[] {
  const ref = readJson("torchdiffeq_vdp_detest.json");
  const truth: number[][] = ref.vdp["mu=1,x0=[1,0]"].ground_truth[0].x_at_sample_t;
  const idx: number[] = ref.vdp.sample_indices;
  const t = Array.from({ length: 500 }, (_, i) => 15 * i / 499);
  const cases: [MethodName, string, Parameters<typeof solve>[3]][] = [];
  for (const method of ["euler", "midpoint", "heun", "rk4"] as MethodName[]) {
    for (const h of [0.01, 0.001]) cases.push([method, `step ${h}`, { method, stepSize: h }]);
  }
  for (const method of ["bosh3", "dopri5", "tsit5"] as MethodName[]) {
    for (const [rtol, atol] of [[1e-3, 1e-4], [1e-6, 1e-8], [1e-7, 1e-9]]) {
      cases.push([method, `rtol ${rtol} atol ${atol}`, { method, rtol, atol }]);
    }
  }
  const y0 = tf.tensor([1, 0]);
  const vdp = vanDerPolField(1);
  const rows = cases.map(([method, setting, options]) => {
    const times: number[] = [];
    let nfe = 0;
    let maxErr = 0;
    for (let r = 0; r < repeats; r++) {
      const start = performance.now();
      const { ys, stats } = solve(vdp, y0, t, options);
      const values = ys.arraySync() as number[][];
      times.push(performance.now() - start);
      ys.dispose();
      nfe = stats.nfe;
      maxErr = Math.max(
        ...idx.map((k, i) => Math.max(...values[k].map((v, j) => Math.abs(v - truth[i][j])))),
      );
    }
    return { backend, method, setting, nfe, maxErr, msPerSolve: median(times) };
  });
  y0.dispose();
  return rows;
}

// ---------------------------------------------------------------- Neural-ODE training on VDP
interface TrainingRow {
  backend: string;
  variant: Variant;
  msPerIter: number;
  nfeForward: number;
  nfeBackward: number;
  lossFirst: number;
  lossLast20: number;
  leaked: number;
  torchMsPerIter: [number, number];
  /** ms/iter over the mean of PyTorch's two single-thread runs (≤ 1: as fast or faster). */
  timesTorch: number;
  torchNfeForward: number;
  torchNfeBackward: number;
  torchLossLast20: number;
  losses: number[];
}

function benchTraining(backend: string): TrainingRow[] {
  const ref = readJson("torchdiffeq_node_vdp_training.json") as TrainingReference;
  return (Object.keys(VARIANTS) as Variant[]).map((variant) => {
    const r = trainVdpNode(ref, variant, iterations);
    const torch = ref.runs[VARIANTS[variant].reference];
    const runs = Object.values(torch);
    const last20 = r.losses.slice(-20);
    const torchMs = runs.map((x) => x.median_s_per_iter * 1000);
    const msPerIter = median(r.msPerIter);
    return {
      backend,
      variant,
      msPerIter,
      nfeForward: median(r.nfeForward),
      nfeBackward: median(r.nfeBackward),
      lossFirst: r.losses[0],
      lossLast20: last20.reduce((a, b) => a + b, 0) / last20.length,
      leaked: r.leakedTensors,
      torchMsPerIter: [Math.min(...torchMs), Math.max(...torchMs)],
      timesTorch: msPerIter / (torchMs.reduce((a, b) => a + b, 0) / torchMs.length),
      torchNfeForward: runs[0].nfe_forward_per_iter_min_median_max[1],
      torchNfeBackward: runs[0].total_nfe_backward / 200,
      torchLossLast20: runs[0].loss_mean_last_20,
      losses: r.losses,
    };
  });
}

// ---------------------------------------------------------------- every lecture's model
interface ModelRow {
  backend: string;
  name: string;
  description: string;
  msPerStep: number;
  steps: number;
  lossFirst: number;
  lossLast: number;
}

const MODEL_BENCH_FILES = ["vdp_family", "latent_ode", "mnist_family", "cnf", "odevae"];

async function loadModelBenches(): Promise<ModelBench[]> {
  const all: ModelBench[] = [];
  for (const file of MODEL_BENCH_FILES) {
    const module = await import(`./bench/models/${file}.ts`);
    all.push(...(module.benches as ModelBench[]));
  }
  return all;
}

/** Median step time over at least 5 steps and ~3 s, after 2 warm-up steps. */
async function benchModels(backend: string, benches: ModelBench[]): Promise<ModelRow[]> {
  const rows: ModelRow[] = [];
  for (const bench of benches) {
    const { step, dispose } = await bench.setup();
    const lossFirst = step();
    step();
    const times: number[] = [];
    let lossLast = lossFirst;
    const start = performance.now();
    while (times.length < 5 || (performance.now() - start < 3000 && times.length < 50)) {
      const t0 = performance.now();
      lossLast = step();
      times.push(performance.now() - t0);
    }
    dispose();
    rows.push({
      backend,
      name: bench.name,
      description: bench.description,
      msPerStep: median(times),
      steps: times.length + 2,
      lossFirst,
      lossLast,
    });
  }
  return rows;
}

const results: {
  solvers: SolverRow[];
  training: TrainingRow[];
  models: ModelRow[];
  iterations: number;
} = { solvers: [], training: [], models: [], iterations };
const modelBenches = args.only === undefined || args.only === "models"
  ? await loadModelBenches()
  : [];
for (const name of backends) {
  const report = await initBackend({ order: [name] });
  if (report.name !== name) throw new Error(`backend ${name} unavailable`);
  if (args.only === undefined || args.only === "solvers") {
    console.error(`solvers on ${name} …`);
    results.solvers.push(...benchSolvers(name));
  }
  if (args.only === undefined || args.only === "training") {
    console.error(`training on ${name} (${iterations} iterations per variant) …`);
    results.training.push(...benchTraining(name));
  }
  if (modelBenches.length) {
    console.error(`models on ${name} …`);
    results.models.push(...await benchModels(name, modelBenches));
  }
}

if (results.solvers.length) {
  console.log("\nVan der Pol µ=1, x0=[1,0], 500 outputs on [0,15]; error vs DOP853 ground truth\n");
  printTable(
    ["backend", "method", "setting", "NFE", "max error", "ms/solve"],
    results.solvers.map((r) => [
      r.backend,
      r.method,
      r.setting,
      r.nfe,
      r.maxErr.toExponential(2),
      r.msPerSolve.toFixed(1),
    ]),
  );
}
if (results.training.length) {
  console.log(
    `\nNeural ODE on noisy VDP (torchdiffeq's setup: MLP 2-200-200-2 ELU, Adam 1e-3, L1, ` +
      `batch 10 × 10 steps), ${iterations} iterations; "× torch": ms/iter over the mean of ` +
      `PyTorch 1.13's two single-thread runs (the fixture's figures, same 2-core machine type)\n`,
  );
  printTable(
    [
      "backend",
      "variant",
      "ms/iter",
      "torch ms/iter",
      "× torch",
      "NFE fwd",
      "torch",
      "NFE bwd",
      "torch",
      "loss[0]",
      "loss last 20",
      "torch",
      "leaked",
    ],
    results.training.map((r) => [
      r.backend,
      r.variant,
      r.msPerIter.toFixed(1),
      `${r.torchMsPerIter[0].toFixed(0)}–${r.torchMsPerIter[1].toFixed(0)}`,
      r.timesTorch.toFixed(2),
      r.nfeForward,
      r.torchNfeForward,
      r.nfeBackward,
      r.torchNfeBackward.toFixed(0),
      r.lossFirst.toFixed(3),
      r.lossLast20.toFixed(3),
      r.torchLossLast20.toFixed(3),
      r.leaked,
    ]),
  );
}
if (results.models.length) {
  console.log(
    "\nOne training step of each lecture's model (median ms; loss at the first and last step)\n",
  );
  printTable(
    ["backend", "model", "step", "ms/step", "steps", "loss first", "loss last"],
    results.models.map((r) => [
      r.backend,
      r.name,
      r.description,
      r.msPerStep.toFixed(1),
      r.steps,
      r.lossFirst.toFixed(3),
      r.lossLast.toFixed(3),
    ]),
  );
}
await Deno.mkdir(new URL("../bench-results/", import.meta.url), { recursive: true });
const out = new URL(`../bench-results/bench-${Date.now()}.json`, import.meta.url);
await Deno.writeTextFile(out, JSON.stringify(results, null, 1));
console.error(`\nsaved ${out.pathname}`);
