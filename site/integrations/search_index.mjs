// Site search: after `astro build`, indexes the built pages with Pagefind (npm `pagefind`, which
// runs its platform binary) into dist/pagefind/. Only what a page marks with data-pagefind-body
// is indexed (the lectures, the exercise catalogue, the instructor guide), minus what it marks
// data-pagefind-ignore (navigation, demos' live parts, folded exercise answers).
// SiteSearch.astro loads dist/pagefind/pagefind.js on first use. This integration must be listed
// before offline(), so that the service worker precaches the index and search works offline.
import { readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import * as pagefind from "pagefind";

export const SEARCH_DIR = "pagefind";

/**
 * Pagefind also writes its ready-made UIs (and a wasm build for pages of unknown language, which
 * forceLanguage rules out); SiteSearch.astro is the site's own UI, so those files would only make
 * the offline cache larger.
 */
const UNUSED = /^pagefind-(ui|component-ui|modular-ui|highlight)\.(js|css)$/;

/**
 * Markup that build tools generate, where no data-pagefind-ignore can be written: KaTeX's visual
 * copy of each formula and its TeX source (the MathML text stays: "Tr(A)", not "\operatorname"),
 * and the figures' SVG (tick labels, legends); figure captions stay.
 */
const GENERATED = [".katex-html", "annotation", "svg"];

/** Indexes a built site (dist folder); returns how many pages the index holds. */
export async function writeSearchIndex(distDir) {
  const fail = (what, errors) => {
    throw new Error(
      `Pagefind could not ${what}: ${errors.join("; ")}. Fix: check that \`deno install\` ` +
        "fetched @pagefind/linux-x64 (or your platform's package) into node_modules.",
    );
  };
  try {
    const created = await pagefind.createIndex({
      forceLanguage: "en",
      excludeSelectors: GENERATED,
    });
    if (!created.index) fail("start", created.errors);
    const { index } = created;
    const added = await index.addDirectory({ path: distDir });
    if (added.errors.length) fail(`index ${distDir}`, added.errors);
    const outputPath = join(distDir, SEARCH_DIR);
    const written = await index.writeFiles({ outputPath });
    if (written.errors.length) fail(`write ${outputPath}`, written.errors);
    // addDirectory counts every HTML file it read; the entry file counts the pages it indexed,
    // per language, and names the one wasm build each language loads.
    const entry = JSON.parse(readFileSync(join(outputPath, "pagefind-entry.json"), "utf8"));
    const languages = Object.values(entry.languages);
    const wasmUsed = new Set(languages.map((l) => `wasm.${l.wasm}.pagefind`));
    for (const name of readdirSync(outputPath)) {
      const unusedWasm = /^wasm\..+\.pagefind$/.test(name) && !wasmUsed.has(name);
      if (UNUSED.test(name) || unusedWasm) rmSync(join(outputPath, name));
    }
    return languages.reduce((sum, l) => sum + l.page_count, 0);
  } finally {
    await pagefind.close();
  }
}

export function searchIndex() {
  return {
    name: "site-search-index",
    hooks: {
      "astro:build:done": async ({ dir, logger }) => {
        const pages = await writeSearchIndex(fileURLToPath(dir));
        logger.info(`${SEARCH_DIR}/: ${pages} pages indexed`);
      },
    },
  };
}
