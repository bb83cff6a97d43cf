/**
 * Every page of the built site in headless Chromium: no console errors or failed requests, KaTeX
 * rendered, figures and code listings present, minutes and exercises shown, every internal link
 * and anchor resolves, tfjs not loaded before a demo starts; screenshots at desktop and phone
 * width into test-artifacts/screenshots/.
 */
import assert from "node:assert/strict";
import { ARTIFACTS, collectErrors, lecturePaths, openSite } from "./_browser.ts";

const PAGES = ["/", "/about/", "/exercises/", ...lecturePaths()];
const SHOTS = `${ARTIFACTS}screenshots/`;

Deno.test({
  name: "site pages: load cleanly, math and figures render, links resolve",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn(t) {
    await Deno.mkdir(SHOTS, { recursive: true });
    const site = await openSite();
    const links = new Set<string>();
    try {
      const page = await site.browser.newPage({ viewport: { width: 1280, height: 900 } });
      const errors = collectErrors(page);
      const scripts: string[] = [];
      page.on("request", (r) => {
        if (r.resourceType() === "script") scripts.push(r.url());
      });
      for (const path of PAGES) {
        await t.step(path, async () => {
          errors.length = 0;
          scripts.length = 0;
          await page.goto(site.base + path, { waitUntil: "load" });
          await page.waitForTimeout(150);
          assert.deepEqual(errors, [], `errors on ${path}`);
          const info = await page.evaluate(() => ({
            katex: document.querySelectorAll(".katex").length,
            katexErrors: document.querySelectorAll(".katex-error").length,
            figures: document.querySelectorAll("figure.plot-figure svg").length,
            listings: document.querySelectorAll("figure.listing pre").length,
            minutes: document.querySelector(".minutes")?.textContent ?? "",
            exercises: document.querySelectorAll(".ex-box li").length,
            links: [...document.querySelectorAll("a[href]")].map((a) =>
              (a as HTMLAnchorElement).href
            ),
            ids: [...document.querySelectorAll("[id]")].map((e) => e.id),
            katexFont: getComputedStyle(document.querySelector(".katex") ?? document.body)
              .fontFamily,
          }));
          for (const href of info.links) {
            const url = new URL(href);
            if (url.origin !== site.base) continue;
            if (url.hash && url.pathname === new URL(site.base + path).pathname) {
              assert.ok(
                info.ids.includes(decodeURIComponent(url.hash.slice(1))),
                `anchor ${href} on ${path}`,
              );
            }
            links.add(url.pathname + url.hash);
          }
          assert.ok(
            !scripts.some((s) => /tfjs|backend\.|tf-core/.test(s)),
            `tfjs loaded before any demo started on ${path}: ${scripts.join(", ")}`,
          );
          if (path.startsWith("/lectures/")) {
            assert.ok(info.katex > 0, `no KaTeX math on ${path}`);
            assert.equal(info.katexErrors, 0, `KaTeX errors on ${path}`);
            assert.match(info.katexFont, /KaTeX/, "KaTeX's own fonts are applied");
            assert.match(info.minutes, /\d+ min/, `minutes shown on ${path}`);
          }
          if (/lectures\/0[12]-/.test(path)) {
            assert.ok(info.figures >= 3, `static figures on ${path}: ${info.figures}`);
            assert.ok(info.listings >= 1, `code listings on ${path}`);
            assert.ok(info.exercises >= 1, `exercise links on ${path}`);
          }
          const name = path === "/" ? "home" : path.replace(/^\/|\/$/g, "").replaceAll("/", "_");
          await page.screenshot({ path: `${SHOTS}${name}-desktop.png`, fullPage: true });
        });
      }
      await t.step("phone width: no horizontal overflow, screenshots", async () => {
        const phone = await site.browser.newPage({ viewport: { width: 390, height: 844 } });
        for (const path of PAGES) {
          await phone.goto(site.base + path);
          const overflow = await phone.evaluate(() =>
            document.documentElement.scrollWidth - document.documentElement.clientWidth
          );
          assert.ok(overflow <= 1, `${path} overflows a phone screen by ${overflow}px`);
          const name = path === "/" ? "home" : path.replace(/^\/|\/$/g, "").replaceAll("/", "_");
          await phone.screenshot({ path: `${SHOTS}${name}-phone.png`, fullPage: true });
        }
        await phone.close();
      });
      await t.step("every internal link resolves (no 404 inside the site)", async () => {
        for (const link of links) {
          const [pathname, hash] = link.split("#");
          const res = await fetch(site.base + pathname);
          const body = await res.text();
          assert.equal(res.status, 200, `${link} → HTTP ${res.status}`);
          if (hash && res.headers.get("content-type")?.includes("html")) {
            assert.match(
              body,
              new RegExp(`id="${hash}"`),
              `anchor #${hash} missing on ${pathname}`,
            );
          }
        }
        assert.ok(links.size >= 10, `only ${links.size} internal links found`);
      });
      await t.step("a missing address gets the course's 404 page, with links back in", async () => {
        const page = await site.browser.newPage();
        const response = await page.goto(`${site.base}/lectures/no-such-lecture/`);
        assert.equal(response?.status(), 404);
        assert.equal((await page.locator("h1").first().textContent())?.trim(), "Page not found");
        const lectureLinks = await page.locator('main a[href*="/lectures/"]').count();
        assert.ok(lectureLinks >= 9, `${lectureLinks} lecture links on the 404 page`);
        await page.close();
      });
    } finally {
      await site.close();
    }
  },
});
