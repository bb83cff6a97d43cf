/**
 * `?wasm-threads=N` on a page: the thread count the wasm backend asks for, on the page and in its
 * training workers (scripts/bench/wasm_threads.ts compares counts this way; a reader may too).
 * Undefined without it: lib/backend.ts's defaultWasmThreads() then decides.
 */
export function wasmThreadsChoice(search = location.search): number | undefined {
  const n = Number(new URLSearchParams(search).get("wasm-threads"));
  return Number.isInteger(n) && n >= 1 && n <= 8 ? n : undefined;
}
