/**
 * The system check page (site/src/pages/system-check.astro) in headless Chromium with WebGPU on
 * SwiftShader: every backend initialises, is timed and checked against the build's reference,
 * and the page says what works. Prints the figures (README, "In-browser speed").
 */
import assert from "node:assert/strict";
import { collectErrors, openSite } from "./_browser.ts";

const QUICK = Deno.env.get("SYSTEM_CHECK_FULL") ? "" : "&quick=1";

Deno.test({
  name: "system check: every backend reports figures that match the reference, and a verdict",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const site = await openSite({ webgpu: true });
    try {
      const page = await site.browser.newPage();
      const errors = collectErrors(page);
      await page.goto(`${site.base}/system-check/?run=1${QUICK}`);
      const root = page.locator("#system-check");
      await page.waitForFunction(
        () => ["done", "error"].includes(document.getElementById("system-check")!.dataset.state!),
        undefined,
        { timeout: 240_000 },
      );
      assert.equal(await root.getAttribute("data-state"), "done");
      const rows: Record<string, string>[] = await page.locator("tr[data-backend]").evaluateAll(
        (trs) =>
          trs.map((tr) => ({
            ...(tr as HTMLElement).dataset as Record<string, string>,
            check: tr.querySelector('[data-role="check"]')?.textContent ?? "",
          })),
      );
      console.log(`\n${(await page.locator('[data-role="report"]').textContent())}\n`);
      // Headless Chromium here has all four: WebGPU (SwiftShader), WebGL, wasm and cpu.
      assert.deepEqual(rows.map((r) => r.backend), ["webgpu", "webgl", "wasm", "cpu"]);
      for (const r of rows) {
        // Every backend here must compute the reference numbers, WebGPU (SwiftShader) included:
        // its dopri5 once read back zeros (an addN past 8 storage buffers) and then lost the
        // device on blocking reads; lib/ode now sums in chunks and the page awaits its reads.
        assert.equal(r.status, "ok", `${r.backend}: ${r.status} — ${r.check}`);
        assert.ok(Number(r.training) > 0, `${r.backend}: training figure ${JSON.stringify(r)}`);
        assert.ok(Number(r.rk4) > 0, `${r.backend}: RK4 figure ${JSON.stringify(r)}`);
        assert.ok(Number(r.dopri5) > 0, `${r.backend}: dopri5 figure`);
        assert.match(r.check, /matches the reference \(training losses within/);
        assert.match(r.check, /dopri5 338 evaluations/);
      }
      const headline = await page.locator('[data-role="headline"]').textContent();
      assert.ok(headline && headline.length > 10, "a verdict headline");
      assert.ok(["ready", "usable", "slow"].includes((await root.getAttribute("data-verdict"))!));
      assert.equal(await page.locator('[data-env="secure"]').textContent(), "yes");
      assert.ok(await page.locator('[data-action="copy"]').isEnabled());
      assert.deepEqual(errors, []);
      await page.close();
    } finally {
      await site.close();
    }
  },
});

Deno.test({
  name: "system check: without WebGPU the row says unavailable and the advice says what to do",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const site = await openSite({ webgpu: false });
    try {
      const page = await site.browser.newPage();
      // Only the verdict matters here: the shortest budget.
      await page.goto(`${site.base}/system-check/?run=1&quick=1&backends=webgpu,wasm`);
      await page.waitForFunction(
        () => document.getElementById("system-check")!.dataset.state === "done",
        undefined,
        { timeout: 240_000 },
      );
      const gpu = page.locator('tr[data-backend="webgpu"]');
      assert.equal(await gpu.getAttribute("data-status"), "unavailable");
      assert.equal(
        await gpu.getAttribute("data-training"),
        null,
        "no figure for a missing backend",
      );
      const advice = await page.locator('[data-role="advice"]').textContent();
      assert.match(advice!, /WebGPU unavailable .*enable it in your browser's settings/);
      assert.equal(
        await page.locator('tr[data-backend="webgl"]').getAttribute("data-status"),
        "skipped",
      );
      await page.close();
    } finally {
      await site.close();
    }
  },
});
