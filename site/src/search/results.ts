/**
 * From Pagefind's answer to the links the search box lists: each matching page's best sections
 * (Pagefind's sub-results: the page cut at its headings that have ids), pages in Pagefind's
 * order. Plain data in, plain data out, so the ranking is tested without a browser.
 */

/** One section of a page in Pagefind's result data (the fields this site reads). */
export interface PagefindSection {
  title: string;
  /** The page's URL with the heading's #id, or the page's own URL for text before any heading. */
  url: string;
  /** HTML: the matched words wrapped in <mark>. */
  excerpt: string;
  /** Word positions of the matches in this section. */
  locations?: number[];
  /** Each match with Pagefind's score for it (a word in a heading scores far above one in text). */
  weighted_locations?: { location: number; weight: number; balanced_score: number }[];
}

/** One page of Pagefind's results, after `result.data()`. */
export interface PagefindPage {
  url: string;
  meta: { title?: string };
  excerpt: string;
  sub_results?: PagefindSection[];
}

/** One line of the results list. */
export interface SearchLink {
  /** The section's heading (or the page title for text before the first heading). */
  title: string;
  /** The page it belongs to, shown beside a section's heading; "" for a page-level link. */
  page: string;
  url: string;
  excerpt: string;
}

/** A section's relevance: Pagefind's scores of its matches, summed (else the match count). */
export function sectionScore(section: PagefindSection): number {
  if (section.weighted_locations?.length) {
    return section.weighted_locations.reduce((sum, w) => sum + w.balanced_score, 0);
  }
  return section.locations?.length ?? 0;
}

/**
 * Per page, its `perPage` best sections by `sectionScore` (ties keep the page's order), so a
 * query lands on the section that is about it — the one whose heading names it, first — rather
 * than on the page's top.
 */
export function searchLinks(pages: PagefindPage[], perPage = 3): SearchLink[] {
  if (!Number.isInteger(perPage) || perPage < 1) {
    throw new RangeError(`searchLinks: perPage must be a whole number ≥ 1, got ${perPage}`);
  }
  const links: SearchLink[] = [];
  for (const page of pages) {
    const pageTitle = page.meta.title ?? page.url;
    const sections = (page.sub_results ?? [])
      .map((s, order) => ({ s, order, score: sectionScore(s) }))
      .sort((a, b) => b.score - a.score || a.order - b.order)
      .slice(0, perPage);
    if (sections.length === 0) {
      links.push({ title: pageTitle, page: "", url: page.url, excerpt: page.excerpt });
      continue;
    }
    for (const { s } of sections) {
      const top = s.url === page.url;
      links.push({
        title: top ? pageTitle : s.title,
        page: top ? "" : pageTitle,
        url: s.url,
        excerpt: s.excerpt,
      });
    }
  }
  return links;
}
