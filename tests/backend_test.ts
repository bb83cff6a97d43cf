/** lib/backend: picks the fastest backend available in Deno and falls through with reasons. */
import assert from "node:assert/strict";
import {
  activeBackend,
  defaultBackendOrder,
  defaultWasmThreads,
  detectEnvironment,
  initBackend,
} from "../lib/mod.ts";
import { backend, tf } from "./_setup.ts";

Deno.test("backend: Deno is detected, and its default order is wasm then cpu", () => {
  assert.equal(detectEnvironment(), "deno");
  assert.deepEqual(defaultBackendOrder(), ["wasm", "cpu"]);
  assert.deepEqual(defaultBackendOrder("browser"), ["webgpu", "webgl", "cpu"]);
});

Deno.test("backend: the default pick in Deno is wasm, loaded from local files (no network)", async () => {
  try {
    const report = await initBackend();
    assert.equal(report.name, "wasm");
    assert.equal(activeBackend(), "wasm");
    assert.deepEqual(report.attempts, [{ name: "wasm", ok: true }]);
    // Deno has no threaded wasm (tfjs loads its single-threaded binary there).
    assert.equal(report.wasmThreads, 1);
    // It computes: a matMul on wasm equals the known product.
    const product = tf.tidy(() =>
      tf.matMul(tf.tensor2d([[1, 2]]), tf.tensor2d([[3], [4]])).dataSync()
    );
    assert.deepEqual(Array.from(product), [11]);
  } finally {
    await initBackend({ order: [backend.name] });
  }
});

Deno.test("backend: an unusable backend falls through to the next, with the reason recorded", async () => {
  try {
    const report = await initBackend({ order: ["webgl", "cpu"] });
    assert.equal(report.name, "cpu");
    assert.equal(report.attempts.length, 2);
    assert.equal(report.attempts[0].name, "webgl");
    assert.equal(report.attempts[0].ok, false);
    assert.ok((report.attempts[0].reason ?? "").length > 0, "a reason is given");
  } finally {
    await initBackend({ order: [backend.name] });
  }
});

Deno.test("backend: when nothing works, the error lists every attempt and the fix", async () => {
  try {
    await assert.rejects(
      () => initBackend({ order: ["webgl"] }),
      (e: Error) => e.message.includes("webgl (") && e.message.includes('keep "cpu"'),
    );
  } finally {
    await initBackend({ order: [backend.name] });
  }
});

Deno.test("backend: wasm threads by default: 1 below 8 logical cores, else 2", () => {
  assert.deepEqual([1, 2, 4, 6, 8, 16].map((n) => defaultWasmThreads(n)), [1, 1, 1, 1, 2, 2]);
  assert.equal(defaultWasmThreads(undefined), 1);
});
