/**
 * The live demos in headless Chromium (WebGPU through SwiftShader): the solver demos agree with
 * lib/ run in Deno; the Neural ODE trains on webgpu, webgl and cpu (forced with ?backend=), its
 * loss decreases and the three backends agree; the pretrained weights load and reproduce the
 * manifest's metric; direct and adjoint gradients agree, and only direct backprop's memory grows.
 */
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import type { Page } from "playwright-core";
import { solve } from "../../lib/ode/mod.ts";
import { vanDerPolField } from "../../lib/data/vdp.ts";
import { linspace } from "../../lib/data/linspace.ts";
import { collectErrors, openSite, type Site } from "./_browser.ts";

const L1 = "/lectures/01-odes-and-solvers/";
const L2 = "/lectures/02-neural-odes/";
const STEPS = 3;

async function startDemo(page: Page, kind: string, until: string, timeout = 120_000) {
  const root = page.locator(`[data-demo="${kind}"]`);
  await root.scrollIntoViewIfNeeded({ timeout: 90_000 });
  await root.locator('[data-action="start"]').click();
  await page.waitForFunction(
    ([k, cond]) => {
      const el = document.querySelector(`[data-demo="${k}"]`) as HTMLElement;
      if (el.dataset.state === "error") return true;
      return new Function("d", `return ${cond}`)(el.dataset);
    },
    [kind, until],
    { timeout },
  );
  const data = await root.evaluate((e) => ({ ...(e as HTMLElement).dataset }));
  const notes = await root.locator('[data-role="notes"]').textContent();
  assert.notEqual(data.state, "error", `${kind} failed: ${notes}`);
  return data;
}

/** Trains the NODE demo for STEPS steps on a forced backend; returns its losses. */
async function trainOn(site: Site, backend: string): Promise<number[]> {
  const page = await site.browser.newPage();
  const errors = collectErrors(page);
  try {
    await page.goto(`${site.base}${L2}?backend=${backend}`);
    const data = await startDemo(
      page,
      "node-training",
      `Number(d.step ?? 0) >= ${STEPS}`,
      backend === "webgpu" ? 200_000 : 90_000,
    );
    await page.locator('[data-demo="node-training"] [data-action="pause"]').click();
    assert.equal(data.backend, backend, `the demo ran on ${data.backend}, not ${backend}`);
    assert.deepEqual(errors, []);
    return (JSON.parse(data.losses!) as number[]).slice(0, STEPS);
  } finally {
    await page.close();
  }
}

Deno.test({
  name: "site demos: solvers, training on three backends, pretrained weights, adjoint",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn(t) {
    const site = await openSite({ webgpu: true });
    try {
      await t.step("lecture 1: playground and race match lib/ode run in Deno", async () => {
        const page = await site.browser.newPage();
        const errors = collectErrors(page);
        await page.goto(site.base + L1);
        const play = await startDemo(page, "solver-playground", "d.nfe !== undefined");
        assert.equal(play.backend, "cpu", "solver demos default to the cpu backend");
        // Same problem in Deno: VDP µ=1 from (1, 0), dopri5 rtol 1e-4 atol 1e-5, t ∈ [0, 15].
        await tf.setBackend("cpu");
        const { ys, stats } = solve(vanDerPolField(1), tf.tensor1d([1, 0]), linspace(0, 15, 301), {
          method: "dopri5",
          rtol: 1e-4,
          atol: 1e-5,
        });
        ys.dispose();
        assert.equal(Number(play.nfe), stats.nfe, "the page's NFE is lib's NFE");
        assert.ok(Number(play.error) < 1e-2, `dopri5 error ${play.error}`);
        const race = await startDemo(page, "solver-race", "d.race !== undefined");
        const rows = JSON.parse(race.race!) as { method: string; nfe: number; error: number }[];
        assert.deepEqual(rows.map((r) => r.method), [
          "euler",
          "midpoint",
          "rk4",
          "bosh3",
          "dopri5",
          "tsit5",
        ]);
        const by = Object.fromEntries(rows.map((r) => [r.method, r]));
        assert.ok(by.rk4.error < by.euler.error / 10, "rk4 beats euler by far");
        assert.equal(by.dopri5.nfe, stats.nfe, "race's dopri5 is the same solve");
        assert.deepEqual(errors, []);
        await page.close();
      });

      await t.step("pretrained node-vdp weights reproduce the manifest's metric", async () => {
        const page = await site.browser.newPage();
        const errors = collectErrors(page);
        await page.goto(`${site.base}${L2}?backend=cpu`);
        const root = page.locator('[data-demo="node-training"]');
        await root.scrollIntoViewIfNeeded();
        await root.locator('[data-action="pretrained"]').click();
        await page.waitForFunction(
          () => {
            const d =
              (document.querySelector('[data-demo="node-training"]') as HTMLElement).dataset;
            return d.rmse !== undefined || d.state === "error";
          },
          undefined,
          { timeout: 60_000 },
        );
        const d = await root.evaluate((e) => ({ ...(e as HTMLElement).dataset }));
        assert.notEqual(
          d.state,
          "error",
          await root.locator('[data-role="notes"]').textContent() ?? "",
        );
        const manifest = JSON.parse(await Deno.readTextFile("weights/manifest.json"));
        const expected = manifest.models["node-vdp"].metrics["held-out RMSE"];
        assert.equal(Number(d.rmseExpected), expected);
        assert.ok(
          Math.abs(Number(d.rmse) - expected) <= 0.01 * expected + 1e-3,
          `held-out RMSE ${d.rmse} in the browser vs ${expected} in the manifest`,
        );
        assert.deepEqual(errors, []);
        await page.close();
      });

      await t.step("adjoint and direct gradients agree; only direct memory grows", async () => {
        const page = await site.browser.newPage();
        const errors = collectErrors(page);
        await page.goto(`${site.base}${L2}?backend=cpu`);
        const d = await startDemo(page, "adjoint-compare", "d.gradDiff !== undefined", 120_000);
        assert.ok(Number(d.gradDiff) < 1e-3, `relative gradient difference ${d.gradDiff}`);
        const mem = JSON.parse(d.memory!) as { w: number; m: string; kb: number }[];
        const direct = mem.filter((r) => r.m === "direct").map((r) => r.kb);
        const adjoint = mem.filter((r) => r.m === "adjoint").map((r) => r.kb);
        assert.ok(direct[direct.length - 1] > 3 * direct[0], `direct memory ${direct}`);
        assert.ok(
          adjoint[adjoint.length - 1] < direct[direct.length - 1] / 5,
          `adjoint ${adjoint}`,
        );
        assert.deepEqual(errors, []);
        await page.close();
      });
      const losses: Record<string, number[]> = {};
      for (const backend of ["cpu", "webgl", "webgpu"]) {
        await t.step(`lecture 2: ${STEPS} training steps on ${backend}`, async () => {
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
              rel < 2e-2,
              `${backend} step ${i}: ${losses[backend][i]} vs cpu ${losses.cpu[i]}`,
            );
          }
        }
      });
    } finally {
      await site.close();
    }
  },
});
