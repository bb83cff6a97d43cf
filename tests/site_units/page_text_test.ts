/**
 * Glued words in the built pages: "300steps", "needs338", "first.It". Astro 7's default
 * `compressHTML: "jsx"` trims every text node that touches a line break, so an interpolated value
 * at a line end, or an element followed by text on the next line, lost its space (see
 * site/astro.config.mjs). This test reads the visible text of every page in site/dist (linkedom, no
 * browser) and fails on a letter glued to a number, a sentence glued to the next, a word glued
 * to an element's text, or (the opposite mistake) a space before punctuation. Code, math, figures
 * and form controls are not prose and are skipped.
 */
import assert from "node:assert/strict";
import { parseHTML } from "linkedom";
import { DIST } from "../../scripts/site_dist.ts";
import { htmlFiles } from "./_html_files.ts";

/** Elements whose text is not prose: code, math, figures, form values, machine output. */
const SKIP_TAGS = new Set([
  "script",
  "style",
  "template",
  "noscript",
  "code",
  "pre",
  "kbd",
  "samp",
  "var",
  "svg",
  "math",
  "textarea",
  "select",
  "head",
  "sub", // x<sub>n</sub>, h<sup>p</sup>: an index or a power is math written in HTML
  "sup",
]);
const SKIP_CLASSES = ["katex", "katex-display", "astro-code"];

/** Elements that start a new line of text: no glue can cross them. */
const BLOCK_TAGS = new Set([
  "address",
  "article",
  "aside",
  "blockquote",
  "br",
  "button",
  "caption",
  "dd",
  "details",
  "dialog",
  "div",
  "dl",
  "dt",
  "fieldset",
  "figcaption",
  "figure",
  "footer",
  "form",
  "h1",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
  "header",
  "hr",
  "img",
  "input",
  "legend",
  "li",
  "main",
  "meter",
  "nav",
  "ol",
  "option",
  "output",
  "p",
  "progress",
  "section",
  "summary",
  "table",
  "tbody",
  "td",
  "tfoot",
  "th",
  "thead",
  "tr",
  "ul",
]);

/** Marks where an inline element starts or ends in the extracted text (a private-use character). */
const EDGE = "\uE000";
/** Stands for a skipped element (code, math) inside a line: visible, but not prose. */
const HOLE = "\uE001";

interface DomNode {
  nodeType: number;
  localName?: string;
  textContent: string | null;
  childNodes: ArrayLike<DomNode>;
  classList?: { contains(name: string): boolean };
}

/** The visible prose of a page: one line per block, inline element edges marked with EDGE. */
export function visibleText(html: string): string {
  const { document } = parseHTML(html);
  const out: string[] = [];
  const walk = (node: DomNode) => {
    if (node.nodeType === 3) {
      out.push((node.textContent ?? "").replace(/\s+/g, " "));
      return;
    }
    if (node.nodeType !== 1) return;
    const tag = node.localName ?? "";
    if (SKIP_TAGS.has(tag) || SKIP_CLASSES.some((c) => node.classList?.contains(c))) {
      out.push(HOLE);
      return;
    }
    const mark = BLOCK_TAGS.has(tag) ? "\n" : EDGE;
    out.push(mark);
    for (const child of Array.from(node.childNodes)) walk(child);
    out.push(mark);
  };
  walk(document.body as unknown as DomNode);
  return out.join("");
}

/**
 * Tokens in which a lowercase letter meets a digit on purpose: solver and dtype names, the math
 * names the lectures use in prose (t0, x1, z0), ordinals, units, hashes.
 */
const ALLOWED_TOKENS: RegExp[] = [
  /^(rk4|dopri5|tsit5|bosh3|rk45|float(16|32|64)|u?int(8|16|32|64)|sha(1|256|384|512))$/,
  /^(webgl2|wasm32|x86|x64|arm64|es20\d\d|utf8|base64|woff2|i18n|log2|log10|conv[123]d)$/,
  /^[A-Za-z][0-9]{1,2}$/, // t0, x1, z0, h1: a variable with an index
  /^[0-9]+(st|nd|rd|th)$/, // ordinals
  /^[0-9]+(ms|s|px|k|em|rem|fps|[a-z])$/, // 30s, 12px, 10k, 3x, tanh(3z): a unit or a product
  /^(?=.*[0-9])(?=.*[a-f])[0-9a-f]{7,}$/, // hex hashes
];

/** `Namespace.Member` in prose (an API name outside <code>) is not a glued sentence. */
const ALLOWED_DOTTED = /^(tf|Plot|Deno|Math|torch|nn|d3)\.[A-Z]/;

export interface Glue {
  kind: "letter–digit" | "sentence" | "word–element" | "space before punctuation";
  snippet: string;
  context: string;
}

/** Every glued spot in one page's visible text (from visibleText). */
export function findGlue(text: string): Glue[] {
  const found: Glue[] = [];
  const context = (line: string, at: number, length: number) =>
    `…${line.slice(Math.max(0, at - 40), at + length + 40).replaceAll(HOLE, "⟨code⟩").trim()}…`;
  for (const marked of text.split("\n")) {
    // Word glued to an element's text: "the<a>system check</a>" → "thesystem check".
    for (const m of marked.matchAll(/[a-z]\uE000+[a-z]/g)) {
      const line = marked.replaceAll(EDGE, "");
      const at = marked.slice(0, m.index).replaceAll(EDGE, "").length;
      found.push({
        kind: "word–element",
        snippet: m[0].replaceAll(EDGE, "|"),
        context: context(line, at, 2),
      });
    }
    const line = marked.replaceAll(EDGE, "");
    // Scientific notation (1e-3) and URLs are not glue.
    const prose = line.replace(/\b[0-9]+(\.[0-9]+)?e[-+−]?[0-9]+\b/g, (s) => " ".repeat(s.length))
      .replace(/\b(https?:\/\/|www\.)\S+/g, (s) => " ".repeat(s.length));
    for (const m of prose.matchAll(/[\p{L}\p{Nd}]+/gu)) {
      const token = m[0];
      if (!/[a-z][0-9]|[0-9][a-z]/.test(token)) continue;
      if (ALLOWED_TOKENS.some((re) => re.test(token))) continue;
      found.push({
        kind: "letter–digit",
        snippet: token,
        context: context(line, m.index, token.length),
      });
    }
    for (const m of prose.matchAll(/[a-z0-9)][.!?][A-Z][a-z]/g)) {
      const word = /[\p{L}\p{Nd}]*[.!?][A-Z][a-z]*$/u.exec(prose.slice(0, m.index + 4))?.[0] ??
        m[0];
      if (ALLOWED_DOTTED.test(word)) continue;
      found.push({ kind: "sentence", snippet: m[0], context: context(line, m.index, 4) });
    }
    // The opposite mistake: a line break kept before punctuation ("the <a>link</a>⏎." → "link .").
    for (const m of line.matchAll(/[\p{L}\p{Nd})\uE001] +[.,;:!?)](?= |$)/gu)) {
      found.push({
        kind: "space before punctuation",
        snippet: m[0].replaceAll(HOLE, "⟨code⟩"),
        context: context(line, m.index, m[0].length),
      });
    }
  }
  return found;
}

Deno.test("page text: the glue finder sees glue, and lets math names, units and code be", () => {
  const html =
    `<!doctype html><html><body><p>RK4 with 300steps, torchdiffeq needs338 evaluations.</p>
    <aside><strong>Open the system check first.</strong>It tests. Open the<a href="/">check</a></aside>
    <p>Fine: rk4 and dopri5 at t0, x1, 1e-3, float32, sha 3f9a2c1b7e, e.g. this, 2D, 28×28,
    <code>needs338</code>, <span class="katex">x1y</span>, 3rd, 30s, tf.Tensor, a <a href="/">link</a>.
    </p>
    <ol><li>one</li><li>Two</li></ol><button>Start</button><button>Stop</button>
    <p>Then read <a href="/">the guide</a>
    .</p></body></html>`;
  const snippets = findGlue(visibleText(html)).map((g) => g.snippet);
  assert.deepEqual(snippets, ["300steps", "needs338", "e|c", "t.It", "e ."]);
});

Deno.test("page text: no built page glues words, numbers, sentences or elements", () => {
  const built = (() => {
    try {
      return Deno.statSync(`${DIST}index.html`).isFile;
    } catch {
      return false;
    }
  })();
  assert.ok(
    built,
    `${DIST} is missing. Fix: build the site first (\`deno task build\`; \`deno task test\` does)`,
  );
  const pages = htmlFiles(DIST);
  assert.ok(pages.length > 0, `${DIST} holds no .html pages. Fix: run \`deno task build\``);
  const problems: string[] = [];
  for (const page of pages) {
    for (const g of findGlue(visibleText(Deno.readTextFileSync(`${DIST}${page}`)))) {
      problems.push(`${page}: ${g.kind} glue "${g.snippet}" in "${g.context}"`);
    }
  }
  assert.equal(
    problems.length,
    0,
    `${problems.length} glued spot(s) in the visible text of ${pages.length} built pages ` +
      `(a value or element lost the space beside it; fix the source, or extend the allow-lists ` +
      `in this test if the token is legitimate):\n${problems.join("\n")}`,
  );
});
