/**
 * Presenter mode (components/Presenter.astro): invisible to learners; the P key (or the faint
 * corner button) shows, on every lecture, the speaker notes, the section timings, the clock
 * against the schedule and the key equations; the choice lasts for the tab only.
 */
import assert from "node:assert/strict";
import { collectErrors, lecturePaths, openSite } from "./_browser.ts";

Deno.test({
  name: "presenter mode: toggles with P and shows notes, timings and equations on every lecture",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn(t) {
    const site = await openSite({ webgpu: false });
    try {
      const context = await site.browser.newContext({ viewport: { width: 1400, height: 900 } });
      const page = await context.newPage();
      const errors = collectErrors(page);
      const panel = page.locator("#presenter");
      for (const path of lecturePaths()) {
        await t.step(path, async () => {
          // Each step closes the view again, so every lecture starts as a learner sees it.
          await page.goto(site.base + path);
          assert.equal(await panel.isVisible(), false, "learners never see the presenter view");
          await page.keyboard.press("p");
          assert.equal(await panel.isVisible(), true, "P opens the presenter view");
          const info = await page.evaluate(() => {
            const p = document.getElementById("presenter")!;
            return {
              lecture: p.dataset.lecture,
              pageLecture: document.querySelector("article.lecture")?.getAttribute("data-lecture"),
              notes: p.querySelector('[data-role="notes"]')?.textContent?.trim().length ?? 0,
              timings: p.querySelectorAll(".p-timings li[data-index]").length,
              current: p.querySelectorAll('.p-timings li[aria-current="step"]').length,
              at: p.querySelector('.p-timings [data-role="at"]')?.textContent ?? "",
              equations: p.querySelectorAll(".p-equations .katex-display").length,
              katexErrors: p.querySelectorAll(".katex-error").length,
              pace: p.querySelector('[data-role="pace"]')?.getAttribute("data-pace"),
              now: p.querySelector('[data-role="now"]')?.textContent ?? "",
              html: document.documentElement.dataset.presenter,
            };
          });
          assert.equal(info.lecture, info.pageLecture);
          assert.ok(info.notes > 400, `${path}: speaker notes (${info.notes} chars)`);
          assert.ok(info.timings >= 2, `${path}: section timings`);
          assert.equal(info.current, 1, "one section is marked current");
          assert.match(info.at, /^\d\d:\d\d$/, "planned clock time per section");
          assert.ok(info.equations >= 1, `${path}: key equations`);
          assert.equal(info.katexErrors, 0);
          assert.ok(["ahead", "on-time", "behind"].includes(info.pace!), `pace ${info.pace}`);
          assert.match(info.now, /\d\d:\d\d/);
          assert.equal(info.html, "on");
          await page.keyboard.press("p");
          assert.equal(await panel.isVisible(), false, "P closes it again");
        });
      }

      await t.step(
        "typing P in a field does not toggle; the choice lasts for the tab",
        async () => {
          const [first, second] = lecturePaths();
          await page.goto(site.base + first);
          await page.keyboard.press("p");
          const start = panel.locator('[data-role="start"]');
          await start.focus();
          await page.keyboard.press("p");
          assert.equal(await panel.isVisible(), true, "P typed in an input is text, not a toggle");
          await start.fill("08:00");
          await start.dispatchEvent("change");
          await page.goto(site.base + second);
          assert.equal(await panel.isVisible(), true, "still open on the next lecture (same tab)");
          assert.equal(await start.inputValue(), "08:00", "the start time is kept");
          const fresh = await context.browser()!.newContext();
          const other = await fresh.newPage();
          await other.goto(site.base + second);
          assert.equal(
            await other.locator("#presenter").isVisible(),
            false,
            "a new session: hidden",
          );
          // The faint corner button toggles too.
          await other.locator('[data-action="presenter-toggle"]').click();
          assert.equal(await other.locator("#presenter").isVisible(), true);
          await fresh.close();
        },
      );

      await t.step("the current section follows the scroll position", async () => {
        const path = lecturePaths().find((p) => p.includes("01-"))!;
        await page.goto(site.base + path);
        const current = () =>
          panel.locator('.p-timings li[aria-current="step"]').getAttribute("data-index");
        await page.evaluate(() => scrollTo(0, 0));
        await page.waitForTimeout(100);
        assert.equal(await current(), "0");
        await page.evaluate(() => {
          const h = [...document.querySelectorAll("article .prose h2")].find((e) =>
            /Euler/.test(e.textContent ?? "")
          )!;
          scrollTo(0, h.getBoundingClientRect().top + scrollY - 50);
        });
        await page.waitForTimeout(200);
        assert.equal(await current(), "1", "Euler's section (the second timing) is current");
      });
      assert.deepEqual(errors, []);
      await context.close();
    } finally {
      await site.close();
    }
  },
});
