/** How the search box turns Pagefind's results into links (site/src/search/results.ts). */
import assert from "node:assert/strict";
import { type PagefindPage, searchLinks, sectionScore } from "../../site/src/search/results.ts";

const scored = (...scores: number[]) =>
  scores.map((balanced_score, location) => ({ location, weight: 1, balanced_score }));

const lecture: PagefindPage = {
  url: "/lectures/02-neural-odes/",
  meta: { title: "Neural ODEs" },
  excerpt: "page excerpt",
  sub_results: [
    { title: "Neural ODEs", url: "/lectures/02-neural-odes/", excerpt: "top" },
    {
      title: "Problem formulation",
      url: "/lectures/02-neural-odes/#problem-formulation",
      excerpt: "a",
      locations: [1, 2, 3],
      weighted_locations: scored(500, 500, 500),
    },
    {
      title: "The adjoint",
      url: "/lectures/02-neural-odes/#the-adjoint",
      excerpt: "<mark>adjoint</mark>",
      locations: [9],
      weighted_locations: scored(18000),
    },
    {
      title: "Summary",
      url: "/lectures/02-neural-odes/#summary",
      excerpt: "b",
      locations: [20, 21],
      weighted_locations: scored(500, 500),
    },
  ],
};

Deno.test("search results: a section whose heading names the query comes first", () => {
  const links = searchLinks([lecture], 2);
  assert.deepEqual(links.map((l) => l.url), [
    "/lectures/02-neural-odes/#the-adjoint",
    "/lectures/02-neural-odes/#problem-formulation",
  ]);
  assert.equal(links[0].page, "Neural ODEs");
  assert.equal(links[0].excerpt, "<mark>adjoint</mark>");
});

Deno.test("search results: match counts decide without scores; ties keep the page's order", () => {
  const unscored: PagefindPage = {
    ...lecture,
    sub_results: lecture.sub_results!.map(({ weighted_locations: _, ...s }) => s),
  };
  assert.equal(sectionScore(unscored.sub_results![1]), 3);
  assert.deepEqual(searchLinks([unscored], 3).map((l) => l.url), [
    "/lectures/02-neural-odes/#problem-formulation",
    "/lectures/02-neural-odes/#summary",
    "/lectures/02-neural-odes/#the-adjoint",
  ]);
});

Deno.test("search results: a page's top and a page without sections link the page itself", () => {
  const top = searchLinks([{ ...lecture, sub_results: [lecture.sub_results![0]] }]);
  assert.deepEqual(top, [{
    title: "Neural ODEs",
    page: "",
    url: "/lectures/02-neural-odes/",
    excerpt: "top",
  }]);
  const bare = searchLinks([{ url: "/instructor/", meta: {}, excerpt: "e" }]);
  assert.deepEqual(bare, [{ title: "/instructor/", page: "", url: "/instructor/", excerpt: "e" }]);
});

Deno.test("search results: pages keep Pagefind's order; a bad perPage is refused", () => {
  const other = { ...lecture, url: "/exercises/", sub_results: [] };
  assert.deepEqual(searchLinks([other, lecture], 1).map((l) => l.url), [
    "/exercises/",
    "/lectures/02-neural-odes/#the-adjoint",
  ]);
  assert.throws(() => searchLinks([lecture], 0), /perPage must be a whole number ≥ 1, got 0/);
});
