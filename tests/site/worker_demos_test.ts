/**
 * The shared training-worker protocol (site/src/core/training_worker.ts) in headless Chromium, on
 * the cpu backend, through the two demos that use it: pause, reset (a new model: steps count from
 * 1 again, the old model's late messages are dropped), and — CNF only — a new data set, which
 * replaces the model through the demo's own message. The lecture tests cover start, the backends
 * and the pretrained weights.
 */
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { clickDemo, openSite, runDemo, waitDemo } from "./_browser.ts";

const WORKER = { domClick: true, polling: 100 } as const;
const TIMEOUT = 180_000;

const status = (page: Page, kind: string) =>
  page.locator(`[data-demo="${kind}"] [data-role="status"]`).textContent();

/** Trains to `steps`, pauses, resets; then the new model trains from step 1. */
async function pauseResetResume(page: Page, kind: string, steps: number): Promise<void> {
  await runDemo(page, kind, "start", `Number(d.step ?? 0) >= ${steps}`, TIMEOUT, WORKER);
  await clickDemo(page, kind, "pause");
  await waitDemo(page, kind, "d.state === 'paused'", TIMEOUT, WORKER);
  await clickDemo(page, kind, "reset");
  await page.waitForFunction(
    (k) =>
      document.querySelector(`[data-demo="${k}"] [data-role="status"]`)?.textContent ===
        "Reset to the random initialisation.",
    kind,
    { timeout: TIMEOUT },
  );
  await runDemo(page, kind, "start", "d.step === '1'", TIMEOUT, WORKER);
  await clickDemo(page, kind, "pause");
  const data = await waitDemo(page, kind, "d.state === 'paused'", TIMEOUT, WORKER);
  assert.ok(Number(data.step) >= 1, `${kind}: the reset model trained (${data.step})`);
}

Deno.test("worker demos on cpu: pause, reset, resume; the CNF's new data set", async () => {
  const site = await openSite({ webgpu: false });
  try {
    const errors: string[] = [];
    const page = await site.browser.newPage();
    page.on("pageerror", (e) => errors.push(e.message));

    await page.goto(`${site.base}/lectures/08-related-work/?backend=cpu`);
    await pauseResetResume(page, "anode-crossing", 3);

    const cnf = "cnf-training";
    await page.goto(`${site.base}/lectures/07-continuous-normalising-flows/?backend=cpu`);
    await pauseResetResume(page, cnf, 2);
    // A new data set: a new model, through the CNF's own "settings" message.
    await page.locator(`[data-demo="${cnf}"] select[name="dataset"]`).selectOption("moons");
    assert.match((await status(page, cnf)) ?? "", /^New data set \(moons\)/);
    await runDemo(page, cnf, "start", "d.step === '1'", TIMEOUT, WORKER);
    await clickDemo(page, cnf, "pause");
    const data = await waitDemo(page, cnf, "d.state === 'paused'", TIMEOUT, WORKER);
    assert.ok(Number.isFinite(Number(data.heldOutLL)), "the moons model was evaluated");
    assert.deepEqual(errors, []);
  } finally {
    await site.close();
  }
});
