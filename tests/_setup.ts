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

/** Van der Pol: dx1/dt = x2, dx2/dt = µ(1 − x1²)x2 − x1; works on [..., 2] states. */
export function vanDerPol(mu: number) {
  return (_t: number, y: tf.Tensor): tf.Tensor =>
    tf.tidy(() => {
      const [x1, x2] = tf.unstack(y, -1);
      return tf.stack([x2, tf.sub(tf.mul(tf.mul(mu, tf.sub(1, tf.square(x1))), x2), x1)], -1);
    });
}

export function linspace(a: number, b: number, n: number): number[] {
  return Array.from({ length: n }, (_, i) => a + (b - a) * i / (n - 1));
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}
