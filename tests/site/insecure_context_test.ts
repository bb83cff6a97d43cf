/**
 * The course served to the room over plain http on a LAN address (`deno task start --host
 * 0.0.0.0`): the browser calls that an insecure context, so there is no WebGPU, no service worker
 * and no crypto.subtle. The pages and demos must still work — pretrained weights included, whose
 * sha256 is then computed by @noble/hashes (lib/io/weights.ts) — and the system check must say why.
 * "lan.test" is mapped to 127.0.0.1, which makes the origin non-local without a second machine.
 */
import assert from "node:assert/strict";
import { collectErrors, openSite } from "./_browser.ts";

Deno.test({
  name: "insecure context (LAN over http): pages, pretrained weights and the system check's advice",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const site = await openSite({
      serviceWorkers: true,
      webgpu: true,
      args: ["--host-resolver-rules=MAP lan.test 127.0.0.1"],
    });
    try {
      const origin = site.base.replace("127.0.0.1", "lan.test");
      const page = await site.browser.newPage();
      const errors = collectErrors(page);
      await page.goto(`${origin}/lectures/03-vae-primer/?backend=cpu`);
      const env = await page.evaluate(() => ({
        secure: isSecureContext,
        subtle: typeof crypto.subtle,
        gpu: "gpu" in navigator,
        offline: document.documentElement.dataset.offline,
      }));
      assert.deepEqual(env, {
        secure: false,
        subtle: "undefined",
        gpu: false,
        offline: "unsupported",
      });

      const demo = page.locator('[data-demo="vae-training"]');
      await demo.locator('[data-action="pretrained"]').click();
      await page.waitForFunction(
        (el) => {
          const d = (el as HTMLElement).dataset;
          return d.pretrained === "loaded" || d.state === "error";
        },
        await demo.elementHandle(),
        { timeout: 120_000 },
      );
      const notes = await demo.locator('[data-role="notes"]').textContent();
      assert.equal(await demo.getAttribute("data-pretrained"), "loaded", notes ?? "");
      assert.deepEqual(errors, []);

      await page.goto(`${origin}/system-check/`);
      assert.match((await page.locator('[data-env="secure"]').textContent())!, /^no — /);
      assert.match(
        (await page.locator('[data-env="offline"]').textContent())!,
        /needs a secure context/,
      );
      await page.close();
    } finally {
      await site.close();
    }
  },
});
