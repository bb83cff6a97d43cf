/// <reference path="../env.d.ts" />
/**
 * The light part of every demo (no tfjs): wires a <DemoFrame>'s buttons and backend selector,
 * keeps its state in data attributes (read by readers' CSS and by the browser tests), and loads
 * the heavy runtime — tfjs, lib/, Observable Plot — only when the reader presses Start.
 * Every failure ends as a visible message in the frame, never as a blank or frozen demo.
 */
import type { BackendChoice } from "./backend.ts";
import { pickAuto, type ProbeRuntime } from "./auto.ts";
import { forgetProbe } from "./auto_memory.ts";

export type { ProbeRuntime };

export type DemoState = "idle" | "starting" | "running" | "paused" | "ready" | "done" | "error";

/** What a runtime may tell its frame. */
export interface DemoContext {
  root: HTMLElement;
  backend: string;
  /** Status line under the buttons. */
  status(text: string): void;
  /** A highlighted note (e.g. a fallback, a metric). */
  note(text: string, kind?: "info" | "warn" | "ok" | "error"): void;
  setState(state: DemoState): void;
  /** Training progress, mirrored into data-step / data-loss / data-losses. */
  progress(step: number, loss: number): void;
  /** A named number for tests and readers (data-<name>). */
  metric(name: string, value: number | string): void;
  /** Ends in the error state with the message shown. */
  fail(error: unknown): void;
}

export interface DemoRuntime {
  /** Start or resume (training demos), or render the first result (interactive demos). */
  start(): Promise<void> | void;
  pause?(): void;
  reset?(): Promise<void> | void;
  loadPretrained?(): Promise<void>;
  /** Frees every tensor; the frame creates a new runtime on the next start. */
  dispose(): void;
}

export type CreateRuntime = (ctx: DemoContext) => DemoRuntime | Promise<DemoRuntime>;

/** A demo's runtime module: training demos also export `probe`, their step without drawing. */
export interface RuntimeModule {
  create: CreateRuntime;
  probe?: ProbeRuntime;
}

const CHOICES: BackendChoice[] = ["auto", "webgpu", "webgl", "wasm", "cpu"];

/** ?backend=… forces a backend for every demo on the page (tests, curious readers). */
function queryChoice(): BackendChoice | undefined {
  const q = new URLSearchParams(location.search).get("backend");
  return q && (CHOICES as string[]).includes(q) ? q as BackendChoice : undefined;
}

function message(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/** Mounts every frame with data-demo=kind on the page. */
export function mountDemos(kind: string, load: () => Promise<RuntimeModule>): void {
  for (const root of document.querySelectorAll<HTMLElement>(`[data-demo="${kind}"]`)) {
    mountOne(root, load);
  }
  exposeForBenchmark(kind, load);
}

/**
 * scripts/bench_browser.ts times each demo's step on each backend through this (and the page's
 * "auto" through the frame itself); nothing on the page calls it.
 */
function exposeForBenchmark(kind: string, load: () => Promise<RuntimeModule>): void {
  const g = globalThis as { demoBench?: Record<string, unknown> };
  g.demoBench ??= {};
  g.demoBench[kind] = async (backend: string, budget: { steps: number; ms: number }) => {
    const [{ benchBackend }, mod] = await Promise.all([import("./probe.ts"), load()]);
    const root = document.querySelector<HTMLElement>(`[data-demo="${kind}"]`)!;
    if (!mod.probe) throw new Error(`${kind} has no training step to time`);
    return benchBackend(() => mod.probe!(root), backend as Exclude<BackendChoice, "auto">, budget);
  };
}

function mountOne(root: HTMLElement, load: () => Promise<RuntimeModule>): void {
  // A mine build says whose functions the demo runs; MINE is false in a normal build, so this
  // branch and the module it loads are not in that bundle.
  if (import.meta.env.MINE) import("../mine/label.ts").then((m) => m.attachMineLabel(root));
  const $ = <T extends Element>(sel: string) => root.querySelector<T>(sel);
  const startBtn = $<HTMLButtonElement>('[data-action="start"]')!;
  const pauseBtn = $<HTMLButtonElement>('[data-action="pause"]');
  const resetBtn = $<HTMLButtonElement>('[data-action="reset"]');
  const pretrainedBtn = $<HTMLButtonElement>('[data-action="pretrained"]');
  const remeasureBtn = $<HTMLButtonElement>('[data-action="remeasure"]');
  const select = $<HTMLSelectElement>('[data-role="backend-choice"]')!;
  const backendLabel = $<HTMLElement>('[data-role="backend"]')!;
  const statusLine = $<HTMLElement>('[data-role="status"]')!;
  const notes = $<HTMLElement>('[data-role="notes"]')!;
  const startLabel = startBtn.textContent ?? "Start";
  const training = pauseBtn !== null;

  const kind = root.dataset.demo!;
  const forced = queryChoice();
  if (forced) select.value = forced;
  let runtime: DemoRuntime | undefined;
  let creating: Promise<DemoRuntime> | undefined;
  /** Set by "Measure again": auto ignores what it remembered. */
  let measureAgain = false;
  const losses: number[] = [];

  /**
   * A focused button that gets disabled drops keyboard focus to the page. Start hands it on to
   * Pause once training runs, and Pause back to Start ("Resume"), so a keyboard user can press
   * Enter, Enter, Enter to start, pause and resume.
   */
  let handOffFocus = false;
  const keepFocus = (state: DemoState) => {
    const gone = [startBtn, pauseBtn, pretrainedBtn].some((b) =>
      b && b.disabled && document.activeElement === b
    );
    if (gone) handOffFocus = true;
    if (!handOffFocus || state === "starting") return;
    handOffFocus = false;
    // A demo without Pause (it renders once) hands focus to its first own control instead.
    const next = [pauseBtn, startBtn].find((b) => b && !b.disabled) ??
      $<HTMLElement>(".demo-controls :is(input, select, button):not(:disabled)");
    next?.focus();
  };
  const setState = (state: DemoState) => {
    root.dataset.state = state;
    const busy = state === "starting" || state === "running";
    startBtn.disabled = busy || (!training && state === "ready");
    if (pauseBtn) pauseBtn.disabled = state !== "running";
    if (resetBtn) resetBtn.disabled = runtime === undefined || state === "starting";
    if (pretrainedBtn) pretrainedBtn.disabled = state === "starting";
    if (training) startBtn.textContent = state === "paused" ? "Resume" : startLabel;
    keepFocus(state);
  };
  const note = (text: string, kind: "info" | "warn" | "ok" | "error" = "info") => {
    const p = document.createElement("p");
    p.className = `demo-note ${kind}`;
    p.textContent = text;
    notes.append(p);
  };
  const fail = (error: unknown) => {
    console.warn(error);
    setState("error");
    statusLine.textContent = "The demo stopped.";
    note(
      `Something went wrong: ${message(error)}. Reload the page or pick another backend.`,
      "error",
    );
  };
  const ctxBase = {
    root,
    status: (text: string) => void (statusLine.textContent = text),
    note,
    setState,
    progress(step: number, loss: number) {
      if (losses.length < 200) losses.push(loss);
      root.dataset.step = String(step);
      root.dataset.loss = String(loss);
      root.dataset.losses = JSON.stringify(losses);
    },
    metric: (name: string, value: number | string) => void (root.dataset[name] = String(value)),
    fail,
  };

  const ensureRuntime = (): Promise<DemoRuntime> => {
    if (runtime) return Promise.resolve(runtime);
    creating ??= (async () => {
      setState("starting");
      notes.replaceChildren();
      statusLine.textContent = "Loading TensorFlow.js and the course library…";
      const [{ ensureBackend }, mod] = await Promise.all([import("./backend.ts"), load()]);
      let choice = select.value as BackendChoice;
      if (choice === "auto") {
        const pick = await pickAuto(kind, root, mod.probe, {
          measureAgain,
          status: (text) => void (statusLine.textContent = text),
        });
        measureAgain = false;
        choice = pick.backend;
        root.dataset.probeSource = pick.source;
        if (pick.rates) root.dataset.probe = JSON.stringify(pick.rates);
        if (pick.leaked !== undefined) root.dataset.probeLeaked = String(pick.leaked);
        if (pick.details) root.dataset.probeDetails = JSON.stringify(pick.details);
        if (pick.note) note(pick.note, "info");
        if (remeasureBtn) remeasureBtn.hidden = !mod.probe || pick.source === "probe";
      }
      const active = await ensureBackend(choice);
      const name = active.report.name;
      root.dataset.backend = name;
      if (active.report.wasmThreads) root.dataset.wasmThreads = String(active.report.wasmThreads);
      backendLabel.textContent = `backend: ${name}`;
      backendLabel.classList.add("live");
      for (const n of active.notes) note(n, "warn");
      if (name !== choice) {
        note(
          `You asked for ${choice}; this browser runs the demo on ${name} instead.`,
          "warn",
        );
      }
      const rt = await mod.create({ ...ctxBase, backend: name });
      runtime = rt;
      return rt;
    })();
    creating.finally(() => (creating = undefined)).catch(() => {});
    return creating;
  };

  const guard = (fn: () => Promise<void> | void) => async () => {
    try {
      await fn();
    } catch (error) {
      fail(error);
    }
  };

  startBtn.addEventListener(
    "click",
    guard(async () => {
      const rt = await ensureRuntime();
      await rt.start();
    }),
  );
  pauseBtn?.addEventListener("click", () => runtime?.pause?.());
  remeasureBtn?.addEventListener(
    "click",
    guard(async () => {
      forgetProbe(kind);
      measureAgain = true;
      remeasureBtn.hidden = true;
      drop();
      const rt = await ensureRuntime();
      await rt.start();
    }),
  );
  resetBtn?.addEventListener(
    "click",
    guard(async () => {
      losses.length = 0;
      delete root.dataset.losses;
      delete root.dataset.step;
      await runtime?.reset?.();
    }),
  );
  pretrainedBtn?.addEventListener(
    "click",
    guard(async () => {
      const rt = await ensureRuntime();
      losses.length = 0;
      delete root.dataset.pretrained;
      await rt.loadPretrained?.();
      // One signal for every demo (offline and browser tests wait on it).
      root.dataset.pretrained = "loaded";
    }),
  );
  const drop = () => {
    runtime?.dispose();
    runtime = undefined;
    losses.length = 0;
    for (
      const k of [
        "losses",
        "step",
        "loss",
        "backend",
        "wasmThreads",
        "probe",
        "probeSource",
        "probeLeaked",
        "probeDetails",
      ]
    ) {
      delete root.dataset[k];
    }
    backendLabel.textContent = "backend: not started";
    backendLabel.classList.remove("live");
    setState("idle");
  };
  // tfjs has one backend per page, so the selectors of all demos on a page move together.
  select.addEventListener("change", () => {
    globalThis.dispatchEvent(new CustomEvent("demo-backend-choice", { detail: select.value }));
  });
  globalThis.addEventListener("demo-backend-choice", (event) => {
    select.value = (event as CustomEvent<string>).detail;
    drop();
    statusLine.textContent = `Backend set to ${select.value}: press “${startLabel}” to run on it.`;
  });
  globalThis.addEventListener("demo-backend-change", () => {
    if (runtime) {
      drop();
      statusLine.textContent = "Another demo switched the page's backend: press start again.";
    }
  });
  setState("idle");
}
