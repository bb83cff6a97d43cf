/**
 * Lecture 3 (VAE primer) in headless Chromium: the page's math, figures, listings, model card,
 * sweep and exercise link; the VAE demo trains on cpu, webgl and webgpu (forced with
 * ?backend=) with a decreasing loss and the same numbers on all three (same seeded batches and
 * noise); the pretrained vae-mnist reproduces the manifest's held-out −ELBO on the recipe's
 * fast subset (every 10th official test digit: 1,000, all among the digits the site ships).
 */
import assert from "node:assert/strict";
import { lectureSuite, readLecture, SHIPPED, trainDemo, trainOnThreeBackends } from "./_browser.ts";

const PAGE = "/lectures/03-vae-primer/";
const KIND = "vae-training";
const STEPS = 3;
/** Relative agreement of the pretrained −ELBO with the manifest (float32, same seeds). */
const METRIC_TOLERANCE = 2e-3;

lectureSuite(
  "lecture 3: page content, VAE training on three backends, pretrained vae-mnist",
  PAGE,
  async (t, lecture) => {
    await lecture.step(t, "the page: math, figures, listings, card, sweep, exercise 7", async (
      page,
    ) => {
      const info = await readLecture(page);
      assert.ok(info.katexDisplays >= 6, `display equations: ${info.katexDisplays}`);
      assert.equal(info.katexErrors, 0);
      assert.ok(info.figureSvgs >= 4, `figures: ${info.figureSvgs}`);
      // Reconstructions 30, samples 36, interpolation 5 × 13 digits.
      assert.ok(info.figureImages >= 30 + 36 + 65, `digit images: ${info.figureImages}`);
      for (const name of ["reparameterize", "klStandardNormal", "bernoulliLogLikelihood"]) {
        assert.ok(info.listings.some((l) => l?.endsWith(`#${name}`)), `listing of ${name}`);
      }
      assert.ok(info.cards.includes("vae-mnist"), "the vae-mnist model card");
      assert.match(info.text, /deno task sweep vae-mnist/, "the sweep's command");
      assert.ok(info.exercises.some((h) => h?.endsWith("exercises/#ex-07")), "exercise 07");
      assert.ok(info.demos.includes("vae-training"));
    });

    // No Pause: on the cpu backend a busy page may not take the click within the timeout on
    // a loaded machine; closing the page ends the training loop.
    await trainOnThreeBackends(
      t,
      `${STEPS} VAE training steps`,
      STEPS,
      (backend) =>
        trainDemo(lecture.site, backend, {
          path: PAGE,
          kind: KIND,
          steps: STEPS,
          timeout: backend === "webgpu" ? 300_000 : 180_000,
        }),
    );

    await lecture.pretrained(t, "pretrained vae-mnist reproduces the manifest's held-out −ELBO", {
      kind: KIND,
      until: "d.heldOutElboExpected !== undefined",
      timeout: 120_000,
    }, (d) => {
      const expected = SHIPPED["vae-mnist"].metricsFast["test −ELBO/image"];
      assert.equal(Number(d.heldOutElboExpected), expected);
      const rel = Math.abs(Number(d.heldOutElbo) - expected) / expected;
      console.log(`  held-out −ELBO (fast subset): page ${d.heldOutElbo}, manifest ${expected}`);
      assert.ok(rel <= METRIC_TOLERANCE, `−ELBO ${d.heldOutElbo} in the page vs ${expected}`);
    });
  },
);
