/**
 * The site search's index in the built site (site/dist/pagefind/, integrations/search_index.mjs),
 * read without a browser: it holds exactly the lectures, the exercise catalogue and the instructor
 * guide; the offline service worker precaches it; and it keeps none of what the pages mark
 * data-pagefind-ignore — above all the folded answers to the kit's exercises.
 */
import assert from "node:assert/strict";
import { gunzipSync } from "node:zlib";
import { parseHTML } from "linkedom";
import { DIST } from "../../scripts/site_dist.ts";
import { htmlFiles } from "./_html_files.ts";

const INDEX = `${DIST}pagefind/`;

interface Fragment {
  url: string;
  content: string;
  anchors: { element: string; id: string; text: string }[];
}

/** Pagefind's per-page records: gzip, a signature, then JSON (Pagefind 1.x's format). */
function fragments(): Fragment[] {
  const out: Fragment[] = [];
  for (const e of Deno.readDirSync(`${INDEX}fragment`)) {
    const text = new TextDecoder().decode(
      gunzipSync(Deno.readFileSync(`${INDEX}fragment/${e.name}`)),
    );
    assert.ok(text.startsWith("pagefind_dcd"), `${e.name}: not a Pagefind fragment`);
    out.push(JSON.parse(text.slice(text.indexOf("{"))));
  }
  return out;
}

const squash = (s: string) => s.replace(/\s+/g, " ").trim();

/** Lines of code (trimmed, long enough to say something) of the <pre>s under `root`. */
function codeLines(root: Element): string[] {
  return [...root.querySelectorAll("pre")].flatMap((pre) =>
    (pre.textContent ?? "").split("\n").map(squash).filter((l) => l.length >= 24)
  );
}

Deno.test("search index: built, and precached by the offline service worker", () => {
  for (const file of ["pagefind.js", "pagefind-worker.js", "pagefind-entry.json"]) {
    assert.ok(
      Deno.statSync(`${INDEX}${file}`).isFile,
      `${INDEX}${file} is missing. Fix: \`deno task build\``,
    );
  }
  const entry = JSON.parse(Deno.readTextFileSync(`${INDEX}pagefind-entry.json`));
  const manifest = JSON.parse(Deno.readTextFileSync(`${DIST}offline-manifest.json`));
  const cached = new Set<string>(manifest.urls);
  const wanted = [
    "pagefind/pagefind.js",
    "pagefind/pagefind-worker.js",
    "pagefind/pagefind-entry.json",
    ...Object.values(entry.languages).map((l) =>
      `pagefind/wasm.${(l as { wasm: string }).wasm}.pagefind`
    ),
    ...[...Deno.readDirSync(`${INDEX}fragment`)].map((e) => `pagefind/fragment/${e.name}`),
    ...[...Deno.readDirSync(`${INDEX}index`)].map((e) => `pagefind/index/${e.name}`),
  ];
  for (const url of wanted) assert.ok(cached.has(url), `the service worker does not cache ${url}`);
  // Pagefind's ready-made UIs are not used (SiteSearch.astro is the site's own): not shipped.
  assert.deepEqual(
    [...Deno.readDirSync(INDEX)].map((e) => e.name).filter((n) => /-ui\.(js|css)$/.test(n)),
    [],
  );
});

Deno.test("search index: exactly the lectures, the exercises and the instructor guide", () => {
  const indexed = fragments().map((f) => f.url).sort();
  const lectures = [...Deno.readDirSync(`${DIST}lectures`)].filter((e) => e.isDirectory)
    .map((e) => `/lectures/${e.name}/`);
  assert.ok(lectures.length >= 9, `only ${lectures.length} lectures built`);
  assert.deepEqual(indexed, [...lectures, "/exercises/", "/instructor/"].sort());
  // Sections are found by their headings' ids; each exercise is one such section.
  const exercises = fragments().find((f) => f.url === "/exercises/")!;
  const ids = exercises.anchors.filter((a) => /^h\d$/.test(a.element)).map((a) => a.id);
  assert.ok(ids.includes("ex-01") && ids.includes("ex-12"), `exercise headings: ${ids}`);
});

Deno.test("search index: no folded exercise answer, no navigation, no demo's live text", () => {
  const byUrl = new Map(fragments().map((f) => [f.url, squash(f.content)]));
  let answerLines = 0;
  let shownLines = 0;
  for (const file of htmlFiles(DIST).filter((f) => f.startsWith("lectures/"))) {
    const url = `/${file.replace(/index\.html$/, "")}`;
    const content = byUrl.get(url);
    assert.ok(content !== undefined, `${url} is not indexed`);
    const { document } = parseHTML(Deno.readTextFileSync(`${DIST}${file}`));
    const answers = [...document.querySelectorAll("details.answer")];
    const folded = answers.flatMap(codeLines);
    for (const answer of answers) answer.remove();
    // A line that is also in plain sight elsewhere on the page may be indexed from there.
    const visible = new Set(codeLines(document.body));
    const secret = folded.filter((l) => !visible.has(l));
    for (const line of secret) {
      assert.ok(!content.includes(line), `${url}: the index holds the answer line "${line}"`);
    }
    assert.ok(!content.includes("Answer to exercise"), `${url}: an answer's summary is indexed`);
    answerLines += secret.length;
    // The control: code shown openly is indexed, so the check above can see code lines.
    const open = [...visible].filter((l) => content.includes(l));
    shownLines += open.length;
    // Live parts of demos and the pager are marked to be skipped.
    assert.ok(!content.includes("backend: not started"), `${url}: a demo's backend line`);
    assert.ok(!/Lecture \d+ →|← Lecture \d+/.test(content), `${url}: the pager`);
  }
  assert.ok(answerLines >= 10, `only ${answerLines} folded answer lines checked`);
  assert.ok(shownLines >= 10, `only ${shownLines} open code lines found in the index`);
});
