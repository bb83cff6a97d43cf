/**
 * The built site (site/dist, or SITE_DIST) as the tests and scripts find it: the browser tests
 * (tests/site/, via site_browser.ts) and the no-browser checks of the built pages
 * (tests/site_units/).
 */

export const DIST = Deno.env.get("SITE_DIST") ??
  new URL("../site/dist/", import.meta.url).pathname;

/** Fails with the fix when the site has not been built. */
export async function requireBuiltSite(): Promise<void> {
  const index = await Deno.stat(`${DIST}index.html`).catch(() => undefined);
  if (!index) {
    throw new Error(
      `${DIST}index.html is missing. Fix: run \`deno task build\` (deno task test does).`,
    );
  }
}
