/** The system check's verdict (site/src/system-check/verdict.ts): plain advice per outcome. */
import assert from "node:assert/strict";
import {
  type BackendResult,
  compareWithReference,
  verdict,
} from "../../site/src/system-check/verdict.ts";

const SECURE = { secureContext: true, origin: "http://127.0.0.1:4321" };
const ok = (backend: BackendResult["backend"], training: number): BackendResult => ({
  backend,
  status: "ok",
  trainingStepsPerSecond: training,
  rk4StepsPerSecond: 1000,
  dopri5StepsPerSecond: 300,
});

Deno.test("verdict: every backend works and the GPU is fastest → ready, nothing to do", () => {
  const v = verdict([ok("webgpu", 40), ok("webgl", 30), ok("wasm", 20), ok("cpu", 8)], SECURE);
  assert.equal(v.level, "ready");
  assert.equal(v.autoBackend, "webgpu");
  assert.match(v.headline, /WebGPU, 40\.0 training steps\/s/);
  assert.deepEqual(v.advice, ["Nothing to do: enjoy the workshop."]);
});

Deno.test("verdict: WebGPU unavailable → says how to enable it and that demos use WebGL", () => {
  const v = verdict([
    { backend: "webgpu", status: "unavailable", reason: "navigator.gpu is missing" },
    ok("webgl", 12),
    ok("wasm", 25),
    ok("cpu", 6),
  ], SECURE);
  // "auto" reuses this check's rates: demos get the fastest, wasm, with nothing to choose.
  assert.equal(v.autoBackend, "wasm");
  assert.match(v.headline, /WebAssembly, 25\.0 training steps\/s/);
  assert.match(v.advice[0], /^WebGPU unavailable \(navigator\.gpu is missing\): enable it/);
  assert.match(v.advice[0], /Demos use the fastest of the others/);
  assert.ok(!v.advice.some((a) => /choose it in a demo's backend selector/.test(a)));
});

Deno.test("verdict: a backend with wrong numbers is never recommended, nor picked by auto", () => {
  const v = verdict([
    { backend: "webgpu", status: "wrong", check: "training losses differ by 3.0e-1" },
    ok("webgl", 10),
    ok("wasm", 9),
    ok("cpu", 5),
  ], SECURE);
  assert.equal(v.autoBackend, "webgl");
  assert.match(v.advice[0], /computes wrong numbers \(training losses differ/);
  assert.match(v.headline, /demos run on WebGL/);
});

Deno.test("verdict: CPU only and slow → use pretrained weights; none → broken", () => {
  const slow = verdict([
    { backend: "webgpu", status: "unavailable", reason: "no adapter" },
    { backend: "webgl", status: "unavailable", reason: "no context" },
    ok("wasm", 2.5),
    ok("cpu", 1),
  ], SECURE);
  assert.equal(slow.level, "slow");
  assert.ok(slow.advice.some((a) => /No GPU backend works here/.test(a)));
  assert.ok(slow.advice.some((a) => /pretrained weights/.test(a)));
  const none = verdict(
    ["webgpu", "webgl", "wasm", "cpu"].map((b) => ({
      backend: b as BackendResult["backend"],
      status: "failed" as const,
      reason: "x",
    })),
    SECURE,
  );
  assert.equal(none.level, "broken");
});

Deno.test("verdict: an insecure context (LAN over http) is explained first", () => {
  const v = verdict([
    { backend: "webgpu", status: "unavailable", reason: "navigator.gpu is missing" },
    ok("webgl", 12),
    ok("wasm", 10),
    ok("cpu", 5),
  ], { secureContext: false, origin: "http://192.168.1.20:4321" });
  assert.match(v.advice[0], /not a secure context \(http:\/\/192\.168\.1\.20:4321/);
});

Deno.test("compareWithReference: float32 round-off passes, a wrong kernel fails", () => {
  const reference = { losses: [2.5, 2.1, 1.9], rk4: [0.5, -1.2], dopri5: [0.49, -1.21], nfe: 338 };
  const close = compareWithReference({
    losses: [2.50001, 2.10002, 1.89999],
    rk4: [0.50001, -1.2],
    dopri5: [0.49, -1.21001],
    nfe: 344,
  }, reference);
  assert.equal(close.ok, true, close.detail);
  const wrong = compareWithReference(
    { ...reference, losses: [2.5, 2.3, 1.9], nfe: 400 },
    reference,
  );
  assert.equal(wrong.ok, false);
  assert.match(wrong.detail, /training losses differ/);
  assert.match(wrong.detail, /took 400 evaluations, not 338/);
  const nan = compareWithReference({ ...reference, rk4: [NaN, 0] }, reference);
  assert.equal(nan.ok, false);
});
