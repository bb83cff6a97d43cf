/**
 * What a reader without sight or without a mouse gets from the built pages (site/dist, read with
 * linkedom, no browser): every KaTeX expression keeps its MathML; every static figure's plots are
 * images named and described by the figure's caption, with none of Plot's role-less mark labels
 * left; the animations' canvases are images described by their captions; every code block takes
 * keyboard focus and has a name; and the built CSS stops motion for prefers-reduced-motion.
 */
import assert from "node:assert/strict";
import { parseHTML } from "linkedom";
import { DIST, requireBuiltSite } from "../../scripts/site_dist.ts";
import { htmlFiles } from "./_html_files.ts";

await requireBuiltSite();
const pages = htmlFiles(DIST).map((file) => ({
  file,
  document: parseHTML(Deno.readTextFileSync(`${DIST}${file}`)).document as unknown as Document,
}));

/** The ids an ARIA reference names, each checked to exist inside `scope`. */
function references(el: Element, attribute: string, scope: Element, where: string): string[] {
  const ids = (el.getAttribute(attribute) ?? "").split(/\s+/).filter(Boolean);
  for (const id of ids) {
    assert.ok(
      [...scope.querySelectorAll("[id]")].some((e) => e.id === id) || scope.id === id,
      `${where}: ${attribute}="${id}" points at nothing in its caption`,
    );
  }
  return ids;
}

Deno.test("every KaTeX expression keeps its MathML for screen readers", () => {
  let pagesWithMath = 0;
  for (const { file, document } of pages) {
    const katex = document.querySelectorAll(".katex");
    if (!katex.length) continue;
    pagesWithMath++;
    for (const k of katex) {
      assert.ok(
        k.querySelector(".katex-mathml math"),
        `${file}: a KaTeX expression without MathML: ${k.textContent?.slice(0, 60)}`,
      );
    }
  }
  assert.ok(pagesWithMath >= 8, `math on only ${pagesWithMath} pages`);
});

Deno.test("static figures: each plot is an image named and described by the caption", () => {
  let plots = 0;
  for (const { file, document } of pages) {
    for (const figure of document.querySelectorAll("figure.plot-figure")) {
      const caption = figure.querySelector(":scope > figcaption")!;
      assert.ok(caption?.id, `${file}: a figure without a caption id`);
      for (const svg of figure.querySelectorAll(".plot-cell > svg, .plot-cell > figure > svg")) {
        plots++;
        const where = `${file} (${caption.textContent?.slice(0, 40)}…)`;
        assert.equal(svg.getAttribute("role"), "img", `${where}: the plot has no role="img"`);
        const named = references(svg, "aria-labelledby", caption, where);
        assert.ok(named.length, `${where}: the plot is not named by its caption`);
        const described = references(svg, "aria-describedby", caption, where);
        assert.ok(
          named.includes(caption.id) || described.includes(caption.id),
          `${where}: the whole caption neither names nor describes the plot`,
        );
        const stray = [...svg.querySelectorAll("[aria-label]")].filter((e) =>
          !e.hasAttribute("role")
        );
        assert.deepEqual(
          stray.map((e) => e.getAttribute("aria-label")),
          [],
          `${where}: aria-label on role-less parts`,
        );
      }
    }
  }
  assert.ok(plots >= 40, `only ${plots} static plots found`);
});

Deno.test("animations: the canvas is an image described by the figure's caption", () => {
  let canvases = 0;
  for (const { file, document } of pages) {
    for (const figure of document.querySelectorAll("figure[data-anim]")) {
      const caption = figure.querySelector("figcaption")!;
      const canvas = figure.querySelector("canvas")!;
      canvases++;
      assert.equal(canvas.getAttribute("role"), "img", `${file}: animation canvas role`);
      assert.ok(canvas.getAttribute("aria-label"), `${file}: animation canvas name`);
      assert.deepEqual(references(canvas, "aria-describedby", caption, file), [caption.id]);
    }
  }
  assert.equal(canvases, 2, "lecture 1's and lecture 7's animations");
});

Deno.test("every code block can be focused (to scroll it by keyboard) and is named", () => {
  let blocks = 0;
  for (const { file, document } of pages) {
    for (const pre of document.querySelectorAll("main pre")) {
      blocks++;
      const where = `${file}: <pre> "${pre.textContent?.slice(0, 40)}"`;
      assert.equal(pre.getAttribute("tabindex"), "0", `${where} cannot take focus`);
      const named = pre.getAttribute("aria-label") ?? pre.closest("figure")?.querySelector(
        "figcaption",
      )?.textContent;
      assert.ok(named, `${where} has no name (aria-label or a figure caption)`);
    }
  }
  assert.ok(blocks >= 10, `only ${blocks} code blocks`);
});

Deno.test("the built CSS stops animations and transitions for prefers-reduced-motion", () => {
  const css = [...Deno.readDirSync(`${DIST}_astro`)]
    .filter((e) => e.name.endsWith(".css"))
    .map((e) => Deno.readTextFileSync(`${DIST}_astro/${e.name}`))
    .join("\n");
  const block = css.match(/@media\s*\(prefers-reduced-motion:\s*reduce\)\s*\{(.*?\}\s*)\}/s);
  assert.ok(block, "no @media (prefers-reduced-motion: reduce) rule in the built CSS");
  assert.match(block[1], /animation-duration:\s*\.?0?\.01ms\s*!important/);
  assert.match(block[1], /transition-duration:\s*\.?0?\.01ms\s*!important/);
});
