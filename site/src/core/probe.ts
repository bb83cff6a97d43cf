/// <reference path="../env.d.ts" />
/**
 * "auto", measured: times a demo's own training step (its runtime's `probe`, which draws
 * nothing) on each candidate backend and returns the rates, fastest first. Bounded: about
 * TIMED_MS of timed steps in all; a backend whose start or first step misses its deadline is
 * left behind as "too slow" without waiting for it (on a software WebGPU one step of lecture 2
 * takes 16 s, against 11 ms on wasm). Loaded with tfjs, on demand.
 */
import { tf } from "./backend.ts";
import { type BackendName, initBackend } from "../../../lib/backend.ts";
import { type DemoStep, measureStep, type StepBudget } from "../../../lib/train/demo_step.ts";

/** A backend's rate in steps/s, or why there is none. */
export type Measurement = number | "too slow" | "unavailable" | "failed";
export type Measurements = Partial<Record<BackendName, Measurement>>;

/**
 * Cheap, dependable backends first: wasm starts in milliseconds and its rate sets the deadlines
 * of the rest; a (possibly software) WebGPU last, so that it can be cut off early.
 */
export const PROBE_ORDER: BackendName[] = ["wasm", "webgl", "cpu", "webgpu"];
/** Timed work in all, shared by the candidates (warm-ups not counted). */
export const TIMED_MS = 1500;
const INIT_MS = 3000;
/** The first candidate has no rate to compare with. */
const FIRST_WARMUP_MS = 5000;
/**
 * A later warm-up may take this many of the best step so far (shader compilation is slow but
 * paid once), and never less than WARMUP_FLOOR_MS.
 */
const WARMUP_STEPS = 20;
const WARMUP_FLOOR_MS = 1500;
/** …and never more than this: a reader waits for it. */
const WARMUP_CAP_MS = 5000;
const MAX_TIMED_STEPS = 40;
/**
 * Untimed steps of the first candidate that starts, at most this long: the JavaScript every
 * backend shares (tfjs's engine, the model) runs cold at first, and the first candidate timed
 * would pay for the JIT that later ones enjoy (bench: lecture 2's step on wasm ran 25 steps/s
 * over its first 20 steps, 64 after).
 */
const JIT_WARMUP_MS = 400;
const GPU = new Set<BackendName>(["webgl", "webgpu"]);
/** A finite "never" (setTimeout treats Infinity as 0). */
const NO_DEADLINE_MS = 600_000;

class Deadline extends Error {
  constructor() {
    super("missed its deadline");
  }
}

/** Resolves, or rejects with a Deadline after `ms`; the work goes on (its caller frees it). */
function within<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout>;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Deadline()), ms);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

/** The fastest measured backend (cpu when none ran). */
export function fastest(rates: Measurements): BackendName {
  let best: BackendName = "cpu";
  let bestRate = -1;
  for (const [name, rate] of Object.entries(rates)) {
    if (typeof rate === "number" && rate > bestRate) [best, bestRate] = [name as BackendName, rate];
  }
  return best;
}

export interface ProbeOutcome {
  rates: Measurements;
  picked: BackendName;
  /** Tensors the probe left behind, not counting abandoned steps still in flight (0, or a leak). */
  leaked: number;
  /** Per backend: its start and first step in ms. */
  details: Partial<Record<BackendName, { warmupMs?: number }>>;
}

/** A candidate that ran: its step (kept until the end) and its timed steps so far. */
interface Live {
  name: BackendName;
  demo: DemoStep;
  /** Every timed step's duration, ms. */
  durations: number[];
  /** The step under way (still running after a missed deadline). */
  current?: Promise<number>;
}

/** Times `live`'s step for `ms` (at least one step, each within `stepMs`). */
async function time(live: Live, ms: number, stepMs: number): Promise<void> {
  const started = performance.now();
  let steps = 0;
  while (steps < MAX_TIMED_STEPS && (steps < 1 || performance.now() - started < ms)) {
    await timeOneStep(live, stepMs);
    steps++;
  }
}

async function timeOneStep(live: Live, stepMs: number): Promise<void> {
  const t0 = performance.now();
  live.current = live.demo.step();
  await within(live.current, stepMs);
  live.durations.push(performance.now() - t0);
}

/**
 * Steps per second from the median step: a burst of other work (the page loading, another tab,
 * a step abandoned on a software GPU finishing in the background) lengthens a few steps, not the
 * median.
 */
function rate(live: Live): number {
  const sorted = [...live.durations].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return 1000 / median;
}

/**
 * Times `build()`'s step on each candidate; leaves tfjs on the fastest. Two phases: each
 * candidate starts, warms up and is timed briefly (the slow ones drop out); then the finalists
 * (within half of the best) are timed again one step each in turns, and every rate comes from
 * the median step, so that a passing burst of other work (the page still loading, the offline
 * copy being stored) does not decide alone. An abandoned
 * step is disposed when it settles, in the background.
 */
export async function probeBackends(
  build: () => DemoStep | Promise<DemoStep>,
  candidates: BackendName[] = PROBE_ORDER,
): Promise<ProbeOutcome> {
  tf.enableProdMode();
  const wasmPaths = `${import.meta.env.BASE_URL}tfjs-wasm/`;
  const rates: Measurements = {};
  const details: ProbeOutcome["details"] = {};
  const first = TIMED_MS / 3 / candidates.length;
  const start = tf.memory().numTensors;
  /** Tensors held by abandoned steps (freed when they settle). */
  let inFlight = 0;
  let bestMs = Infinity;
  const live: Live[] = [];
  for (const name of candidates) {
    const warmupStart = performance.now();
    try {
      const report = await within(initBackend({ order: [name], wasmPaths }), INIT_MS);
      if (report.name !== name) throw new Error(`tfjs started ${report.name}`);
    } catch (error) {
      rates[name] = error instanceof Deadline ? "too slow" : "unavailable";
      continue;
    }
    const before = tf.memory().numTensors;
    let demo: DemoStep | undefined;
    let pending: Promise<unknown> | undefined;
    try {
      demo = await build();
      const warmupMs = Number.isFinite(bestMs)
        ? Math.min(WARMUP_CAP_MS, Math.max(WARMUP_FLOOR_MS, WARMUP_STEPS * bestMs))
        : FIRST_WARMUP_MS;
      const firstStart = performance.now();
      pending = demo.step();
      await within(pending, warmupMs);
      pending = undefined;
      details[name] = { warmupMs: Math.round(performance.now() - warmupStart) };
      // cpu and wasm compile nothing: a first step 4× the best already rules them out, and
      // timing more of them would block the page (their steps are synchronous work).
      if (!GPU.has(name) && performance.now() - firstStart > 4 * bestMs) throw new Deadline();
      if (!Number.isFinite(bestMs)) {
        const warming = performance.now();
        while (performance.now() - warming < JIT_WARMUP_MS) {
          pending = demo.step();
          await within(pending, warmupMs);
          pending = undefined;
        }
      }
      const entry: Live = { name, demo, durations: [] };
      // A step that takes longer than 4 of the best cannot be worth it (the first candidate has
      // no best yet, and setTimeout would take Infinity as 0).
      const stepMs = Number.isFinite(bestMs) ? Math.max(first, 4 * bestMs) : FIRST_WARMUP_MS;
      try {
        await time(entry, first, stepMs);
      } catch (error) {
        pending = entry.current;
        throw error;
      }
      live.push(entry);
      bestMs = Math.min(bestMs, 1000 / rate(entry));
    } catch (error) {
      rates[name] = error instanceof Deadline ? "too slow" : "failed";
      if (!(error instanceof Deadline)) console.warn(`probe on ${name}:`, error);
      const release = demo ? () => demo!.dispose() : () => {};
      if (pending) {
        const held = tf.memory().numTensors - before;
        inFlight += held;
        const settle = () => {
          release();
          inFlight -= held;
        };
        pending.then(settle, settle);
      } else release();
    }
  }
  const best = Math.max(...live.map(rate));
  const finalists = live.filter((l) => rate(l) >= best / 2);
  for (const l of live) if (!finalists.includes(l)) rates[l.name] = rate(l);
  if (finalists.length > 1) {
    // Step by step in turns, so that every finalist meets the same background load; their rates
    // come from these turns alone (phase 1 timed each at a different moment).
    for (const l of finalists) l.durations = [];
    const budget = TIMED_MS - first * candidates.length;
    const started = performance.now();
    let rounds = 0;
    while (rounds < 1 || (performance.now() - started < budget && rounds < MAX_TIMED_STEPS)) {
      for (const l of finalists) {
        await tf.setBackend(l.name);
        // No deadline: a finalist kept up with the best in phase 1.
        await timeOneStep(l, NO_DEADLINE_MS);
      }
      rounds++;
    }
  }
  for (const l of finalists) rates[l.name] = rate(l);
  for (const l of live) l.demo.dispose();
  const picked = fastest(rates);
  if (!(await tf.setBackend(picked))) throw new Error(`tfjs could not return to ${picked}`);
  return { rates, picked, leaked: tf.memory().numTensors - start - inFlight, details };
}

/** What the browser benchmark measures on one backend (scripts/bench_browser.ts). */
export interface BenchCell {
  backend: BackendName;
  status: "ok" | "too slow" | "unavailable" | "failed";
  stepsPerSecond?: number;
  steps?: number;
  /** Kernels one step dispatches (tf.profile around it). */
  kernels?: number;
  reason?: string;
}

/**
 * Forces `backend`, runs one step, then measures it as Deno's is measured (measureStep: warm-up,
 * up to `steps` steps or `ms` milliseconds timed, then one step's kernels counted).
 */
export async function benchBackend(
  build: () => DemoStep | Promise<DemoStep>,
  backend: BackendName,
  budget: StepBudget,
): Promise<BenchCell> {
  tf.enableProdMode();
  const wasmPaths = `${import.meta.env.BASE_URL}tfjs-wasm/`;
  try {
    const ms = Math.max(INIT_MS, budget.ms);
    const report = await within(initBackend({ order: [backend], wasmPaths }), ms);
    if (report.name !== backend) throw new Error(`tfjs started ${report.name}`);
  } catch (error) {
    if (error instanceof Deadline) return { backend, status: "too slow", reason: "start" };
    return { backend, status: "unavailable", reason: String(error) };
  }
  let demo: DemoStep | undefined;
  let pending: Promise<unknown> | undefined;
  try {
    demo = await build();
    pending = demo.step();
    await within(pending, budget.ms);
    const measured = await measureStep(() => {
      pending = demo!.step();
      return within(pending, budget.ms);
    }, budget);
    pending = undefined;
    return { backend, status: "ok", ...measured };
  } catch (error) {
    if (error instanceof Deadline) return { backend, status: "too slow" };
    return { backend, status: "failed", reason: String(error) };
  } finally {
    const release = demo ? () => demo!.dispose() : () => {};
    if (pending) pending.then(release, release);
    else release();
  }
}
