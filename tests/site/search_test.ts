/**
 * Site search (SiteSearch.astro over the Pagefind index of integrations/search_index.mjs): `/`
 * focuses the box, the search code loads only then, queries land on the right sections, the list
 * works by keyboard, and the same searches work with the network cut (the service worker's
 * cache). Under a base path: base_path_test.ts.
 */
import assert from "node:assert/strict";
import { collectErrors, openSite, waitForOfflineCache } from "./_browser.ts";
import { type ListedLink, SEARCH_INPUT, searchFor } from "./_search.ts";

/** "adjoint" leads to lecture 2's section on the adjoint, before anything else. */
function assertAdjoint(links: ListedLink[]): void {
  assert.ok(links.length > 0, "no results for adjoint");
  assert.match(
    links[0].href,
    /^\/lectures\/02-[a-z0-9-]+\/#[a-z0-9-]*adjoint[a-z0-9-]*$/,
    `first result: ${JSON.stringify(links[0])}`,
  );
}

/** "Hutchinson" finds lecture 7 and exercise 12 (its catalogue entry). */
function assertHutchinson(links: ListedLink[]): void {
  const hrefs = links.map((l) => l.href);
  assert.ok(hrefs.some((h) => h.startsWith("/lectures/07-")), `no lecture 7 in ${hrefs}`);
  assert.ok(hrefs.includes("/exercises/#ex-12"), `no exercise 12 in ${hrefs}`);
}

Deno.test({
  name: "search: `/` opens it, results link to sections, keyboard works, online and offline",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn(t) {
    const site = await openSite({ serviceWorkers: true, webgpu: false });
    const context = await site.browser.newContext();
    try {
      const page = await context.newPage();
      const errors = collectErrors(page);
      const searchRequests: string[] = [];
      page.on("request", (r) => {
        if (/\/pagefind\/|search\.runtime/.test(r.url())) searchRequests.push(r.url());
      });
      await page.goto(`${site.base}/lectures/01-odes-and-solvers/`);

      await t.step("the search code loads on first use; `/` focuses the box", async () => {
        await page.waitForLoadState("networkidle");
        assert.equal(searchRequests.length, 0, `loaded before the box was used: ${searchRequests}`);
        await page.locator("body").click({ position: { x: 5, y: 300 } });
        await page.keyboard.press("/");
        assert.equal(await page.evaluate(() => document.activeElement?.id), "site-search-input");
        // Typed inside the box, "/" is a character, not the shortcut.
        await page.keyboard.type("a/b");
        assert.equal(await page.locator(SEARCH_INPUT).inputValue(), "a/b");
        await page.waitForFunction(() =>
          document.querySelector<HTMLElement>("[data-site-search]")?.dataset.searchState !==
            "idle"
        );
        assert.ok(searchRequests.some((u) => u.endsWith("/pagefind/pagefind.js")), "no Pagefind");
      });

      await t.step("adjoint: lecture 2's adjoint section first (isolated page)", async () => {
        // The server's COOP/COEP headers are on: Pagefind's worker and wasm must load under them.
        assert.equal(await page.evaluate(() => crossOriginIsolated), true);
        assertAdjoint(await searchFor(page, "adjoint"));
      });

      await t.step("Hutchinson: lecture 7 and exercise 12", async () => {
        assertHutchinson(await searchFor(page, "Hutchinson"));
      });

      await t.step("the list by keyboard: arrows move, Escape closes, Enter follows", async () => {
        const links = await searchFor(page, "adjoint");
        const panel = page.locator("[data-role=search-results]");
        assert.equal(await panel.isVisible(), true);
        await page.keyboard.press("Escape");
        assert.equal(await panel.isVisible(), false);
        assert.equal(await page.evaluate(() => document.activeElement?.id), "site-search-input");
        await page.locator(SEARCH_INPUT).fill("");
        await searchFor(page, "adjoint");
        await page.keyboard.press("ArrowDown");
        const focused = await page.evaluate(() => document.activeElement?.getAttribute("href"));
        assert.equal(focused, links[0].href);
        await page.keyboard.press("Enter");
        await page.waitForURL((u) => u.pathname + u.hash === links[0].href);
      });

      await t.step(
        "offline: the same searches answer from the service worker's cache",
        async () => {
          await waitForOfflineCache(page);
          await context.setOffline(true);
          const offline = await context.newPage();
          const offlineErrors = collectErrors(offline);
          await offline.goto(`${site.base}/instructor/`);
          assert.equal(await offline.evaluate(() => navigator.onLine), false);
          assertAdjoint(await searchFor(offline, "adjoint"));
          assertHutchinson(await searchFor(offline, "Hutchinson"));
          assert.deepEqual(offlineErrors, []);
          await offline.close();
          await context.setOffline(false);
        },
      );

      assert.deepEqual(errors, []);
    } finally {
      await context.close();
      await site.close();
    }
  },
});
