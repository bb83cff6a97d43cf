/**
 * Lecture 5 in headless Chromium: the latent-ODE demo trains on webgpu, webgl and cpu (forced
 * with ?backend=), its −ELBO decreases and the three backends agree; the pretrained
 * latent-ode-spirals weights reproduce the manifest's held-out metrics (extrapolation RMSE,
 * −ELBO, moments of the posterior means), computed in the page as the recipe defines them; the
 * reader's choice of observed points changes what the encoder reads.
 */
import assert from "node:assert/strict";
import { lectureSuite, SHIPPED, trainDemo, trainOnThreeBackends } from "./_browser.ts";

const L5 = "/lectures/05-latent-odes/";
const KIND = "latent-ode";
// Two: the second loss shows the first update (a step on SwiftShader's WebGPU costs about a minute).
const STEPS = 2;

lectureSuite(
  "lecture 5: latent ODE trains on three backends; pretrained weights match the manifest",
  L5,
  async (t, lecture) => {
    await trainOnThreeBackends(
      t,
      `${STEPS} training steps`,
      STEPS,
      (backend) =>
        trainDemo(lecture.site, backend, {
          path: L5,
          kind: KIND,
          steps: STEPS,
          timeout: backend === "webgpu" ? 420_000 : 180_000,
          pause: true,
          async check(page) {
            // The live plots were drawn.
            const root = page.locator(`[data-demo="${KIND}"]`);
            assert.ok(await root.locator('[data-plot="spirals"] svg').count() > 0, "no spirals");
            assert.ok(await root.locator('[data-plot="loss"] svg').count() > 0, "no loss plot");
          },
        }),
      { what: "−ELBO" },
    );

    await lecture.pretrained(t, "pretrained latent-ode-spirals reproduces the manifest's metrics", {
      kind: KIND,
      until: "d.rmse !== undefined && d.state === 'paused'",
      timeout: 120_000,
    }, async (d, page) => {
      const root = page.locator(`[data-demo="${KIND}"]`);
      const metrics = SHIPPED["latent-ode-spirals"].metrics;
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
    });
  },
);
