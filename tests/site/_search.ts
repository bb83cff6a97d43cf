/**
 * Drives the top bar's search box (site/src/components/SiteSearch.astro) in a browser test:
 * types a query and reads the links it lists. Shared by search_test.ts and base_path_test.ts.
 */
import type { Page } from "playwright-core";

export const SEARCH_INPUT = "#site-search-input";

export interface ListedLink {
  /** The link's href as written (absolute path, with the section's #id). */
  href: string;
  title: string;
  /** The page a section belongs to ("" for a link to a page's top). */
  page: string;
}

/** Types `query` into the search box and returns the links listed for it, in order. */
export async function searchFor(page: Page, query: string): Promise<ListedLink[]> {
  await page.locator(SEARCH_INPUT).fill(query);
  await page.waitForFunction(
    (q) => {
      const root = document.querySelector<HTMLElement>("[data-site-search]");
      const status = root?.querySelector("[data-role=search-status]")?.textContent ?? "";
      return root?.dataset.searchState === "unavailable" ||
        (root?.dataset.searchState === "done" && status.includes(`“${q}”`));
    },
    query,
    { timeout: 30_000 },
  );
  return await page.evaluate(() => {
    const root = document.querySelector<HTMLElement>("[data-site-search]")!;
    if (root.dataset.searchState === "unavailable") {
      throw new Error(root.querySelector("[data-role=search-status]")?.textContent ?? "");
    }
    return [...root.querySelectorAll<HTMLAnchorElement>("[data-role=search-list] a")].map((a) => ({
      href: a.getAttribute("href") ?? "",
      title: a.querySelector(".search-title")?.textContent ?? "",
      page: a.querySelector(".search-page")?.textContent ?? "",
    }));
  });
}
