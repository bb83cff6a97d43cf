/**
 * The fused RK kernels (lib/nn/fused_rk) in headless Chromium, through the test harness page
 * /harness/fused-rk/ (site/src/harness/fused_rk.runtime.ts), on webgpu and on webgl: lecture 2's
 * training step gives cpu's first loss and cpu's gradients, cpu's losses over 20 steps, leaks
 * no tensor, and dispatches at least 4× fewer kernels than the op-by-op solver on the same
 * backend; and lib/nn/fused_rk/agreement.ts's table (every method and activation, substeps,
 * backward in time) agrees with cpu; and the demos' fused Adam (lib/train/fused_adam.ts) gives
 * tfjs Adam's losses with far fewer kernels. webgl's losses drift from cpu's by ~3e-3 after the first
 * Adam step, op by op as much as fused: a gradient entry near zero can flip sign in float32
 * rounding, and Adam moves it by a full step either way; they are held to the demos' 1e-2
 * (demos_test.ts), the gradients to 1e-5.
 */
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { collectErrors, openSite } from "./_browser.ts";
import type { HarnessRequest, HarnessResult } from "../../site/src/harness/fused_rk.runtime.ts";
import { type Agreement, AGREEMENT_CASES } from "../../lib/nn/fused_rk/agreement.ts";

const STEPS = 20;
/** Training steps compared between the fused Adam and tfjs's. */
const ADAM_STEPS = 10;
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
          // The first loss is the forward solve at the initial weights: no Adam step yet.
          assert.ok(
            Math.abs(r.losses[0] - cpu.losses[0]) <= TOLERANCE * Math.abs(cpu.losses[0]),
            `${backend}: first loss ${r.losses[0]} vs cpu ${cpu.losses[0]}`,
          );
          assert.equal(r.leaked, 0, `${backend}: a training step leaked ${r.leaked} tensors`);
          const opByOp = await run(page, { backend, fused: false, steps: 0, countOnly: true });
          console.log(`  ${backend} op by op: ${opByOp.kernels} kernels/step`);
          if (backend === "webgl") {
            // What a reader gets: fused only on a hardware renderer (software_webgl.ts).
            const asShipped = await run(page, {
              backend,
              fused: true,
              steps: 0,
              countOnly: true,
              onSoftwareWebGl: false,
            });
            console.log(
              `  webgl as shipped (${asShipped.softwareWebGl ? "software" : "hardware"} ` +
                `renderer): ${asShipped.kernels} kernels/step`,
            );
            assert.equal(asShipped.kernels, asShipped.softwareWebGl ? opByOp.kernels : r.kernels);
          }
          assert.ok(
            opByOp.kernels >= 4 * r.kernels,
            `${backend}: ${r.kernels} kernels per step fused vs ${opByOp.kernels} op by op`,
          );
        });
        await t.step(`${backend}: the fused Adam gives tfjs Adam's losses`, async () => {
          const fusedAdam = await run(page, { backend, fused: true, steps: ADAM_STEPS });
          const tfjsAdam = await run(page, {
            backend,
            fused: true,
            steps: ADAM_STEPS,
            optimizer: "tfjs",
          });
          console.log(
            `  ${backend}: ${fusedAdam.kernels} kernels/step with the fused Adam, ` +
              `${tfjsAdam.kernels} with tfjs's; losses differ by ` +
              `${maxRelative(fusedAdam.losses, tfjsAdam.losses).toExponential(2)}`,
          );
          fusedAdam.losses.forEach((l, i) =>
            assert.ok(
              Math.abs(l - tfjsAdam.losses[i]) <= TOLERANCE * Math.abs(tfjsAdam.losses[i]),
              `${backend} step ${i}: loss ${l} with the fused Adam, ${
                tfjsAdam.losses[i]
              } with tfjs's`,
            )
          );
          assert.ok(
            tfjsAdam.kernels - fusedAdam.kernels >= 10 * 6,
            `${backend}: ${fusedAdam.kernels} vs ${tfjsAdam.kernels}: Adam's 14 kernels per ` +
              "variable should be 3",
          );
        });
        await t.step(`${backend}: every method and activation agrees with cpu`, async () => {
          const table = await page.evaluate(
            (b) =>
              (globalThis as unknown as {
                fusedRkHarness: { agreement(b: string): Promise<Agreement[]> };
              }).fusedRkHarness.agreement(b),
            backend,
          );
          for (const row of table) {
            console.log(`  ${backend} ${row.case}: ${row.refusal ?? row.worst.toExponential(2)}`);
            assert.equal(row.refusal, undefined, `${backend} ${row.case}: not fused`);
            assert.ok(row.worst <= TOLERANCE, `${backend} ${row.case}: ${row.worst} from cpu`);
          }
          assert.equal(table.length, AGREEMENT_CASES.length);
        });
      }
      assert.deepEqual(errors, []);
    } finally {
      await page.close();
      await site.close();
    }
  },
});
