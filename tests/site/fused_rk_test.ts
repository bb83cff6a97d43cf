/**
 * The fused RK kernels (lib/nn/fused_rk) in headless Chromium, through the test harness page
 * /harness/fused-rk/ (site/src/harness/fused_rk.runtime.ts): lecture 2's training step on webgpu
 * (fused) gives cpu's losses over 20 steps and cpu's gradients, leaks no tensor, and dispatches
 * at least 4× fewer kernels than the op-by-op solver on webgpu. webgl has no fused kernels
 * yet: there the step must fall back to the op-by-op path cleanly (cpu's kernel count and
 * gradients, no leak). Its losses drift from cpu's by ~3e-3 after the first Adam step even op
 * by op (the gradients agree to 3e-7), so they are held to the demos' 1e-2 (demos_test.ts).
 */
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { collectErrors, openSite } from "./_browser.ts";
import type { HarnessRequest, HarnessResult } from "../../site/src/harness/fused_rk.runtime.ts";

const STEPS = 20;
/** Relative agreement with cpu of every loss and of each parameter's gradient (max norm). */
const TOLERANCE = 1e-5;
/** webgl's losses (op by op: see the header). */
const WEBGL_LOSS_TOLERANCE = 1e-2;

function run(page: Page, request: HarnessRequest): Promise<HarnessResult> {
  return page.evaluate(
    (r) =>
      (globalThis as unknown as {
        fusedRkHarness: { run(r: HarnessRequest): Promise<HarnessResult> };
      }).fusedRkHarness.run(r),
    request,
  );
}

function maxRelative(got: number[], want: number[]): number {
  const scale = Math.max(...want.map(Math.abs));
  return Math.max(...got.map((g, i) => Math.abs(g - want[i]))) / scale;
}

function describe(r: HarnessResult): string {
  const steady = [...r.ms.slice(1), r.countedMs];
  const ms = steady.reduce((s, x) => s + x, 0) / steady.length;
  return `${r.kernels} kernels/step, first step ${(r.ms[0] ?? r.countedMs).toFixed(0)} ms, ` +
    `then ${ms.toFixed(1)} ms/step; kernels ${JSON.stringify(r.kernelNames)}`;
}

Deno.test({
  name: "fused RK kernels: lecture 2's training on webgpu and webgl agrees with cpu, with far " +
    "fewer kernels",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn(t) {
    const site = await openSite();
    const page = await site.browser.newPage();
    const errors = collectErrors(page);
    try {
      await page.goto(`${site.base}/harness/fused-rk/`);
      await page.waitForFunction(() => document.documentElement.dataset.harness === "ready");
      const cpu = await run(page, { backend: "cpu", fused: true, steps: STEPS });
      console.log(`  cpu: ${describe(cpu)}`);
      for (const backend of ["webgl", "webgpu"] as const) {
        const lossTolerance = backend === "webgpu" ? TOLERANCE : WEBGL_LOSS_TOLERANCE;
        await t.step(`${backend}: 20 losses and the gradients match cpu; no leak`, async () => {
          const r = await run(page, { backend, fused: true, steps: STEPS });
          console.log(
            `  ${backend} (fused where it applies): ${describe(r)}; losses vs cpu ` +
              `${maxRelative(r.losses, cpu.losses).toExponential(2)}, gradients ` +
              `${
                Math.max(...r.gradients.map((g, i) => maxRelative(g, cpu.gradients[i])))
                  .toExponential(2)
              }`,
          );
          assert.equal(r.backend, backend);
          r.losses.forEach((l, i) =>
            assert.ok(
              Math.abs(l - cpu.losses[i]) <= lossTolerance * Math.abs(cpu.losses[i]),
              `${backend} step ${i}: loss ${l} vs cpu ${cpu.losses[i]}`,
            )
          );
          r.gradients.forEach((g, i) =>
            assert.ok(
              maxRelative(g, cpu.gradients[i]) <= TOLERANCE,
              `${backend} gradient of parameter ${i} differs from cpu's by ` +
                `${maxRelative(g, cpu.gradients[i])} (relative to its largest entry)`,
            )
          );
          assert.equal(r.leaked, 0, `${backend}: a training step leaked ${r.leaked} tensors`);
          if (backend === "webgl") assert.equal(r.kernels, cpu.kernels, "webgl: not op by op");
          if (backend === "webgpu") {
            const opByOp = await run(page, { backend, fused: false, steps: 0, countOnly: true });
            console.log(`  webgpu op by op: ${opByOp.kernels} kernels/step`);
            assert.ok(
              opByOp.kernels >= 4 * r.kernels,
              `webgpu: ${r.kernels} kernels per step fused vs ${opByOp.kernels} op by op`,
            );
          }
        });
      }
      assert.deepEqual(errors, []);
    } finally {
      await page.close();
      await site.close();
    }
  },
});
