/**
 * Picks and initialises the fastest tfjs backend available where the code runs, and says which
 * one is active and why the others were skipped. No Deno or DOM API is used: the environment is
 * told apart by globals only, so this file runs unchanged in Deno and in the browser.
 */
import * as tf from "@tensorflow/tfjs";

export type BackendName = "webgpu" | "webgl" | "wasm" | "cpu";
export type Environment = "deno" | "node" | "browser" | "worker";

export interface BackendAttempt {
  name: BackendName;
  ok: boolean;
  /** Why it could not be used (missing adapter, failed import, …). */
  reason?: string;
}

export interface BackendReport {
  /** The backend now active. */
  name: BackendName;
  environment: Environment;
  /** Every backend tried, in order, until one worked. */
  attempts: BackendAttempt[];
  /**
   * wasm only: the threads its kernels run on. Above 1 only where tfjs-backend-wasm loaded its
   * threaded binary, i.e. where SharedArrayBuffer exists (a cross-origin isolated page or worker).
   */
  wasmThreads?: number;
}

export interface BackendOptions {
  /** Backends to try in order; default: defaultBackendOrder(environment). */
  order?: BackendName[];
  /**
   * Folder (URL or path prefix, ending in "/") that serves tfjs-backend-wasm's .wasm files.
   * In a browser, pass the site's own copy so that nothing comes from a CDN. In Deno the files
   * are read from node_modules by the package itself.
   */
  wasmPaths?: string;
  /** Threads for the wasm backend's threaded binary; default defaultWasmThreads(). */
  wasmThreads?: number;
}

export function detectEnvironment(): Environment {
  const g = globalThis as Record<string, unknown>;
  if ("Deno" in g) return "deno";
  if (typeof g.window === "object" && typeof g.document === "object") return "browser";
  if (typeof g.importScripts === "function") return "worker";
  return "node";
}

/**
 * Deno and Node: wasm (SIMD) beats cpu ~3–8× on this course's models. Browsers: webgpu, then
 * webgl, then cpu (DESIGN.md: measure before preferring wasm for tiny, dispatch-bound models).
 */
export function defaultBackendOrder(environment = detectEnvironment()): BackendName[] {
  return environment === "deno" || environment === "node"
    ? ["wasm", "cpu"]
    : ["webgpu", "webgl", "cpu"];
}

/**
 * Threads for the wasm backend's threaded binary: 1 below 8 logical cores, else 2. Measured in
 * headless Chromium on a 2-core machine (README "Threaded WebAssembly"): every demo that trains on
 * the page ran fastest on 1 thread; 2 threads cost 1.2–15× (two runs), 4 threads more. This
 * course's kernels are too small to split, and a page's main thread may not block, so waiting
 * threads spin and steal the few cores. 2 threads where cores are plentiful is a cautious guess
 * (no such machine was measured); tfjs allows at most half the logical cores anyway, and
 * `?wasm-threads=N` lets a reader compare.
 */
export function defaultWasmThreads(
  cores = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator
    ?.hardwareConcurrency,
): number {
  return (cores ?? 1) >= 8 ? 2 : 1;
}

/** The wasm package, once imported (its thread count is read after it started). */
let wasmModule: typeof import("@tensorflow/tfjs-backend-wasm") | undefined;

/** Imports the package that registers a backend (cpu and webgl come with @tensorflow/tfjs). */
async function register(name: BackendName, options: BackendOptions): Promise<void> {
  if (name === "wasm") {
    const wasm = await import("@tensorflow/tfjs-backend-wasm");
    wasmModule = wasm;
    if (options.wasmPaths) wasm.setWasmPaths(options.wasmPaths);
    const threads = options.wasmThreads ?? defaultWasmThreads();
    // Read when the backend starts; the single-threaded binary ignores it.
    wasm.setThreadsCount(threads);
    // One thread: the single-threaded binary, which ran as fast here, without the threaded one's
    // pool of 8 idle workers per page.
    if (threads <= 1) tf.env().set("WASM_HAS_MULTITHREAD_SUPPORT", false);
  } else if (name === "webgpu") {
    const gpu = (globalThis as { navigator?: { gpu?: unknown } }).navigator?.gpu;
    if (!gpu) throw new Error("this browser exposes no WebGPU (navigator.gpu is missing)");
    await import("@tensorflow/tfjs-backend-webgpu");
  }
}

/**
 * Tries each backend in order and keeps the first that initialises. Throws only when none does
 * (cpu always does, so leaving it last makes this total).
 */
export async function initBackend(options: BackendOptions = {}): Promise<BackendReport> {
  const environment = detectEnvironment();
  const order = options.order ?? defaultBackendOrder(environment);
  const attempts: BackendAttempt[] = [];
  for (const name of order) {
    try {
      await register(name, options);
      if (await tf.setBackend(name)) {
        await tf.ready();
        attempts.push({ name, ok: true });
        if (name !== "wasm") return { name, environment, attempts };
        return { name, environment, attempts, wasmThreads: wasmModule!.getThreadsCount() };
      }
      attempts.push({
        name,
        ok: false,
        reason: "tf.setBackend returned false (initialisation failed)",
      });
    } catch (error) {
      attempts.push({
        name,
        ok: false,
        reason: error instanceof Error ? error.message : String(error),
      });
    }
  }
  throw new Error(
    `no tfjs backend could be initialised: ${
      attempts.map((a) => `${a.name} (${a.reason})`).join("; ")
    }. Fix: keep "cpu" in options.order.`,
  );
}

/** The backend tfjs is using right now. */
export function activeBackend(): string {
  return tf.getBackend();
}
