/**
 * Cross-origin isolation, which SharedArrayBuffer and so tfjs's threaded wasm need, by both
 * routes: (a) `deno task serve` sends the headers (lib/isolation.ts); (b) on a static host that
 * cannot (served here with `isolation: false`), the offline service worker adds them and the page
 * reloads itself once; (c) offline afterwards, every page still loads, isolated.
 * Every page must load without an error under `require-corp`: fonts, KaTeX, weights, data, the
 * demo workers, the presenter view and the system check.
 *
 * tfjs-backend-wasm uses at most half of navigator.hardwareConcurrency as threads; this machine
 * may have 2, so the pages are told there are 8 (a DevTools override of the page, not of its
 * workers) to see the threaded binary run more than one thread.
 */
import assert from "node:assert/strict";
import type { BrowserContext, Page } from "playwright-core";
import {
  collectErrors,
  LECTURE_7,
  lecturePaths,
  openSite,
  runDemo,
  type Site,
  startCnfWorkerOnWasm,
} from "./_browser.ts";

const PAGES = () => ["/", ...lecturePaths(), "/exercises/", "/about/", "/system-check/"];
const LECTURE_2 = "/lectures/02-neural-odes/";

async function newIsolationPage(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  const devtools = await context.newCDPSession(page);
  await devtools.send("Emulation.setHardwareConcurrencyOverride", { hardwareConcurrency: 8 });
  return page;
}

/** crossOriginIsolated and SharedArrayBuffer, as the page sees them. */
function isolation(page: Page): Promise<{ isolated: boolean; sab: boolean }> {
  return page.evaluate(() => ({
    isolated: crossOriginIsolated,
    sab: typeof SharedArrayBuffer === "function",
  }));
}

/** Visits every page; each must be isolated and free of errors (KaTeX fonts and CSS included). */
async function visitEveryPage(site: Site, page: Page, errors: string[]): Promise<void> {
  for (const path of PAGES()) {
    await page.goto(`${site.base}${path}`);
    await page.evaluate(() => document.fonts.ready);
    assert.deepEqual(await isolation(page), { isolated: true, sab: true }, path);
    assert.deepEqual(errors, [], path);
  }
  // The presenter view (P on a lecture) and the files demos fetch: weights and data.
  await page.goto(`${site.base}${LECTURE_2}`);
  await page.keyboard.press("p");
  assert.equal(await page.locator("#presenter").isVisible(), true, "the presenter view opens");
  await page.keyboard.press("p"); // closed again: the choice lasts for the tab
  const fetched = await page.evaluate(async () => {
    const status = async (url: string) => (await fetch(url)).status;
    return [
      await status("../../weights/manifest.json"),
      await status("../../data/mnist/index.json"),
    ];
  });
  assert.deepEqual(fetched, [200, 200]);
  assert.deepEqual(errors, []);
}

/** Two training steps of lecture 2's NodeTraining on wasm: the threads it reports. */
async function trainOnWasm(site: Site, page: Page): Promise<number> {
  await page.goto(`${site.base}${LECTURE_2}?backend=wasm`);
  const d = await runDemo(page, "node-training", "start", "Number(d.step ?? 0) >= 2", 120_000, {
    pause: true,
  });
  assert.equal(d.backend, "wasm");
  return Number(d.wasmThreads);
}

Deno.test({
  name: "isolation: served with the headers, every page is isolated and wasm runs threaded",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn(t) {
    const site = await openSite({ serviceWorkers: true, webgpu: false });
    try {
      const context = await site.browser.newContext();
      const page = await newIsolationPage(context);
      const errors = collectErrors(page);
      await t.step("every page loads isolated, without errors", async () => {
        await visitEveryPage(site, page, errors);
      });
      await t.step("lecture 2 trains on wasm with more than one thread", async () => {
        const threads = await trainOnWasm(site, page);
        assert.ok(threads > 1, `wasm ran ${threads} thread(s)`);
        assert.deepEqual(errors, []);
      });
      await t.step(
        "a training worker (lecture 7's CNF) starts wasm under require-corp",
        async () => {
          // Two threads asked: the worker loads the threaded binary and its pthread pool (nested
          // workers) even where tfjs then caps the count at half the worker's real cores.
          await page.goto(`${site.base}${LECTURE_7}?backend=wasm&wasm-threads=2`);
          const d = await startCnfWorkerOnWasm(page);
          // The worker's own count: its navigator is not overridden, so it is 1 on 2 cores.
          assert.ok(Number(d.wasmThreads) >= 1, `data-wasm-threads ${d.wasmThreads}`);
          assert.deepEqual(errors, []);
        },
      );
      await context.close();
    } finally {
      await site.close();
    }
  },
});

Deno.test({
  name: "isolation: on a host without the headers the service worker isolates the pages, " +
    "online and then offline",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn(t) {
    const site = await openSite({ serviceWorkers: true, webgpu: false, isolation: false });
    try {
      const context = await site.browser.newContext();
      const page = await newIsolationPage(context);
      const errors = collectErrors(page);
      let loads = 0;
      page.on("load", () => loads++);
      await t.step("the first visit reloads once, then is isolated", async () => {
        await page.goto(`${site.base}${LECTURE_2}`);
        assert.deepEqual(await isolation(page), { isolated: false, sab: false });
        // The worker installs (caching the site), takes the page over, and the page reloads.
        const deadline = Date.now() + 90_000;
        while (!(await isolation(page).catch(() => ({ isolated: false }))).isolated) {
          assert.ok(Date.now() < deadline, "the page never became cross-origin isolated");
          await page.waitForTimeout(250);
        }
        await page.waitForLoadState("load");
        assert.equal(loads, 2, "exactly one reload");
        assert.ok(await page.evaluate(() => navigator.serviceWorker.controller !== null));
        assert.deepEqual(errors, []);
      });
      await t.step("wasm runs threaded behind the service worker", async () => {
        const threads = await trainOnWasm(site, page);
        assert.ok(threads > 1, `wasm ran ${threads} thread(s)`);
        assert.equal(loads, 3, "no reload beyond the first");
        assert.deepEqual(errors, []);
      });
      await t.step("offline, every page still loads isolated, without errors", async () => {
        await context.setOffline(true);
        await visitEveryPage(site, page, errors);
        await context.setOffline(false);
      });
      await context.close();
    } finally {
      await site.close();
    }
  },
});
