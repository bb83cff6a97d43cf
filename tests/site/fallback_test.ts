/**
 * With WebGPU switched off in the browser, a demo asked for webgpu falls back to the next backend
 * and says so on the page (no blank or frozen demo).
 */
import assert from "node:assert/strict";
import { collectErrors, openSite } from "./_browser.ts";

Deno.test({
  name: "site demos: WebGPU disabled → falls back to WebGL and says so",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const site = await openSite({ webgpu: false });
    try {
      const page = await site.browser.newPage();
      const errors = collectErrors(page);
      await page.goto(`${site.base}/lectures/02-neural-odes/?backend=webgpu`);
      const root = page.locator('[data-demo="adjoint-compare"]');
      await root.scrollIntoViewIfNeeded();
      await root.locator('[data-action="start"]').click();
      await page.waitForFunction(
        () => {
          const d =
            (document.querySelector('[data-demo="adjoint-compare"]') as HTMLElement).dataset;
          return d.backend !== undefined || d.state === "error";
        },
        undefined,
        { timeout: 90_000 },
      );
      const backend = await root.getAttribute("data-backend");
      assert.ok(backend === "webgl" || backend === "cpu", `fell back to ${backend}`);
      const notes = await root.locator('[data-role="notes"]').textContent() ?? "";
      assert.match(notes, /webgpu could not be initialised/);
      assert.match(notes, /runs the demo on (webgl|cpu) instead/);
      assert.match(
        await root.locator('[data-role="backend"]').textContent() ?? "",
        /backend: (webgl|cpu)/,
      );
      assert.deepEqual(errors, []);
    } finally {
      await site.close();
    }
  },
});
