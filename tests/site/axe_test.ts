/**
 * WCAG 2.0/2.1 A and AA, as axe-core (npm, pinned) audits them in headless Chromium: every built
 * page as it loads, every live demo once it has started and shown results (wasm backend, a step
 * or a first result, then paused), and the search box with its results open. Fails on any
 * violation, listing rule, impact, element and page, and prints the summary table (rule | impact |
 * pages | elements | example).
 */
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { DIST, openSite, runDemo, type Site } from "./_browser.ts";
import { htmlFiles } from "../site_units/_html_files.ts";
import { searchFor } from "./_search.ts";

const AXE_SOURCE = Deno.readTextFileSync(
  new URL("../../node_modules/axe-core/axe.min.js", import.meta.url),
);
const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];
/** Tabs open at once: enough to overlap page loads, few enough for a 2-core runner. */
const PARALLEL = 4;
const DEMO_TIMEOUT = 120_000;

/** One element that breaks one rule on one page (or demo). */
interface Finding {
  rule: string;
  impact: string;
  target: string;
  where: string;
}

/** A demo started until it shows results: its page, its frame and what "shown" means. */
interface DemoRun {
  path: string;
  kind: string;
  /** JS over the demo's dataset `d`. */
  until: string;
  /** The button that starts it (default "start"). */
  action?: string;
}

const L = (n: string) => `/lectures/${n}/`;
const STEP = "Number(d.step ?? 0) >= 1";
const DEMOS: DemoRun[] = [
  { path: L("01-odes-and-solvers"), kind: "solver-playground", until: "d.nfe !== undefined" },
  { path: L("01-odes-and-solvers"), kind: "solver-race", until: "d.race !== undefined" },
  { path: L("02-neural-odes"), kind: "node-training", until: STEP },
  { path: L("02-neural-odes"), kind: "adjoint-compare", until: "d.gradDiff !== undefined" },
  { path: L("03-vae-primer"), kind: "vae-training", until: STEP },
  { path: L("04-odevae"), kind: "odevae-training", until: STEP },
  { path: L("05-latent-odes"), kind: "latent-ode", until: STEP },
  { path: L("06-odenet"), kind: "odenet-training", until: STEP },
  { path: L("06-odenet"), kind: "odenet-solvers", until: "d.last !== undefined" },
  { path: L("06-odenet"), kind: "digit-draw", until: "d.state === 'ready'" },
  { path: L("07-continuous-normalising-flows"), kind: "cnf-training", until: STEP },
  { path: L("08-related-work"), kind: "anode-crossing", until: STEP },
];

/** Runs axe on the page (or only inside `include`), as findings labelled `where`. */
async function audit(page: Page, where: string, include?: string): Promise<Finding[]> {
  await page.addScriptTag({ content: AXE_SOURCE });
  const violations = await page.evaluate(async ([tags, scope]) => {
    // deno-lint-ignore no-explicit-any
    const axe = (globalThis as any).axe;
    const result = await axe.run(scope ? { include: [scope] } : document, {
      runOnly: { type: "tag", values: tags },
      resultTypes: ["violations"],
    });
    return (result.violations as {
      id: string;
      impact: string | null;
      nodes: { target: unknown[] }[];
    }[]).map((v) => ({
      id: v.id,
      impact: v.impact ?? "",
      targets: v.nodes.map((n) => n.target.map(String).join(" ")),
    }));
  }, [TAGS, include ?? ""] as const);
  return violations.flatMap((v) =>
    v.targets.map((target) => ({ rule: v.id, impact: v.impact, target, where }))
  );
}

/** Runs `jobs` at most `PARALLEL` at a time. */
async function pool<T>(items: T[], job: (item: T) => Promise<Finding[]>): Promise<Finding[]> {
  const queue = [...items];
  const found: Finding[] = [];
  await Promise.all(
    Array.from({ length: PARALLEL }, async () => {
      for (let item = queue.shift(); item !== undefined; item = queue.shift()) {
        found.push(...await job(item));
      }
    }),
  );
  return found;
}

async function onNewPage<T>(site: Site, url: string, body: (page: Page) => Promise<T>) {
  // axe is injected as an inline script, which the site's CSP refuses (tests/site/csp_test.ts
  // checks the pages under it); bypassing it here changes nothing axe audits.
  const page = await site.browser.newPage({ bypassCSP: true });
  try {
    await page.goto(`${site.base}${url}`);
    return await body(page);
  } finally {
    await page.close();
  }
}

/** The table: one row per rule, its pages, its elements and a first example. */
export function summary(found: Finding[]): string {
  const rows = new Map<string, Finding[]>();
  for (const f of found) rows.set(f.rule, [...(rows.get(f.rule) ?? []), f]);
  const lines = ["| rule | impact | pages | elements | example |", "|---|---|---|---|---|"];
  for (const [rule, fs] of [...rows].sort((a, b) => b[1].length - a[1].length)) {
    const pages = new Set(fs.map((f) => f.where.split(" ")[0])).size;
    lines.push(`| ${rule} | ${fs[0].impact} | ${pages} | ${fs.length} | \`${fs[0].target}\` |`);
  }
  return lines.join("\n");
}

Deno.test({
  name: "axe-core: no WCAG 2.1 A/AA violation on any built page or started demo",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn(t) {
    const site = await openSite({ webgpu: false });
    const found: Finding[] = [];
    try {
      const pages = htmlFiles(DIST).map((f) => `/${f.replace(/(^|\/)index\.html$/, "$1")}`);
      assert.ok(pages.length >= 10, `only ${pages.length} built pages in ${DIST}`);
      // A demo added to a lecture must be added here too, or it would go unaudited once started.
      const built = new Set(
        htmlFiles(DIST).flatMap((f) =>
          [...Deno.readTextFileSync(`${DIST}${f}`).matchAll(/data-demo="([^"]+)"/g)].map((m) =>
            m[1]
          )
        ),
      );
      assert.deepEqual([...built].sort(), DEMOS.map((d) => d.kind).sort(), "demos to audit");
      await t.step(`${pages.length} pages as they load`, async () => {
        found.push(...await pool(pages, (p) => onNewPage(site, p, (page) => audit(page, p))));
      });
      await t.step(`${DEMOS.length} demos after they started and showed results`, async () => {
        found.push(
          ...await pool(
            DEMOS,
            (demo) =>
              onNewPage(site, `${demo.path}?backend=wasm`, async (page) => {
                await runDemo(page, demo.kind, demo.action ?? "start", demo.until, DEMO_TIMEOUT, {
                  pause: true,
                  domClick: true,
                  polling: 100,
                });
                return audit(
                  page,
                  `${demo.path} (demo ${demo.kind})`,
                  `[data-demo="${demo.kind}"]`,
                );
              }),
          ),
        );
      });
      await t.step("the search box open, with results listed", async () => {
        found.push(
          ...await onNewPage(site, "/", async (page) => {
            await searchFor(page, "adjoint");
            return audit(page, "/ (search results for “adjoint”)", "[data-site-search]");
          }),
        );
      });
    } finally {
      await site.close();
    }
    if (found.length) console.log(`\n${summary(found)}\n`);
    assert.deepEqual(
      found.map((f) => `${f.rule} (${f.impact}) ${f.target} on ${f.where}`),
      [],
      "axe-core found WCAG violations",
    );
  },
});
