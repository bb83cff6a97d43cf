/**
 * Lecture 4 (ODE-VAE) in headless Chromium: the page's math, figures, listings, model card and
 * exercise links; the reduced ODE-VAE trains on cpu, webgl and webgpu (forced with ?backend=)
 * with a decreasing loss and the same numbers on all three (same seeded batches, z0 and field
 * draws); the pretrained odevae-rotmnist reproduces the manifest's metrics on the recipe's fast
 * subset (the first 16 test sequences, rebuilt in the page from the shipped digits); choosing
 * another test sequence redraws it.
 */
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { collectErrors, openSite, type Site } from "./_browser.ts";

const PAGE = "/lectures/04-odevae/";
const KIND = "odevae-training";
const STEPS = 3;
/**
 * Relative agreement of the pretrained metrics with the manifest: the page runs the recipe's
 * deterministic evaluation (posterior means, mean field) in float32 on another tfjs build.
 */
const METRIC_TOLERANCE = 5e-3;

async function runDemo(page: Page, action: string, until: string, timeout: number) {
  const root = page.locator(`[data-demo="${KIND}"]`);
  await root.scrollIntoViewIfNeeded();
  await root.locator(`[data-action="${action}"]`).click();
  await page.waitForFunction(
    ([k, cond]) => {
      const el = document.querySelector(`[data-demo="${k}"]`) as HTMLElement;
      return el.dataset.state === "error" || new Function("d", `return ${cond}`)(el.dataset);
    },
    [KIND, until],
    { timeout },
  );
  const data = await root.evaluate((e) => ({ ...(e as HTMLElement).dataset }));
  const notes = await root.locator('[data-role="notes"]').textContent();
  assert.notEqual(data.state, "error", `${KIND} failed: ${notes}`);
  return data;
}

async function trainOn(site: Site, backend: string): Promise<number[]> {
  const page = await site.browser.newPage();
  const errors = collectErrors(page);
  try {
    await page.goto(`${site.base}${PAGE}?backend=${backend}`);
    await page.locator(`[data-demo="${KIND}"] [name="batch"]`).selectOption("4");
    const started = Date.now();
    const data = await runDemo(
      page,
      "start",
      `Number(d.step ?? 0) >= ${STEPS}`,
      backend === "webgpu" ? 480_000 : 240_000,
    );
    // No click on Pause: on the cpu backend a busy page may not take the click within the
    // timeout on a loaded machine; closing the page ends the training loop.
    console.log(
      `  ${backend}: ${STEPS} steps (with data loading) in ${Date.now() - started} ms, ` +
        `losses ${data.losses}`,
    );
    assert.equal(data.backend, backend, `the demo ran on ${data.backend}, not ${backend}`);
    assert.deepEqual(errors, []);
    return (JSON.parse(data.losses!) as number[]).slice(0, STEPS);
  } finally {
    await page.close();
  }
}

Deno.test({
  name: "lecture 4: page content, ODE-VAE training on three backends, pretrained odevae-rotmnist",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn(t) {
    const site = await openSite({ webgpu: true });
    try {
      await t.step("the page: math, figures, listings, card, exercises 8 and 9", async () => {
        const page = await site.browser.newPage();
        const errors = collectErrors(page);
        await page.goto(site.base + PAGE);
        const info = await page.evaluate(() => ({
          katex: document.querySelectorAll(".katex-display").length,
          katexErrors: document.querySelectorAll(".katex-error").length,
          figures: document.querySelectorAll("figure.plot-figure").length,
          digitImages: document.querySelectorAll("figure.plot-figure svg image").length,
          pcaLines: document.querySelectorAll("figure.plot-figure svg path").length,
          listings: [...document.querySelectorAll("figure.listing")].map((f) =>
            (f as HTMLElement).dataset.listing
          ),
          card: document.querySelector('[data-model-card="odevae-rotmnist"] svg') !== null,
          exercises: [...document.querySelectorAll(".ex-box a")].map((a) =>
            (a as HTMLAnchorElement).getAttribute("href")
          ),
          breakBox: document.querySelector(".break-box")?.textContent ?? "",
        }));
        assert.ok(info.katex >= 5, `display equations: ${info.katex}`);
        assert.equal(info.katexErrors, 0);
        assert.ok(info.figures >= 4, `figures: ${info.figures}`);
        // Rotating MNIST 3 × 16, frames 8 × 16, extrapolation 4 × 16.
        assert.ok(info.digitImages >= 48 + 128 + 64, `digit images: ${info.digitImages}`);
        assert.ok(info.pcaLines >= 12, "latent trajectories drawn");
        for (const name of ["sampleWeights", "meanFieldKl", "odeVaeLoss"]) {
          assert.ok(info.listings.some((l) => l?.endsWith(`#${name}`)), `listing of ${name}`);
        }
        assert.ok(info.card, "the odevae-rotmnist model card");
        for (const n of ["08", "09"]) {
          assert.ok(info.exercises.some((h) => h?.endsWith(`exercises/#ex-${n}`)), `exercise ${n}`);
        }
        assert.match(info.breakBox, /30-minute break/);
        assert.deepEqual(errors, []);
        await page.close();
      });

      const losses: Record<string, number[]> = {};
      for (const backend of ["cpu", "webgl", "webgpu"]) {
        await t.step(`${STEPS} ODE-VAE training steps on ${backend}`, async () => {
          losses[backend] = await trainOn(site, backend);
          const l = losses[backend];
          assert.equal(l.length, STEPS);
          assert.ok(l.every(Number.isFinite));
          assert.ok(l[STEPS - 1] < l[0], `${backend}: loss ${l.join(" → ")} does not decrease`);
        });
      }
      await t.step("the three backends agree", () => {
        for (const backend of ["webgl", "webgpu"]) {
          for (let i = 0; i < STEPS; i++) {
            const rel = Math.abs(losses[backend][i] - losses.cpu[i]) / losses.cpu[i];
            assert.ok(
              rel < 1e-2,
              `${backend} step ${i}: ${losses[backend][i]} vs ${losses.cpu[i]}`,
            );
          }
        }
      });

      await t.step("pretrained odevae-rotmnist reproduces the manifest's metrics", async () => {
        const page = await site.browser.newPage();
        const errors = collectErrors(page);
        await page.goto(`${site.base}${PAGE}?backend=cpu`);
        const d = await runDemo(page, "pretrained", "d.worstRatioExpected !== undefined", 180_000);
        const manifest = JSON.parse(await Deno.readTextFile("weights/manifest.json"));
        const expected = manifest.models["odevae-rotmnist"].metricsFast;
        const keys: [string, string][] = [
          ["reconMse", "reconstruction MSE"],
          ["predMse", "prediction MSE"],
          ["baselineMse", "first-frame baseline MSE"],
          ["worstRatio", "worst frame MSE / baseline"],
        ];
        for (const [key, name] of keys) {
          assert.equal(Number(d[`${key}Expected`]), expected[name]);
          const rel = Math.abs(Number(d[key]) - expected[name]) / expected[name];
          console.log(`  ${name}: page ${d[key]}, manifest ${expected[name]}`);
          assert.ok(rel <= METRIC_TOLERANCE, `${name}: ${d[key]} in the page vs ${expected[name]}`);
        }

        // Another test sequence: the frames and their caption are redrawn for it.
        const root = page.locator(`[data-demo="${KIND}"]`);
        await root.locator('[name="sequence"]').evaluate((el) => {
          (el as HTMLInputElement).value = "200";
          el.dispatchEvent(new Event("input", { bubbles: true }));
          el.dispatchEvent(new Event("change", { bubbles: true }));
        });
        await page.waitForFunction(
          () =>
            /test sequence 201 of 289/.test(
              document.querySelector('[data-plot="frames"]')?.textContent ?? "",
            ),
          undefined,
          { timeout: 60_000 },
        );
        assert.equal(await root.locator('[data-plot="frames"] canvas').count(), 2);
        assert.deepEqual(errors, []);
        await page.close();
      });
    } finally {
      await site.close();
    }
  },
});
