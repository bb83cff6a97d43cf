/**
 * The fused RK kernels' numbers on a real WebGPU device, in Deno (no browser): every
 * fixed-step method and activation, grid and `stepSize` stepping, forward and backward in
 * time, against the op-by-op solver on cpu (values, dL/dy0 and every parameter gradient).
 * Runs where Deno exposes WebGPU (`deno test --unstable-webgpu`, e.g. through Mesa's software
 * Vulkan with XDG_RUNTIME_DIR set); ignored elsewhere, where tests/site/fused_rk_test.ts
 * checks the same kernels in Chromium.
 */
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { fusedAgreement } from "../../lib/nn/fused_rk/agreement.ts";

const gpu = (navigator as { gpu?: { requestAdapter(): Promise<unknown> } }).gpu;
const hasGpu = await gpu?.requestAdapter().then((a) => a !== null, () => false) ?? false;

Deno.test({
  name: "fused RK on webgpu: the op-by-op solver's loss and gradients, every method and activation",
  ignore: !hasGpu,
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    await import("@tensorflow/tfjs-backend-webgpu");
    tf.enableProdMode();
    for (const r of await fusedAgreement("webgpu")) {
      assert.equal(r.refusal, undefined, `${r.case}: not fused (${r.refusal})`);
      assert.ok(r.worst < 1e-5, `${r.case}: differs from cpu by ${r.worst}`);
    }
  },
});
