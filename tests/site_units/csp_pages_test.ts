/**
 * What the Content-Security-Policy (lib/content_security_policy.ts) asks of the built pages,
 * checked on site/dist without a browser: no inline script or event-handler attribute (the policy
 * runs scripts from files only), and every course page carries the policy as a <meta> for static
 * hosts, equal to the table's (a build older than the table fails here: rebuild).
 * tests/site/csp_test.ts then runs every page under the policy in Chromium.
 */
import assert from "node:assert/strict";
import { parseHTML } from "linkedom";
import { contentSecurityPolicyMeta } from "../../lib/content_security_policy.ts";
import { DIST } from "../../scripts/site_dist.ts";
import { htmlFiles } from "./_html_files.ts";

/** Script types a browser does not run: data blocks, which the policy does not govern. */
const DATA_TYPES = new Set(["application/json", "application/ld+json"]);

const PAGES = htmlFiles(DIST);

Deno.test("built pages: no inline script and no event-handler attribute", () => {
  assert.ok(PAGES.length >= 15, `only ${PAGES.length} pages in ${DIST}`);
  const found: string[] = [];
  for (const file of PAGES) {
    const { document } = parseHTML(Deno.readTextFileSync(`${DIST}${file}`));
    for (const script of document.querySelectorAll("script")) {
      const type = script.getAttribute("type") ?? "";
      if (!script.hasAttribute("src") && !DATA_TYPES.has(type)) {
        found.push(`${file}: inline <script> ${script.textContent?.slice(0, 80)}`);
      }
    }
    for (const element of document.querySelectorAll("*")) {
      for (const name of element.getAttributeNames()) {
        if (/^on[a-z]+$/i.test(name)) found.push(`${file}: <${element.localName} ${name}>`);
      }
    }
  }
  assert.deepEqual(found, []);
});

Deno.test("built pages: every course page carries the policy as a <meta>, the table's own", () => {
  const wrong: string[] = [];
  for (const file of PAGES) {
    // The test harness is no course page: it is served only with the header.
    if (file.startsWith("harness/")) continue;
    const { document } = parseHTML(Deno.readTextFileSync(`${DIST}${file}`));
    const metas = [...document.querySelectorAll("meta[http-equiv]")].filter((m) =>
      m.getAttribute("http-equiv")?.toLowerCase() === "content-security-policy"
    );
    const content = metas.map((m) => m.getAttribute("content"));
    if (content.length !== 1 || content[0] !== contentSecurityPolicyMeta()) {
      wrong.push(`${file}: ${JSON.stringify(content)}`);
    }
    // Only what comes after it is governed: it must precede every script and stylesheet.
    const first = document.head.querySelector(
      "script, link[rel=stylesheet], style, meta[http-equiv]",
    );
    if (metas[0] && first !== metas[0]) {
      wrong.push(`${file}: the <meta> comes after ${first?.outerHTML}`);
    }
  }
  assert.deepEqual(wrong, []);
});
