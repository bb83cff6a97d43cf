/**
 * `deno task bench:browser`: every training demo's own step (its runtime's `probe`) on every
 * backend in headless Chromium — steps/s, kernels per step — beside the backend the page's "auto"
 * picks and, where the step is importable here (lib/zoo/steps/), the same step on Deno's wasm.
 * Prints a table; writes bench-results/browser.json (or --out).
 *
 *   deno task bench:browser                        # all demos, all backends
 *   deno task bench:browser --demos node-training --backends wasm,webgl
 *   deno task bench:browser --gpu                  # a hardware WebGPU adapter (scripts/bench_gpu.sh)
 *   deno task bench:browser --demos cnf-training --backends wasm --rounds 5   # page ÷ Deno, 5 turns
 *
 * Each cell is bounded: a first step, up to 20 untimed steps or 1.5 s to let the JIT warm up, up to
 * --steps steps or --ms milliseconds timed, then one profiled step for the kernel count
 * (lib/train/demo_step.ts measureStep); a backend whose first step misses --ms is reported "too
 * slow". Deno's wasm rate and kernels are taken the same way: a kernel count that differs from the
 * page's wasm one means the two ran different code. --rounds N measures every cell and Deno N times
 * in turns and reports medians, the ratio as the median of each turn's page ÷ Deno: on a shared
 * machine one turn of each, minutes apart, says more about the load than about the two.
 */
import * as tf from "@tensorflow/tfjs";
import type { Page } from "playwright-core";
import { initBackend } from "../lib/backend.ts";
import { type DemoStep, measureStep, type StepMeasure } from "../lib/train/demo_step.ts";
import { type NodeDemoSeries, nodeDemoStep } from "../lib/zoo/steps/node_vdp.ts";
import { latentOdeDemoStep } from "../lib/zoo/steps/latent_ode_spirals.ts";
import { type AnodeDemoShape, anodeDemoStep } from "../lib/zoo/steps/anode_crossing.ts";
import { type CnfDemoShape, cnfDemoStep, type CnfStepSettings } from "../lib/zoo/steps/cnf_toy.ts";
import { writeTextAtomically } from "./atomic_write.ts";
import { oneOf, parseCommandLine, positiveInteger, readCommandLine } from "./cli.ts";
import { openSite } from "./site_browser.ts";

const USAGE = "usage: deno task bench:browser [--demos a,b] [--backends webgpu,webgl,wasm,cpu] " +
  "[--steps N] [--ms N] [--rounds N] [--gpu] [--out FILE]";
const BACKENDS = ["webgpu", "webgl", "wasm", "cpu"] as const;
type Backend = typeof BACKENDS[number];

interface Demo {
  kind: string;
  path: string;
  /** The same step in Deno, from the data the page embeds (absent: not importable yet). */
  deno?: (page: Page) => Promise<DemoStep>;
}

const embedded = <T>(page: Page, kind: string) =>
  page.locator(`[data-demo="${kind}"] [data-role="data"]`).evaluate((e) =>
    JSON.parse(e.textContent!)
  ) as Promise<T>;

/** The demo's selects and inputs by name, as the page has them (its defaults). */
const settings = (page: Page, kind: string) =>
  page.locator(`[data-demo="${kind}"]`).evaluate((root) =>
    Object.fromEntries(
      [...root.querySelectorAll<HTMLSelectElement>("select[name], input[name]")].map((
        e,
      ) => [e.name, e.value]),
    )
  ) as Promise<Record<string, string>>;

const DEMOS: Demo[] = [
  {
    kind: "node-training",
    path: "/lectures/02-neural-odes/",
    deno: async (page) => {
      const s = await settings(page, "node-training");
      return nodeDemoStep(await embedded<NodeDemoSeries>(page, "node-training"), {
        lr: Number(s.lr),
        window: Number(s.window),
      });
    },
  },
  { kind: "vae-training", path: "/lectures/03-vae-primer/" },
  { kind: "odevae-training", path: "/lectures/04-odevae/" },
  {
    kind: "latent-ode",
    path: "/lectures/05-latent-odes/",
    deno: async (page) =>
      latentOdeDemoStep({ lr: Number((await settings(page, "latent-ode")).lr) }),
  },
  { kind: "odenet-training", path: "/lectures/06-odenet/" },
  {
    kind: "cnf-training",
    path: "/lectures/07-continuous-normalising-flows/",
    deno: async (page) => {
      const s = await settings(page, "cnf-training");
      return cnfDemoStep(await embedded<CnfDemoShape>(page, "cnf-training"), {
        dataset: s.dataset as CnfStepSettings["dataset"],
        trace: s.trace as CnfStepSettings["trace"],
        batch: Number(s.batch),
        lr: Number(s.lr),
      });
    },
  },
  {
    kind: "anode-crossing",
    path: "/lectures/08-related-work/",
    deno: async (page) =>
      anodeDemoStep(
        await embedded<AnodeDemoShape>(page, "anode-crossing"),
        Number((await settings(page, "anode-crossing")).lr),
      ),
  },
];

const options = readCommandLine(USAGE, () => {
  const { values } = parseCommandLine(Deno.args, {
    demos: { type: "string" },
    backends: { type: "string", default: BACKENDS.join(",") },
    steps: { type: "string", default: "10" },
    ms: { type: "string", default: "5000" },
    rounds: { type: "string", default: "1" },
    gpu: { type: "boolean", default: false },
    out: { type: "string" },
  });
  const kinds = DEMOS.map((d) => d.kind);
  return {
    demos: values.demos
      ? values.demos.split(",").map((k) => DEMOS[kinds.indexOf(oneOf("demos", k, kinds))])
      : DEMOS,
    backends: values.backends.split(",").map((b) => oneOf("backends", b, BACKENDS)),
    steps: positiveInteger("steps", values.steps, 10),
    ms: positiveInteger("ms", values.ms, 5000),
    rounds: positiveInteger("rounds", values.rounds, 1),
    gpu: values.gpu,
    out: values.out ??
      (values.gpu ? "bench-results/browser-gpu.json" : "bench-results/browser.json"),
  };
});

interface Cell {
  backend: Backend;
  status: string;
  stepsPerSecond?: number;
  steps?: number;
  kernels?: number;
  reason?: string;
  /** With --rounds: every round's rate (stepsPerSecond is their median). */
  rates?: number[];
}

interface Row {
  kind: string;
  auto?: { backend?: string; probe?: Record<string, number | string>; source?: string };
  cells: Cell[];
  denoWasm?: number;
  denoKernels?: number;
  /** With --rounds: every round's Deno rate (denoWasm is their median). */
  denoRates?: number[];
  /** In-page wasm steps/s over Deno's (with --rounds: the median of the rounds' ratios). */
  wasmRatio?: number;
}

/**
 * Hardware flags for --gpu (Vulkan through ANGLE, no software fallback); without --gpu, headless
 * Chromium's WebGPU is SwiftShader, a CPU emulation.
 */
const GPU_ARGS = [
  "--enable-gpu",
  "--use-gl=angle",
  "--use-angle=vulkan",
  "--enable-features=Vulkan,VulkanFromANGLE,DefaultANGLEVulkan",
  "--ignore-gpu-blocklist",
  "--enable-gpu-rasterization",
  "--disable-software-rasterizer",
  "--disable-vulkan-surface",
];

async function adapterName(page: Page): Promise<string> {
  return await page.evaluate(async () => {
    const gpu = (navigator as { gpu?: { requestAdapter(): Promise<unknown> } }).gpu;
    if (!gpu) return "none (navigator.gpu missing)";
    const adapter = await gpu.requestAdapter() as { info?: Record<string, string> } | null;
    if (!adapter) return "none (requestAdapter returned null)";
    const i = adapter.info ?? {};
    return [i.vendor, i.architecture, i.device, i.description].filter(Boolean).join(" / ") ||
      "unnamed adapter";
  });
}

/** The page's own "auto" on a fresh profile: what it picked and what it measured. */
async function autoPick(page: Page, demo: Demo, url: string): Promise<Row["auto"]> {
  await page.goto(url);
  await page.locator(`[data-demo="${demo.kind}"] [data-action="start"]`).click();
  const handle = await page.waitForFunction(
    (k) => {
      const el = document.querySelector<HTMLElement>(`[data-demo="${k}"]`)!;
      if (el.dataset.state === "error") return { error: el.textContent };
      if (!el.dataset.backend) return false;
      el.querySelector<HTMLButtonElement>('[data-action="pause"]')?.click();
      return {
        backend: el.dataset.backend,
        probe: el.dataset.probe,
        source: el.dataset.probeSource,
      };
    },
    demo.kind,
    { timeout: 120_000 },
  );
  const got = await handle.jsonValue() as {
    error?: string;
    backend?: string;
    probe?: string;
    source?: string;
  };
  if (got.error) throw new Error(`${demo.kind} failed on auto: ${got.error}`);
  return { backend: got.backend, source: got.source, probe: got.probe && JSON.parse(got.probe) };
}

async function benchCell(page: Page, demo: Demo, url: string, backend: Backend): Promise<Cell> {
  await page.goto(url);
  await page.waitForFunction((k) => {
    const g = globalThis as { demoBench?: Record<string, unknown> };
    return g.demoBench?.[k] !== undefined;
  }, demo.kind);
  return await page.evaluate(
    ([k, b, steps, ms]) => {
      const g = globalThis as unknown as {
        demoBench: Record<string, (b: string, budget: unknown) => Promise<Cell>>;
      };
      return g.demoBench[k as string](b as string, { steps, ms });
    },
    [demo.kind, backend, options.steps, options.ms] as const,
  );
}

/** The same step on Deno's wasm backend, with the same budget, measured as the page's is. */
async function denoWasm(demo: Demo, page: Page): Promise<StepMeasure | undefined> {
  if (!demo.deno) return undefined;
  const report = await initBackend({ order: ["wasm"] });
  if (report.name !== "wasm") throw new Error("Deno could not start tfjs's wasm backend");
  const step = await demo.deno(page);
  try {
    await step.step();
    return await measureStep(() => step.step(), options);
  } finally {
    step.dispose();
  }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** One backend's rounds as one cell: the median rate if every round ran, else the first miss. */
function mergeRounds(cells: Cell[]): Cell {
  if (cells.length === 1) return cells[0];
  const miss = cells.find((c) => c.status !== "ok");
  if (miss) return miss;
  const rates = cells.map((c) => c.stepsPerSecond!);
  return { ...cells[0], stepsPerSecond: median(rates), rates };
}

const fmt = (x: number | undefined) =>
  x === undefined ? "—" : x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toPrecision(2);

function table(rows: Row[], backends: readonly Backend[]): string {
  const head = `| demo | ${backends.map((b) => `${b} steps/s (kernels)`).join(" | ")} | ` +
    "auto picked | Deno wasm steps/s (kernels) | page wasm ÷ Deno |";
  const rule = `|${"---|".repeat(backends.length + 4)}`;
  const lines = rows.map((r) => {
    const cells = backends.map((b) => {
      const c = r.cells.find((x) => x.backend === b);
      if (!c) return "—";
      return c.status === "ok" ? `${fmt(c.stepsPerSecond)} (${c.kernels})` : c.status;
    });
    const deno = r.denoWasm === undefined ? "—" : `${fmt(r.denoWasm)} (${r.denoKernels})`;
    return `| ${r.kind} | ${cells.join(" | ")} | ${r.auto?.backend ?? "—"} | ${deno} | ` +
      `${r.wasmRatio === undefined ? "—" : r.wasmRatio.toFixed(2)} |`;
  });
  return [head, rule, ...lines].join("\n");
}

tf.enableProdMode();
const site = await openSite({ args: options.gpu ? GPU_ARGS : [] });
const browserVersion = site.browser.version();
const rows: Row[] = [];
let adapter = "";
try {
  for (const demo of options.demos) {
    const url = `${site.base}${demo.path}`;
    const row: Row = { kind: demo.kind, cells: [] };
    // A new context per measurement: nothing remembered, one backend per page.
    const fresh = async <T>(fn: (page: Page) => Promise<T>) => {
      const context = await site.browser.newContext();
      try {
        return await fn(await context.newPage());
      } finally {
        await context.close();
      }
    };
    if (!adapter) {
      adapter = await fresh(async (page) => {
        await page.goto(url);
        return await adapterName(page);
      });
      console.log(`WebGPU adapter: ${adapter}`);
      if (options.gpu && /swiftshader|llvmpipe|lavapipe|software/i.test(adapter)) {
        throw new Error(`--gpu asked for a hardware adapter, but WebGPU runs on ${adapter}`);
      }
    }
    row.auto = await fresh((page) => autoPick(page, demo, url));
    const rounds: Cell[][] = options.backends.map(() => []);
    const deno: StepMeasure[] = [];
    const ratios: number[] = [];
    const denoTurn = async () => {
      const measured = await fresh((page) => page.goto(url).then(() => denoWasm(demo, page)));
      if (measured) console.log(`  ${demo.kind} on Deno's wasm: ${JSON.stringify(measured)}`);
      return measured;
    };
    for (let round = 0; round < options.rounds; round++) {
      // Deno first in odd rounds: a load rising or falling over a round favours neither side.
      let measured = round % 2 ? await denoTurn() : undefined;
      for (const [i, backend] of options.backends.entries()) {
        const cell = await fresh((page) => benchCell(page, demo, url, backend));
        console.log(`  ${demo.kind} on ${backend}: ${JSON.stringify(cell)}`);
        rounds[i].push(cell);
      }
      if (round % 2 === 0) measured = await denoTurn();
      if (!measured) continue;
      deno.push(measured);
      const pageWasm = rounds[options.backends.indexOf("wasm")]?.at(-1);
      if (pageWasm?.stepsPerSecond) ratios.push(pageWasm.stepsPerSecond / measured.stepsPerSecond);
    }
    row.cells = rounds.map(mergeRounds);
    if (deno.length) {
      row.denoWasm = median(deno.map((d) => d.stepsPerSecond));
      row.denoKernels = deno[0].kernels;
      if (deno.length > 1) row.denoRates = deno.map((d) => d.stepsPerSecond);
    }
    if (ratios.length) row.wasmRatio = median(ratios);
    const pageKernels = row.cells.find((c) => c.backend === "wasm")?.kernels;
    if (pageKernels !== undefined && row.denoKernels !== undefined) {
      if (pageKernels !== row.denoKernels) {
        console.warn(
          `${demo.kind}: the page's wasm step ran ${pageKernels} kernels, Deno's ` +
            `${row.denoKernels}: they do not run the same code`,
        );
      }
    }
    console.log(`${demo.kind}: auto ${JSON.stringify(row.auto)}; Deno wasm ${fmt(row.denoWasm)}`);
    rows.push(row);
  }
} finally {
  await site.close();
}
const text = table(rows, options.backends);
console.log(`\nWebGPU adapter: ${adapter}\n\n${text}`);
await Deno.mkdir(new URL("../bench-results/", import.meta.url), { recursive: true });
await writeTextAtomically(
  options.out,
  JSON.stringify(
    {
      date: new Date().toISOString(),
      browser: browserVersion,
      adapter,
      gpuFlags: options.gpu,
      budget: { steps: options.steps, ms: options.ms, rounds: options.rounds },
      rows,
    },
    null,
    2,
  ) + "\n",
);
console.log(`wrote ${options.out}`);
