/**
 * The site built for a URL prefix (SITE_BASE=/neural-ode/, as on GitHub Pages) and served under
 * it: every page loads cleanly, every link, script, style, font, figure, weight file and the
 * service worker stay inside the prefix, and the whole course — site search included — works
 * offline there too. The same build has SHOW_SOLUTIONS=1, so the solutions policy is checked both
 * ways: the default build (SITE_DIST) links no solution, the flagged one links every exercise's
 * reference.
 *
 * The prefixed build is made here into a temporary folder (≈ 0.5–2 min) unless SITE_DIST_BASE
 * names one made with `SITE_BASE=/neural-ode/ SHOW_SOLUTIONS=1 deno task build --outDir DIR`.
 */
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { collectErrors, DIST, openSite } from "./_browser.ts";
import { SEARCH_INPUT, searchFor } from "./_search.ts";

const BASE = "/neural-ode/";
const REPO = new URL("../../", import.meta.url).pathname;

async function prefixedBuild(): Promise<string> {
  const given = Deno.env.get("SITE_DIST_BASE");
  if (given) return given.endsWith("/") ? given : `${given}/`;
  const out = await Deno.makeTempDir({ prefix: "course-base-" });
  const started = performance.now();
  const result = await new Deno.Command(Deno.execPath(), {
    args: ["task", "build", "--outDir", out],
    cwd: REPO,
    env: { SITE_BASE: BASE, SHOW_SOLUTIONS: "1" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!result.success) {
    const log = new TextDecoder().decode(result.stdout) + new TextDecoder().decode(result.stderr);
    throw new Error(`the prefixed build failed:\n${log.slice(-3000)}`);
  }
  console.log(`prefixed build: ${((performance.now() - started) / 1000).toFixed(0)} s`);
  return `${out}/`;
}

/** URL paths ("/", "/lectures/x/") of every built page of a dist folder. */
function builtPages(dist: string, dir = ""): string[] {
  const pages: string[] = [];
  for (const e of Deno.readDirSync(dist + dir)) {
    if (e.isDirectory && !["_astro", "weights", "data", "tfjs-wasm"].includes(e.name)) {
      pages.push(...builtPages(dist, `${dir}${e.name}/`));
    } else if (e.name === "index.html") pages.push(`/${dir}`);
  }
  return pages.sort();
}

const VARIANT = await prefixedBuild();
const PAGES = builtPages(VARIANT);

/** Every URL the page refers to (links, scripts, styles, images) that is on this origin. */
function referencedUrls(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const urls = [
      ...[...document.querySelectorAll("a[href], link[href]")].map((e) =>
        (e as HTMLAnchorElement).href
      ),
      ...[...document.querySelectorAll("script[src], img[src]")].map((e) =>
        (e as HTMLScriptElement).src
      ),
    ];
    return urls.filter((u) => new URL(u).origin === location.origin);
  });
}

Deno.test({
  name: "base path: every page loads under /neural-ode/ and refers only to URLs inside it",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn(t) {
    const site = await openSite({
      serviceWorkers: true,
      root: VARIANT,
      urlBase: BASE,
      webgpu: false,
    });
    const origin = new URL(site.base).origin;
    try {
      const page = await site.browser.newPage();
      const errors = collectErrors(page);
      const links = new Set<string>();
      for (const path of PAGES) {
        await t.step(path, async () => {
          errors.length = 0;
          await page.goto(site.base + path, { waitUntil: "load" });
          await page.waitForTimeout(100);
          // A favicon request cut short by the next navigation is not a fault of the page.
          const real = errors.filter((e) => !/favicon\.svg \(net::ERR_ABORTED\)/.test(e));
          assert.deepEqual(real, [], `errors on ${path}`);
          for (const url of await referencedUrls(page)) {
            const { pathname } = new URL(url);
            assert.ok(pathname.startsWith(BASE), `${path} refers to ${url}, outside ${BASE}`);
            links.add(pathname);
          }
          if (path.startsWith("/lectures/") && !path.includes("00-")) {
            assert.ok(await page.locator(".katex").count() > 0, `math on ${path}`);
          }
        });
      }
      await t.step("every internal link resolves", async () => {
        for (const link of links) {
          const res = await fetch(origin + link);
          await res.body?.cancel();
          assert.equal(res.status, 200, `${link} → ${res.status}`);
        }
        assert.ok(links.size >= 15, `only ${links.size} internal URLs`);
      });
      await t.step("the root redirects into the prefix", async () => {
        const res = await fetch(`${origin}/`, { redirect: "manual" });
        await res.body?.cancel();
        assert.equal(res.headers.get("location"), BASE);
      });
    } finally {
      await site.close();
    }
  },
});

Deno.test({
  name: "base path: the service worker's scope is the prefix, and the course works offline there",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const site = await openSite({
      serviceWorkers: true,
      root: VARIANT,
      urlBase: BASE,
      webgpu: false,
    });
    try {
      const context = await site.browser.newContext();
      const page = await context.newPage();
      await page.goto(`${site.base}/`);
      await page.waitForFunction(
        () => ["ready", "unavailable"].includes(document.documentElement.dataset.offline ?? ""),
        undefined,
        { timeout: 60_000 },
      );
      assert.equal(await page.evaluate(() => document.documentElement.dataset.offline), "ready");
      const scope = await page.evaluate(async () =>
        (await navigator.serviceWorker.getRegistration())?.scope
      );
      assert.equal(scope, `${site.base}/`);
      const manifest = JSON.parse(await Deno.readTextFile(`${VARIANT}offline-manifest.json`));
      assert.ok(manifest.urls.every((u: string) => !u.startsWith("/")), "cached URLs are relative");
      await page.reload();
      await page.waitForFunction(() => navigator.serviceWorker.controller !== null);

      await context.setOffline(true);
      for (const path of PAGES.filter((p) => p.startsWith("/lectures/"))) {
        await page.goto(`${site.base}${path}?backend=cpu`);
        const title = await page.locator("h1").first().textContent();
        assert.ok(title?.trim(), `${path}: no title offline`);
      }
      // Site search offline under the prefix: Pagefind's files from the cache, links inside it.
      await page.locator(SEARCH_INPUT).focus();
      const adjoint = await searchFor(page, "adjoint");
      assert.match(
        adjoint[0]?.href ?? "",
        /^\/neural-ode\/lectures\/02-[a-z0-9-]+\/#[a-z0-9-]*adjoint/,
        `first result for adjoint: ${JSON.stringify(adjoint[0])}`,
      );
      const hutchinson = (await searchFor(page, "Hutchinson")).map((l) => l.href);
      assert.ok(hutchinson.includes("/neural-ode/exercises/#ex-12"), `${hutchinson}`);
      assert.ok(hutchinson.some((h) => h.startsWith("/neural-ode/lectures/07-")), `${hutchinson}`);
      // Every pretrained weight file offline, through the prefixed /weights/ URLs, byte-exact.
      const checked = await page.evaluate(async (base) => {
        const hex = (b: ArrayBuffer) =>
          Array.from(new Uint8Array(b), (x) => x.toString(16).padStart(2, "0")).join("");
        const manifest = await (await fetch(`${base}weights/manifest.json`)).json();
        const bad: string[] = [];
        let files = 0;
        for (const [name, entry] of Object.entries(manifest.models)) {
          for (
            const [file, sha] of Object.entries((entry as { files: Record<string, string> }).files)
          ) {
            const bytes = await (await fetch(`${base}weights/${name}/${file}`)).arrayBuffer();
            if (hex(await crypto.subtle.digest("SHA-256", bytes)) !== sha) bad.push(file);
            files++;
          }
        }
        return { files, bad };
      }, BASE);
      assert.deepEqual(checked.bad, [], "weight files whose bytes differ offline");
      assert.ok(checked.files >= 2, `only ${checked.files} weight files checked`);
      await page.goto(`${site.base}/system-check/`);
      assert.equal(await page.locator("h1").textContent(), "System check");
      await context.close();
    } finally {
      await site.close();
    }
  },
});

Deno.test("solutions policy: linked only in the SHOW_SOLUTIONS build; hints otherwise", async () => {
  const read = (dist: string, path: string) =>
    Deno.readTextFile(`${dist}${path.slice(1)}index.html`);
  // Default build: no solution page, no link to one, and the hint command instead.
  assert.equal(await Deno.stat(`${DIST}solutions`).catch(() => null), null);
  for (const path of builtPages(DIST)) {
    const html = await read(DIST, path);
    assert.doesNotMatch(html, /href="[^"]*solutions\//, `${path} links a solution`);
  }
  const exercises = await read(DIST, "/exercises/");
  assert.match(exercises, /deno task hint 1\.1/);
  assert.match(exercises, /released by your instructor/);
  // The flagged build: every exercise links its reference, and the pages exist with the code.
  const flagged = await read(VARIANT, "/exercises/");
  const linked = [...flagged.matchAll(/href="(\/neural-ode\/solutions\/\d\d\/)"/g)].map((m) =>
    m[1]
  );
  const kit = [...Deno.readDirSync(`${REPO}solutions`)].filter((e) => /^\d\d_/.test(e.name));
  assert.equal(new Set(linked).size, kit.length, "one solution link per exercise");
  for (const href of new Set(linked)) {
    const html = await read(VARIANT, href.slice(BASE.length - 1));
    assert.match(html, /solutions\/\d\d_[a-z0-9_]+\/[a-z0-9_]+\.ts/, `${href} shows its files`);
    assert.match(html, /<pre class="astro-code/, `${href} shows highlighted code`);
  }
});
