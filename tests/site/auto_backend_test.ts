/**
 * "auto" picks by measurement (site/src/core/auto.ts, probe.ts). The rule, not a time: auto never
 * picks a backend whose rate, measured independently by forcing each backend with ?backend= and
 * training a few steps, is below half of the best one's. Also: forcing still works, a reload
 * reuses the remembered measurement, and a system check's result is reused.
 */
import assert from "node:assert/strict";
import type { BrowserContext } from "playwright-core";
import { collectErrors, openSite, type Site, waitDemo } from "./_browser.ts";

interface Demo {
  kind: string;
  path: string;
  /** Steps before timing (warm-up: shader compilation), then timed steps. */
  warm: number;
  timed: number;
}

const DEMOS: Demo[] = [
  { kind: "node-training", path: "/lectures/02-neural-odes/", warm: 3, timed: 8 },
  { kind: "anode-crossing", path: "/lectures/08-related-work/", warm: 1, timed: 2 },
];
/**
 * SwiftShader's WebGPU takes ~16 s a step of lecture 2 (wasm: ~11 ms): not timed here, and auto
 * must not pick it.
 */
const TIMED = ["wasm", "webgl", "cpu"];

/** Steps/s of `demo` forced onto `backend`, over `timed` steps after `warm`, in the page's clock. */
async function forcedRate(context: BrowserContext, site: Site, demo: Demo, backend: string) {
  const page = await context.newPage();
  const errors = collectErrors(page);
  try {
    await page.goto(`${site.base}${demo.path}?backend=${backend}`);
    await page.locator(`[data-demo="${demo.kind}"] [data-action="start"]`).click();
    const handle = await page.waitForFunction(
      ([kind, warm, timed]) => {
        const el = document.querySelector<HTMLElement>(`[data-demo="${kind}"]`)!;
        const d = el.dataset;
        if (d.state === "error") return { error: el.textContent };
        const w = globalThis as unknown as { t0?: number };
        const step = Number(d.step ?? 0);
        if (step >= warm && w.t0 === undefined) w.t0 = performance.now();
        if (step < warm + timed) return false;
        el.querySelector<HTMLButtonElement>('[data-action="pause"]')?.click();
        return { rate: (1000 * (step - warm)) / (performance.now() - w.t0!), backend: d.backend };
      },
      [demo.kind, demo.warm, demo.timed] as const,
      { timeout: 60_000 },
    );
    const got = await handle.jsonValue() as { rate?: number; backend?: string; error?: string };
    assert.equal(got.error, undefined, `${demo.kind} failed on ${backend}: ${got.error}`);
    // Forcing works as before: the demo runs on the backend asked for, without auto's probe.
    assert.equal(got.backend, backend);
    assert.equal(await page.locator(`[data-demo="${demo.kind}"]`).getAttribute("data-probe"), null);
    assert.deepEqual(errors, []);
    return got.rate!;
  } finally {
    await page.close();
  }
}

/** Presses Start on auto; the frame's dataset once a backend is chosen (paused at once). */
async function startAuto(context: BrowserContext, site: Site, demo: Demo, reload = false) {
  const page = await context.newPage();
  const errors = collectErrors(page);
  await page.goto(`${site.base}${demo.path}`);
  if (reload) await page.reload();
  await page.locator(`[data-demo="${demo.kind}"] [data-action="start"]`).click();
  const d = await waitDemo(page, demo.kind, "d.backend !== undefined", 90_000, { pause: true });
  const notes = await page.locator(`[data-demo="${demo.kind}"] [data-role="notes"]`).textContent();
  assert.deepEqual(errors, []);
  return { page, d, notes: notes ?? "" };
}

Deno.test({
  name: "auto: picks within half of the fastest, remembers it, and reuses the system check",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn(t) {
    const site = await openSite({ webgpu: true });
    try {
      for (const demo of DEMOS) {
        await t.step(`${demo.kind}: auto's pick against forced rates`, async () => {
          const context = await site.browser.newContext();
          try {
            const { page, d, notes } = await startAuto(context, site, demo);
            assert.equal(d.probeSource, "probe");
            assert.equal(d.probeLeaked, "0", "the probe left tensors behind");
            const probe = JSON.parse(d.probe!) as Record<string, number | string>;
            assert.match(notes, new RegExp(`^Measured: .* → ${d.backend}\\.`));
            assert.notEqual(d.backend, "webgpu", `auto picked SwiftShader's WebGPU: ${d.probe}`);
            await page.close();
            const rates: Record<string, number> = {};
            for (const b of TIMED) rates[b] = await forcedRate(context, site, demo, b);
            const best = Math.max(...Object.values(rates));
            console.log(
              `  ${demo.kind}: forced ${JSON.stringify(rates)}; auto's probe ${d.probe} → ` +
                d.backend,
            );
            assert.ok(
              rates[d.backend!] >= best / 2,
              `auto picked ${d.backend} (${rates[d.backend!].toFixed(1)} steps/s forced), ` +
                `below half of the best (${best.toFixed(1)})`,
            );
            assert.equal(typeof probe[d.backend!], "number");

            // A second visit reuses the measurement: no probe, the same backend.
            const again = await startAuto(context, site, demo, true);
            assert.equal(again.d.probeSource, "remembered");
            assert.equal(again.d.backend, d.backend);
            assert.match(again.notes, /as measured in this browser/);
            const remeasure = again.page.locator(
              `[data-demo="${demo.kind}"] [data-action="remeasure"]`,
            );
            assert.ok(await remeasure.isVisible(), "no visible “Measure backends again” button");
            await again.page.close();
          } finally {
            await context.close();
          }
        });
      }

      await t.step("the system check's result is reused by auto", async () => {
        const context = await site.browser.newContext();
        try {
          const page = await context.newPage();
          await page.goto(`${site.base}/system-check/?run=1&quick=1&backends=wasm,cpu`);
          await page.waitForFunction(
            () => document.getElementById("system-check")!.dataset.state === "done",
            undefined,
            { timeout: 60_000 },
          );
          const stored = await page.evaluate(() =>
            localStorage.getItem("node-workshop:auto:system-check")
          );
          assert.ok(stored, "the system check stored nothing");
          const { picked } = JSON.parse(stored) as { picked: string };
          assert.ok(picked === "wasm" || picked === "cpu", picked);
          await page.close();
          const { d, notes } = await startAuto(context, site, DEMOS[0]);
          assert.equal(d.probeSource, "system-check");
          assert.equal(d.backend, picked);
          assert.match(notes, /from your system check/);
        } finally {
          await context.close();
        }
      });
    } finally {
      await site.close();
    }
  },
});
