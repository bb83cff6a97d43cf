/**
 * Lecture 5 in headless Chromium: the latent-ODE demo trains on webgpu, webgl and cpu (forced
 * with ?backend=), its −ELBO decreases and the three backends agree; the pretrained
 * latent-ode-spirals weights reproduce the manifest's held-out metrics (extrapolation RMSE,
 * −ELBO, moments of the posterior means), computed in the page as the recipe defines them; the
 * reader's choice of observed points changes what the encoder reads.
 */
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { collectErrors, openSite, type Site } from "./_browser.ts";

const L5 = "/lectures/05-latent-odes/";
const KIND = "latent-ode";
const STEPS = 3;

type Data = Record<string, string | undefined>;

/** Waits until the demo's dataset satisfies `until` (JS over `d`), or it fails. */
async function waitDemo(page: Page, until: string, timeout: number): Promise<Data> {
  await page.waitForFunction(
    ([k, cond]) => {
      const el = document.querySelector(`[data-demo="${k}"]`) as HTMLElement;
      if (el.dataset.state === "error") return true;
      return new Function("d", `return ${cond}`)(el.dataset);
    },
    [KIND, until],
    { timeout },
  );
  const root = page.locator(`[data-demo="${KIND}"]`);
  const data = await root.evaluate((e) => ({ ...(e as HTMLElement).dataset }));
  const notes = await root.locator('[data-role="notes"]').textContent();
  assert.notEqual(data.state, "error", `${KIND} failed: ${notes}`);
  return data;
}

async function trainOn(site: Site, backend: string): Promise<number[]> {
  const page = await site.browser.newPage();
  const errors = collectErrors(page);
  try {
    await page.goto(`${site.base}${L5}?backend=${backend}`);
    const root = page.locator(`[data-demo="${KIND}"]`);
    await root.scrollIntoViewIfNeeded();
    await root.locator('[data-action="start"]').click();
    const data = await waitDemo(
      page,
      `Number(d.step ?? 0) >= ${STEPS}`,
      backend === "webgpu" ? 420_000 : 180_000,
    );
    await root.locator('[data-action="pause"]').click();
    assert.equal(data.backend, backend, `the demo ran on ${data.backend}, not ${backend}`);
    // The live plots were drawn.
    assert.ok(await root.locator('[data-plot="spirals"] svg').count() > 0, "no spiral plot");
    assert.ok(await root.locator('[data-plot="loss"] svg').count() > 0, "no loss plot");
    assert.deepEqual(errors, []);
    return (JSON.parse(data.losses!) as number[]).slice(0, STEPS);
  } finally {
    await page.close();
  }
}

Deno.test({
  name: "lecture 5: latent ODE trains on three backends; pretrained weights match the manifest",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn(t) {
    const site = await openSite({ webgpu: true });
    try {
      const losses: Record<string, number[]> = {};
      for (const backend of ["cpu", "webgl", "webgpu"]) {
        await t.step(`${STEPS} training steps on ${backend}`, async () => {
          const l = await trainOn(site, backend);
          losses[backend] = l;
          assert.equal(l.length, STEPS);
          assert.ok(l.every(Number.isFinite), `non-finite loss ${l}`);
          assert.ok(l[STEPS - 1] < l[0], `${backend}: −ELBO ${l.join(" → ")} does not decrease`);
        });
      }
      await t.step("the three backends agree", () => {
        for (const backend of ["webgl", "webgpu"]) {
          for (let i = 0; i < STEPS; i++) {
            const rel = Math.abs(losses[backend][i] - losses.cpu[i]) / Math.abs(losses.cpu[i]);
            assert.ok(
              rel < 1e-2,
              `${backend} step ${i}: ${losses[backend][i]} vs ${losses.cpu[i]}`,
            );
          }
        }
      });

      await t.step("pretrained latent-ode-spirals reproduces the manifest's metrics", async () => {
        const page = await site.browser.newPage();
        const errors = collectErrors(page);
        await page.goto(`${site.base}${L5}?backend=cpu`);
        const root = page.locator(`[data-demo="${KIND}"]`);
        await root.scrollIntoViewIfNeeded();
        await root.locator('[data-action="pretrained"]').click();
        const d = await waitDemo(page, "d.rmse !== undefined && d.state === 'paused'", 120_000);
        const manifest = JSON.parse(await Deno.readTextFile("weights/manifest.json"));
        const metrics = manifest.models["latent-ode-spirals"].metrics;
        const rmse = metrics["extrapolation RMSE"];
        assert.equal(Number(d.rmseExpected), rmse);
        assert.ok(
          Math.abs(Number(d.rmse) - rmse) <= 0.01 * rmse,
          `extrapolation RMSE ${d.rmse} in the browser vs ${rmse} in the manifest`,
        );
        const elbo = metrics["eval −ELBO/trajectory"];
        assert.ok(
          Math.abs(Number(d.elbo) - elbo) <= 0.01 * Math.abs(elbo) + 0.05,
          `−ELBO ${d.elbo} in the browser vs ${elbo} in the manifest`,
        );
        const moments = JSON.parse(d.moments!) as {
          mean: number;
          std: number;
          skew: number;
          kurt: number;
        }[];
        moments.forEach((m, k) => {
          for (
            const [key, name] of [
              ["mean", "mean"],
              ["std", "std"],
              ["skew", "skew"],
              ["kurt", "excess kurtosis"],
            ] as const
          ) {
            const want = metrics[`z0[${k}] ${name}`];
            assert.ok(Math.abs(m[key] - want) < 2e-3, `z0[${k}] ${name}: ${m[key]} vs ${want}`);
          }
        });
        // The reader picks 3 random points: the panels say so and are redrawn.
        await root.locator('[name="pick"]').selectOption("random");
        await root.locator('[name="points"]').fill("3");
        await page.waitForFunction(
          () =>
            document.querySelector('[data-demo="latent-ode"] [data-plot="spirals"]')
              ?.textContent?.includes("3 points"),
          undefined,
          { timeout: 30_000 },
        );
        assert.deepEqual(errors, []);
        await page.close();
      });
    } finally {
      await site.close();
    }
  },
});
