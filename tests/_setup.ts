/**
 * Shared test setup: the backend under test (TFJS_BACKEND=cpu|wasm, default cpu, the reference),
 * reference data from ../shared/reference (falling back to tests/fixtures), and leak checks.
 */
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../lib/backend.ts";

tf.enableProdMode();
const wanted = (Deno.env.get("TFJS_BACKEND") ?? "cpu") as "cpu" | "wasm";
export const backend = await initBackend({ order: [wanted] });

export { tf };

const here = new URL(".", import.meta.url);

/** Reference numbers from torchdiffeq, committed in tests/fixtures/reference. */
export function loadReference<T = unknown>(name: string): T {
  return JSON.parse(Deno.readTextFileSync(new URL(`fixtures/reference/${name}`, here))) as T;
}

/** Runs fn and asserts it leaves tf.memory().numTensors unchanged; returns fn's result. */
export async function expectNoLeak<T>(fn: () => T | Promise<T>, label = "operation"): Promise<T> {
  const before = tf.memory().numTensors;
  const result = await fn();
  const after = tf.memory().numTensors;
  if (after !== before) {
    throw new Error(`${label} leaked ${after - before} tensors (${before} → ${after})`);
  }
  return result;
}

export { linspace } from "../lib/data/linspace.ts";
export { vanDerPolField as vanDerPol } from "../lib/data/vdp.ts";

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}
