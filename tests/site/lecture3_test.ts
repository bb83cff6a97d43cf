/**
 * Lecture 3 (VAE primer) in headless Chromium: the page's math, figures, listings, model card,
 * sweep and exercise link; the VAE demo trains on cpu, webgl and webgpu (forced with
 * ?backend=) with a decreasing loss and the same numbers on all three (same seeded batches and
 * noise); the pretrained vae-mnist reproduces the manifest's held-out −ELBO on the recipe's
 * 200-digit fast subset.
 */
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { collectErrors, openSite, type Site } from "./_browser.ts";

const PAGE = "/lectures/03-vae-primer/";
const KIND = "vae-training";
const STEPS = 3;
/** Relative agreement of the pretrained −ELBO with the manifest (float32, same seeds). */
const METRIC_TOLERANCE = 2e-3;

/** Clicks `action` of the demo and waits until `until` (a JS condition on its dataset `d`). */
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
    const started = Date.now();
    const data = await runDemo(
      page,
      "start",
      `Number(d.step ?? 0) >= ${STEPS}`,
      backend === "webgpu" ? 300_000 : 180_000,
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
  name: "lecture 3: page content, VAE training on three backends, pretrained vae-mnist",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn(t) {
    const site = await openSite({ webgpu: true });
    try {
      await t.step("the page: math, figures, listings, card, sweep, exercise 7", async () => {
        const page = await site.browser.newPage();
        const errors = collectErrors(page);
        await page.goto(site.base + PAGE);
        const info = await page.evaluate(() => ({
          katex: document.querySelectorAll(".katex-display").length,
          katexErrors: document.querySelectorAll(".katex-error").length,
          figures: document.querySelectorAll("figure.plot-figure svg").length,
          digitImages: document.querySelectorAll("figure.plot-figure svg image").length,
          listings: [...document.querySelectorAll("figure.listing")].map((f) =>
            (f as HTMLElement).dataset.listing
          ),
          card: document.querySelector('[data-model-card="vae-mnist"] svg') !== null,
          text: document.body.textContent ?? "",
          exercises: [...document.querySelectorAll(".ex-box a")].map((a) =>
            (a as HTMLAnchorElement).getAttribute("href")
          ),
          demo: document.querySelector(`[data-demo="vae-training"]`) !== null,
        }));
        assert.ok(info.katex >= 6, `display equations: ${info.katex}`);
        assert.equal(info.katexErrors, 0);
        assert.ok(info.figures >= 4, `figures: ${info.figures}`);
        // Reconstructions 30, samples 36, interpolation 5 × 13 digits.
        assert.ok(info.digitImages >= 30 + 36 + 65, `digit images: ${info.digitImages}`);
        for (const name of ["reparameterize", "klStandardNormal", "bernoulliLogLikelihood"]) {
          assert.ok(info.listings.some((l) => l?.endsWith(`#${name}`)), `listing of ${name}`);
        }
        assert.ok(info.card, "the vae-mnist model card");
        assert.match(info.text, /deno task sweep vae-mnist/, "the sweep's command");
        assert.ok(info.exercises.some((h) => h?.endsWith("exercises/#ex-07")), "exercise 07");
        assert.ok(info.demo);
        assert.deepEqual(errors, []);
        await page.close();
      });

      const losses: Record<string, number[]> = {};
      for (const backend of ["cpu", "webgl", "webgpu"]) {
        await t.step(`${STEPS} VAE training steps on ${backend}`, async () => {
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

      await t.step("pretrained vae-mnist reproduces the manifest's held-out −ELBO", async () => {
        const page = await site.browser.newPage();
        const errors = collectErrors(page);
        await page.goto(`${site.base}${PAGE}?backend=cpu`);
        const d = await runDemo(page, "pretrained", "d.heldOutElboExpected !== undefined", 120_000);
        const manifest = JSON.parse(await Deno.readTextFile("weights/manifest.json"));
        const expected = manifest.models["vae-mnist"].metricsFast["test −ELBO/image"];
        assert.equal(Number(d.heldOutElboExpected), expected);
        const rel = Math.abs(Number(d.heldOutElbo) - expected) / expected;
        console.log(`  held-out −ELBO (200 digits): page ${d.heldOutElbo}, manifest ${expected}`);
        assert.ok(rel <= METRIC_TOLERANCE, `−ELBO ${d.heldOutElbo} in the page vs ${expected}`);
        assert.deepEqual(errors, []);
        await page.close();
      });
    } finally {
      await site.close();
    }
  },
});
