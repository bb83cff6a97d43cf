/**
 * Training speed of every training demo on the wasm backend in headless Chromium: a page that is
 * not cross-origin isolated (single-threaded binary) against isolated pages asking for 1, 2 and
 * 4 threads (`?wasm-threads=N`, site/src/core/wasm_threads.ts). Prints a table and writes
 * bench-results/wasm-threads.json. Needs a built site (`deno task build`).
 *
 *   deno task bench:wasm-threads [--seconds 8] [--threads 1,2,4] [--demos node-training,…]
 *
 * Steps/s is counted from the frame's data-step changes after the second step (the first ones
 * load data and compile kernels), over `--seconds` of training.
 *
 * tfjs-backend-wasm caps its threads at half of navigator.hardwareConcurrency (it assumes two
 * hyper-threads per core), so on a 2-thread machine it runs 1 thread whatever it is asked. The
 * pages here report EMULATED_CORES instead (a DevTools override), which lifts that cap for the
 * demos that train on the page; the override does not reach web workers, so the worker demos
 * (lectures 7 and 8) run at the real cap, as the table's thread column says. One thread means
 * the single-threaded binary (lib/backend.ts picks it for one thread).
 */
import type { Browser, Page } from "playwright-core";
import { serve } from "../serve.ts";
import { clickDemo, openSite, waitDemo } from "../site_browser.ts";
import { DIST } from "../site_dist.ts";

interface Demo {
  lecture: string;
  path: string;
  kind: string;
  /** Trains in a web worker (slower polling: the page itself stays idle). */
  worker?: boolean;
}

export const DEMOS: Demo[] = [
  { lecture: "2 NodeTraining", path: "/lectures/02-neural-odes/", kind: "node-training" },
  { lecture: "3 VaeTraining", path: "/lectures/03-vae-primer/", kind: "vae-training" },
  { lecture: "4 OdeVaeTraining", path: "/lectures/04-odevae/", kind: "odevae-training" },
  { lecture: "5 LatentOdeTraining", path: "/lectures/05-latent-odes/", kind: "latent-ode" },
  { lecture: "6 OdeNetTraining", path: "/lectures/06-odenet/", kind: "odenet-training" },
  {
    lecture: "7 CnfTraining",
    path: "/lectures/07-continuous-normalising-flows/",
    kind: "cnf-training",
    worker: true,
  },
  {
    lecture: "8 AnodeCrossing",
    path: "/lectures/08-related-work/",
    kind: "anode-crossing",
    worker: true,
  },
];

export interface Run {
  demo: string;
  kind: string;
  /** "not isolated" or "isolated, N threads asked". */
  setting: string;
  isolated: boolean;
  /** Threads the demo reported (data-wasm-threads). */
  wasmThreads: number;
  stepsPerSecond: number;
  msPerStep: number;
  steps: number;
}

const FIRST_COUNTED_STEP = 2;
/** What the pages are told navigator.hardwareConcurrency is: tfjs then allows up to 4 threads. */
export const EMULATED_CORES = 8;

/** Trains `demo` on a fresh page for `seconds` past its warm-up; its speed and thread count. */
async function measure(
  browser: Browser,
  base: string,
  demo: Demo,
  query: string,
  seconds: number,
): Promise<{ stepsPerSecond: number; steps: number; wasmThreads: number; isolated: boolean }> {
  // No service worker: the plain page, isolated by the server's headers or not at all.
  const context = await browser.newContext({ serviceWorkers: "block" });
  const page: Page = await context.newPage();
  const devtools = await context.newCDPSession(page);
  await devtools.send("Emulation.setHardwareConcurrencyOverride", {
    hardwareConcurrency: EMULATED_CORES,
  });
  try {
    await page.goto(`${base}${demo.path}?backend=wasm${query}`);
    await page.evaluate((kind) => {
      const root = document.querySelector<HTMLElement>(`[data-demo="${kind}"]`)!;
      const log: { s: number; t: number }[] = [];
      (globalThis as unknown as { stepLog: typeof log }).stepLog = log;
      new MutationObserver(() => log.push({ s: Number(root.dataset.step), t: performance.now() }))
        .observe(root, { attributes: true, attributeFilter: ["data-step"] });
    }, demo.kind);
    await clickDemo(page, demo.kind, "start");
    const polling = demo.worker ? 250 : 100;
    await waitDemo(page, demo.kind, `Number(d.step ?? 0) >= ${FIRST_COUNTED_STEP}`, 300_000, {
      polling,
    });
    await page.waitForTimeout(seconds * 1000);
    // A slow demo: wait for at least two counted steps.
    await waitDemo(page, demo.kind, `Number(d.step ?? 0) >= ${FIRST_COUNTED_STEP + 2}`, 300_000, {
      polling,
    });
    const { log, threads, isolated } = await page.evaluate((kind) => ({
      log: (globalThis as unknown as { stepLog: { s: number; t: number }[] }).stepLog,
      threads: document.querySelector<HTMLElement>(`[data-demo="${kind}"]`)!.dataset.wasmThreads,
      isolated: crossOriginIsolated,
    }), demo.kind);
    const counted = log.filter((e) => e.s >= FIRST_COUNTED_STEP);
    const first = counted[0];
    const last = counted[counted.length - 1];
    const steps = last.s - first.s;
    return {
      stepsPerSecond: steps / ((last.t - first.t) / 1000),
      steps,
      wasmThreads: Number(threads ?? 0),
      isolated,
    };
  } finally {
    await context.close();
  }
}

function parseArgs(args: string[]): { seconds: number; threads: number[]; demos: Demo[] } {
  const value = (flag: string) => {
    const i = args.indexOf(flag);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const seconds = Number(value("--seconds") ?? 8);
  const threads = (value("--threads") ?? "1,2,4").split(",").map(Number);
  const kinds = value("--demos")?.split(",");
  const demos = kinds ? DEMOS.filter((d) => kinds.includes(d.kind)) : DEMOS;
  if (!(seconds > 0) || threads.some((n) => !Number.isInteger(n) || n < 1) || !demos.length) {
    console.error(
      "Usage: wasm_threads.ts [--seconds 8] [--threads 1,2,4] [--demos node-training,…]",
    );
    Deno.exit(2);
  }
  return { seconds, threads, demos };
}

if (import.meta.main) {
  const { seconds, threads, demos } = parseArgs(Deno.args);
  const runs: Run[] = [];
  const settings = [
    { isolation: false, label: "not isolated", query: "" },
    ...threads.map((n) => ({
      isolation: true,
      label: `isolated, ${n} thread${n > 1 ? "s" : ""}`,
      query: `&wasm-threads=${n}`,
    })),
  ];
  // One browser, two servers (with and without the headers); each demo runs every setting in
  // turn, so a change in the machine's load between demos does not favour one setting.
  const site = await openSite({ webgpu: false });
  const bare = serve({ root: DIST, port: 0, isolation: false });
  const bareBase = `http://127.0.0.1:${bare.port}`;
  try {
    for (const demo of demos) {
      for (const setting of settings) {
        const base = setting.isolation ? site.base : bareBase;
        const r = await measure(site.browser, base, demo, setting.query, seconds);
        const run: Run = {
          demo: demo.lecture,
          kind: demo.kind,
          setting: setting.label,
          isolated: r.isolated,
          wasmThreads: r.wasmThreads,
          stepsPerSecond: r.stepsPerSecond,
          msPerStep: 1000 / r.stepsPerSecond,
          steps: r.steps,
        };
        runs.push(run);
        console.log(
          `${demo.lecture.padEnd(22)} ${setting.label.padEnd(22)} ` +
            `threads ${run.wasmThreads}  ${run.stepsPerSecond.toFixed(2)} steps/s ` +
            `(${run.steps} steps)`,
        );
      }
    }
  } finally {
    await site.close();
    await bare.server.shutdown();
  }
  const columns = settings.map((s) => s.label);
  const lines = [
    `| demo | ${columns.join(" | ")} |`,
    `|---|${columns.map(() => "---:").join("|")}|`,
    ...demos.map((d) => {
      const cells = columns.map((c) => {
        const r = runs.find((x) => x.kind === d.kind && x.setting === c)!;
        return `${r.stepsPerSecond.toFixed(2)} (${r.wasmThreads})`;
      });
      return `| ${d.lecture} | ${cells.join(" | ")} |`;
    }),
  ];
  console.log(
    `\nTraining steps/s (threads used), wasm backend, headless Chromium, ` +
      `${navigator.hardwareConcurrency} CPU threads:\n`,
  );
  console.log(lines.join("\n"));
  await Deno.mkdir("bench-results", { recursive: true });
  await Deno.writeTextFile(
    "bench-results/wasm-threads.json",
    JSON.stringify(
      {
        date: new Date().toISOString(),
        cores: navigator.hardwareConcurrency,
        emulatedCores: EMULATED_CORES,
        // Other work on the machine skews every figure: keep the load next to them.
        loadAverage: Deno.loadavg(),
        seconds,
        runs,
      },
      null,
      1,
    ) + "\n",
  );
  console.log(`\nload average ${Deno.loadavg().join(" ")}; wrote bench-results/wasm-threads.json`);
}
