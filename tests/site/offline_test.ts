/**
 * Offline use (site/integrations/offline.mjs): after one visit with the network, every lecture —
 * text, math, figures, demo code and pretrained weights — loads with the network cut; and a
 * rebuild replaces the cached course instead of serving the stale one.
 */
import assert from "node:assert/strict";
import type { BrowserContext, Page } from "playwright-core";
import { writeServiceWorker } from "../../site/integrations/offline.mjs";
import { DIST, lecturePaths, openSite, requireBuiltSite, waitForOfflineCache } from "./_browser.ts";

async function cacheNames(page: Page): Promise<string[]> {
  return await page.evaluate(() => caches.keys());
}

/** Loads the pretrained weights of every demo on the page that offers them (cpu backend). */
async function loadEveryPretrained(page: Page, path: string): Promise<number> {
  const demos = page.locator('[data-demo]:has([data-action="pretrained"])');
  const count = await demos.count();
  for (let i = 0; i < count; i++) {
    const demo = demos.nth(i);
    await demo.scrollIntoViewIfNeeded();
    await demo.locator('[data-action="pretrained"]').click();
    await page.waitForFunction(
      (el) => {
        const d = (el as HTMLElement).dataset;
        return d.pretrained === "loaded" || d.state === "error";
      },
      await demo.elementHandle(),
      { timeout: 120_000 },
    );
    const data = await demo.evaluate((e) => ({ ...(e as HTMLElement).dataset }));
    const notes = await demo.locator('[data-role="notes"]').textContent();
    assert.notEqual(data.state, "error", `${path} ${data.demo} offline: ${notes}`);
  }
  return count;
}

Deno.test({
  name: "offline: every lecture, its demos and its pretrained weights load with the network cut",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const site = await openSite({ serviceWorkers: true, webgpu: false });
    let context: BrowserContext | undefined;
    try {
      context = await site.browser.newContext();
      const page = await context.newPage();
      await page.goto(`${site.base}/`);
      await waitForOfflineCache(page);
      const manifest = JSON.parse(await Deno.readTextFile(`${DIST}offline-manifest.json`));
      const names = await cacheNames(page);
      assert.deepEqual(names, [`neural-ode-course-${manifest.version}`]);

      await context.setOffline(true);
      let pretrained = 0;
      for (const path of lecturePaths()) {
        await page.goto(`${site.base}${path}?backend=cpu`);
        const title = await page.locator("h1").first().textContent();
        assert.ok(title && title.trim().length > 0, `${path}: no title offline`);
        if (path !== "/lectures/00-welcome/") {
          assert.ok((await page.locator(".katex").count()) > 0, `${path}: no math offline`);
        }
        const built = await Deno.readTextFile(`${DIST}${path.slice(1)}index.html`);
        const figures = (built.match(/<figure[\s>]/g) ?? []).length;
        assert.equal(await page.locator("figure").count(), figures, `${path}: figures offline`);
        pretrained += await loadEveryPretrained(page, path);
      }
      assert.ok(pretrained > 0, "no demo offered pretrained weights: nothing was checked offline");
      // A page that was never built still answers (the cached 404 page), not a browser error.
      const missing = await page.goto(`${site.base}/no-such-page/`);
      assert.ok(missing !== null);
      assert.equal((await page.locator("h1").first().textContent())?.trim(), "Page not found");
      assert.ok(await page.locator('a[href$="/lectures/01-odes-and-solvers/"]').count() > 0);
    } finally {
      await context?.close();
      await site.close();
    }
  },
});

Deno.test({
  name: "offline: a rebuilt course replaces the cached one",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    await requireBuiltSite();
    const copy = await Deno.makeTempDir({ prefix: "course-dist-" });
    await new Deno.Command("cp", { args: ["-r", `${DIST}.`, copy] }).output();
    const site = await openSite({ serviceWorkers: true, webgpu: false, root: copy });
    try {
      const context = await site.browser.newContext();
      const page = await context.newPage();
      await page.goto(`${site.base}/`);
      await waitForOfflineCache(page);
      const [oldCache] = await cacheNames(page);

      // "Rebuild": change the home page and regenerate the worker, as `astro build` would.
      const index = `${copy}/index.html`;
      const html = await Deno.readTextFile(index);
      assert.ok(html.includes("</main>"), "the home page has no <main> to mark");
      await Deno.writeTextFile(index, html.replace("</main>", "<p id='rebuilt'>v2</p></main>"));
      const { version } = writeServiceWorker(copy);
      assert.notEqual(`neural-ode-course-${version}`, oldCache);

      await page.reload(); // the browser checks sw.js, installs the new worker, drops the old cache
      const want = [`neural-ode-course-${version}`];
      const deadline = Date.now() + 60_000;
      while (JSON.stringify(await cacheNames(page)) !== JSON.stringify(want)) {
        assert.ok(Date.now() < deadline, `caches ${await cacheNames(page)}, want ${want}`);
        await new Promise((r) => setTimeout(r, 250));
      }
      await context.setOffline(true);
      await page.reload();
      assert.equal(await page.locator("#rebuilt").textContent(), "v2");
      await context.close();
    } finally {
      await site.close();
      await Deno.remove(copy, { recursive: true });
    }
  },
});
