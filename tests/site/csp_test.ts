/**
 * The site under its Content-Security-Policy (lib/content_security_policy.ts), as scripts/serve.ts
 * sends it: every built page loads without a single violation, the presenter view opens, the
 * test harness and the system check run tfjs, lecture 2 trains on threaded wasm (wasm compiled,
 * Blob workers) and lecture 7's training worker starts wasm. A violation fails the test with the
 * page, the directive and what was blocked, whether the page reported it (securitypolicyviolation)
 * or only its console did; an uncaught error (a worker whose script was blocked) fails it too.
 */
import assert from "node:assert/strict";
import type { BrowserContext, ConsoleMessage, Page } from "playwright-core";
import { contentSecurityPolicyHeader } from "../../lib/content_security_policy.ts";
import {
  collectErrors,
  DIST,
  LECTURE_7,
  openSite,
  runDemo,
  type Site,
  startCnfWorkerOnWasm,
} from "./_browser.ts";
import { htmlFiles } from "../site_units/_html_files.ts";

/** Every built page, as the URL path it is served at. */
const PAGES = htmlFiles(DIST).map((f) => `/${f.replace(/(^|\/)index\.html$/, "$1")}`);
/** Pages loaded at once: fewer round trips, while two cores stay responsive. */
const CONCURRENCY = 4;
const LECTURE_2 = "/lectures/02-neural-odes/";

declare global {
  // Filled by the init script below in every page.
  var cspViolations: string[] | undefined;
}

/**
 * What went wrong in `page` as it happens: console errors (a blocked load is one), uncaught
 * exceptions (a worker whose script was blocked is one), failed requests, and the policy messages
 * its workers log.
 */
function watch(page: Page): string[] {
  const seen = collectErrors(page);
  const fromWorker = (m: ConsoleMessage) => {
    if (/Content Security Policy/i.test(m.text())) seen.push(`worker console: ${m.text()}`);
  };
  page.on("worker", (worker) => worker.on("console", fromWorker));
  return seen;
}

/** The violations `page` reported to itself (directive, blocked URL, where), and what `watch` saw. */
async function violations(page: Page, seen: string[]): Promise<string[]> {
  const reported = await page.evaluate(() => globalThis.cspViolations ?? []);
  return [...reported, ...seen];
}

async function newContext(site: Site): Promise<BrowserContext> {
  const context = await site.browser.newContext();
  await context.addInitScript(() => {
    const list: string[] = [];
    globalThis.cspViolations = list;
    document.addEventListener("securitypolicyviolation", (e) => {
      list.push(
        `${e.effectiveDirective} blocked ${e.blockedURI || "(inline)"} at ${e.sourceFile}:` +
          `${e.lineNumber} ${e.sample}`,
      );
    });
  });
  return context;
}

/** Loads `path` on `page`; asserts it came with the policy and nothing was blocked. */
async function visit(site: Site, page: Page, seen: string[], path: string): Promise<void> {
  seen.length = 0;
  const response = await page.goto(`${site.base}${path}`, { waitUntil: "load" });
  assert.equal(
    response?.headers()["content-security-policy"],
    contentSecurityPolicyHeader(),
    `${path} came without the policy`,
  );
  await page.evaluate(() => document.fonts.ready);
  await page.waitForTimeout(200); // late figures and the service worker's registration
  assert.deepEqual(await violations(page, seen), [], `violations on ${path}`);
}

Deno.test({
  name: "csp: every page, the presenter, the harness, the system check and the wasm and worker " +
    "demos run under the Content-Security-Policy",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn(t) {
    const site = await openSite({ serviceWorkers: true, webgpu: false });
    const context = await newContext(site);
    try {
      assert.ok(PAGES.length >= 15 && PAGES.includes(LECTURE_2), `pages: ${PAGES}`);
      await t.step(`${PAGES.length} pages load without a violation`, async () => {
        const queue = [...PAGES];
        await Promise.all(
          Array.from({ length: CONCURRENCY }, async () => {
            const page = await context.newPage();
            const seen = watch(page);
            for (let path = queue.shift(); path; path = queue.shift()) {
              await visit(site, page, seen, path);
            }
            await page.close();
          }),
        );
      });

      const page = await context.newPage();
      const seen = watch(page);
      // tfjs-backend-wasm runs half of navigator.hardwareConcurrency threads: say there are 8,
      // so that lecture 2 starts its Blob workers even on a two-core machine.
      const devtools = await context.newCDPSession(page);
      await devtools.send("Emulation.setHardwareConcurrencyOverride", { hardwareConcurrency: 8 });

      await t.step("the presenter view opens on a lecture", async () => {
        await visit(site, page, seen, LECTURE_2);
        await page.keyboard.press("p");
        assert.equal(await page.locator("#presenter").isVisible(), true);
        await page.keyboard.press("p");
        assert.deepEqual(await violations(page, seen), []);
      });

      await t.step("the test harness runs a training step", async () => {
        await visit(site, page, seen, "/harness/fused-rk/");
        await page.waitForFunction(() => document.documentElement.dataset.harness === "ready");
        const losses = await page.evaluate(() =>
          (globalThis as unknown as {
            fusedRkHarness: { run(r: unknown): Promise<{ losses: number[] }> };
          }).fusedRkHarness.run({ backend: "cpu", fused: true, steps: 1 }).then((r) => r.losses)
        );
        assert.ok(losses.length === 1 && Number.isFinite(losses[0]), `losses ${losses}`);
        assert.deepEqual(await violations(page, seen), []);
      });

      await t.step("the system check times wasm", async () => {
        await visit(site, page, seen, "/system-check/?run=1&quick=1&backends=wasm");
        await page.waitForFunction(
          () => ["done", "error"].includes(document.getElementById("system-check")!.dataset.state!),
          undefined,
          { timeout: 120_000 },
        );
        assert.equal(await page.locator("#system-check").getAttribute("data-state"), "done");
        assert.deepEqual(await violations(page, seen), []);
      });

      await t.step("lecture 2 trains on threaded wasm", async () => {
        await visit(site, page, seen, `${LECTURE_2}?backend=wasm`);
        const d = await runDemo(
          page,
          "node-training",
          "start",
          "Number(d.step ?? 0) >= 2",
          120_000,
          {
            pause: true,
          },
        );
        assert.equal(d.backend, "wasm");
        assert.ok(Number(d.wasmThreads) > 1, `wasm ran ${d.wasmThreads} thread(s)`);
        assert.deepEqual(await violations(page, seen), []);
      });

      await t.step("lecture 7's training worker starts wasm", async () => {
        await visit(site, page, seen, `${LECTURE_7}?backend=wasm&wasm-threads=2`);
        await startCnfWorkerOnWasm(page);
        assert.deepEqual(await violations(page, seen), []);
      });
      await page.close();
    } finally {
      await context.close();
      await site.close();
    }
  },
});
