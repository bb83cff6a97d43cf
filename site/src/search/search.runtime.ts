/**
 * The search box's behaviour, loaded by SiteSearch.astro on first use (focus or the `/` key):
 * loads Pagefind's client (dist/pagefind/pagefind.js, written at build by
 * integrations/search_index.mjs), searches as the reader types, and lists the best sections as
 * links. Escape closes the list; the arrow keys move between the box and the links.
 */
import { type PagefindPage, type SearchLink, searchLinks } from "./results.ts";

/** The part of Pagefind's browser API this box uses. */
interface Pagefind {
  init(): Promise<void>;
  /** null when a newer search superseded this one within the debounce time. */
  debouncedSearch(
    query: string,
    options?: object,
    ms?: number,
  ): Promise<{ results: { data(): Promise<PagefindPage> }[] } | null>;
}

/** How many pages to list, and how many of each page's sections. */
const PAGES = 6;
const SECTIONS_PER_PAGE = 3;

/** The excerpt's HTML as text plus <mark> elements only (never the HTML itself). */
function excerptNodes(html: string): Node[] {
  const doc = new DOMParser().parseFromString(html, "text/html");
  return [...doc.body.childNodes].map((node) => {
    if (node.nodeName !== "MARK") return document.createTextNode(node.textContent ?? "");
    const mark = document.createElement("mark");
    mark.textContent = node.textContent;
    return mark;
  });
}

function linkItem(link: SearchLink): HTMLLIElement {
  const li = document.createElement("li");
  const a = document.createElement("a");
  a.href = link.url;
  const title = document.createElement("span");
  title.className = "search-title";
  title.textContent = link.title;
  a.append(title);
  if (link.page) {
    const page = document.createElement("span");
    page.className = "search-page";
    page.textContent = link.page;
    a.append(page);
  }
  const excerpt = document.createElement("span");
  excerpt.className = "search-excerpt";
  excerpt.append(...excerptNodes(link.excerpt));
  a.append(excerpt);
  li.append(a);
  return li;
}

export async function mountSearch(root: HTMLElement, base: string): Promise<void> {
  const input = root.querySelector<HTMLInputElement>("input[type=search]")!;
  const panel = root.querySelector<HTMLElement>("[data-role=search-results]")!;
  const status = root.querySelector<HTMLElement>("[data-role=search-status]")!;
  const countLine = root.querySelector<HTMLElement>("[data-role=search-count]")!;
  const list = root.querySelector<HTMLOListElement>("[data-role=search-list]")!;

  const close = () => {
    panel.hidden = true;
  };
  const show = (message: string, links: SearchLink[] = []) => {
    status.textContent = message;
    countLine.textContent = message;
    list.replaceChildren(...links.map(linkItem));
    panel.hidden = false;
    root.dataset.searchState = "done";
  };

  let pagefind: Pagefind;
  try {
    // Resolved at run time from the page's base path (SITE_BASE), so the bundler leaves it alone.
    pagefind = await import(/* @vite-ignore */ `${base}pagefind/pagefind.js`);
    await pagefind.init();
  } catch (error) {
    show(
      "Search is not available here: the index is made by `deno task build` " +
        `(${(error as Error).message}).`,
    );
    root.dataset.searchState = "unavailable";
    return;
  }

  const run = async () => {
    const query = input.value.trim();
    if (!query) {
      status.textContent = countLine.textContent = "";
      list.replaceChildren();
      close();
      root.dataset.searchState = "ready";
      return;
    }
    root.dataset.searchState = "searching";
    const search = await pagefind.debouncedSearch(query, {}, 120);
    if (search === null || input.value.trim() !== query) return; // a newer query is on its way
    const pages = await Promise.all(search.results.slice(0, PAGES).map((r) => r.data()));
    const links = searchLinks(pages, SECTIONS_PER_PAGE);
    const count = search.results.length;
    show(
      count === 0
        ? `No results for “${query}”.`
        : `${count} ${count === 1 ? "page matches" : "pages match"} “${query}”.`,
      links,
    );
  };

  input.addEventListener("input", run);
  input.addEventListener("focus", () => {
    if (input.value.trim() && list.childElementCount) panel.hidden = false;
  });
  root.addEventListener("keydown", (e) => {
    const links = [...list.querySelectorAll("a")];
    const at = links.indexOf(document.activeElement as HTMLAnchorElement);
    if (e.key === "Escape") {
      if (panel.hidden) return;
      e.preventDefault();
      close();
      input.focus();
    } else if (e.key === "ArrowDown" && links.length && !panel.hidden) {
      e.preventDefault();
      links[Math.min(at + 1, links.length - 1)].focus();
    } else if (e.key === "ArrowUp" && at >= 0) {
      e.preventDefault();
      (at === 0 ? input : links[at - 1]).focus();
    }
  });
  // Leaving the search (a click or Tab elsewhere) folds the list away.
  root.addEventListener("focusout", (e) => {
    if (!root.contains(e.relatedTarget as Node | null)) close();
  });
  root.dataset.searchState = "ready";
  if (input.value.trim()) await run(); // typed while the client was loading
}
