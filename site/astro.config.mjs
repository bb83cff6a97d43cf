// Astro configuration for the Neural ODE Workshop site (see site/README.md).
//
// Build:   deno task build   (writes site/dist)
// Serve:   deno task start   (builds, then serves site/dist on http://127.0.0.1:4321)
// Develop: deno task dev     (hot reload on http://127.0.0.1:4321)
//
// Build-time settings (environment variables):
//   SITE_BASE=/neural-ode/   serve the site under a URL prefix (GitHub Pages project sites)
//   SITE_URL=https://…       the public origin (canonical URLs); default http://127.0.0.1:4321
//   SHOW_SOLUTIONS=1         link the reference solutions from the exercise pages (instructor)
//   MINE=1 | MINE=<folder>   the learner's passing functions replace the library's (also
//                            `--mine[=<folder>]`; see integrations/mine.mjs, `deno task start --mine`)
import { defineConfig } from "astro/config";
import mdx from "@astrojs/mdx";
import { unified } from "@astrojs/markdown-remark";
import remarkMath from "remark-math";
import rehypeKatex from "rehype-katex";
import { fileURLToPath } from "node:url";
import { localAssets } from "./integrations/local_assets.mjs";
import { offline } from "./integrations/offline.mjs";
import { searchIndex } from "./integrations/search_index.mjs";
import { rehypeBaseLinks } from "./integrations/base_links.mjs";
import { rehypeFocusableCode } from "./integrations/focusable_code.mjs";
import { quietAstroHeadInject } from "./integrations/quiet_warnings.mjs";
import { threadedWasm } from "./integrations/threaded_wasm.mjs";
import {
  gradeMine,
  mineDefine,
  mineIntegration,
  mineRequest,
  mineVitePlugin,
} from "./integrations/mine.mjs";

const repoRoot = fileURLToPath(new URL("..", import.meta.url)).replace(/\/$/, "");

/** "/neural-ode", "neural-ode/" → "/neural-ode/"; unset → "/". */
function basePath(value) {
  const trimmed = (value ?? "").trim().replace(/^\/+|\/+$/g, "");
  if (trimmed && !/^[A-Za-z0-9._~-]+(\/[A-Za-z0-9._~-]+)*$/.test(trimmed)) {
    throw new Error(`SITE_BASE must be a URL path such as /neural-ode/, got "${value}"`);
  }
  return trimmed ? `/${trimmed}/` : "/";
}
const base = basePath(process.env.SITE_BASE);
const mineAsked = mineRequest();
const mine = mineAsked ? gradeMine(repoRoot, mineAsked) : undefined;
const minePlugins = () => (mine ? [mineVitePlugin(mine, repoRoot)] : []);
const showSolutions = ["1", "true", "yes"].includes(
  (process.env.SHOW_SOLUTIONS ?? "").toLowerCase(),
);

export default defineConfig({
  site: process.env.SITE_URL ?? "http://127.0.0.1:4321",
  base,
  trailingSlash: "always",
  // HTML whitespace rules, not JSX ones. Astro 7's default ("jsx") trims every text node that
  // touches a line break, so `RK4 with {n}⏎steps` built as "RK4 with 300steps" and
  // `</strong>⏎It tests` as "first.It" (tests/site_units/page_text_test.ts checks every page).
  compressHTML: true,
  // Astro 7 runs remark/rehype plugins only through an explicit unified processor.
  markdown: {
    processor: unified({
      remarkPlugins: [remarkMath],
      // KaTeX's default output, "htmlAndMathml": screen readers read the MathML
      // (tests/site_units/math_a11y_test.ts checks the built pages keep it).
      rehypePlugins: [
        [rehypeKatex, { output: "htmlAndMathml" }],
        [rehypeBaseLinks, { base }],
        rehypeFocusableCode,
      ],
    }),
    // Light code blocks whose every token colour has 4.5:1 contrast on white (WCAG AA); the
    // default github-dark's comments do not.
    shikiConfig: { theme: "github-light-default" },
  },
  // searchIndex before offline: the service worker precaches the search index too.
  integrations: [
    mdx(),
    localAssets(),
    searchIndex(),
    offline(),
    ...(mine ? [mineIntegration()] : []),
  ],
  server: { host: "127.0.0.1", port: 4321 },
  devToolbar: { enabled: false },
  vite: {
    // Build-time components read lib/ (code listings) and exercises/ (the catalogue).
    // SHOW_SOLUTIONS: the instructor's choice to publish the reference solutions (solutions policy).
    define: {
      "import.meta.env.REPO_ROOT": JSON.stringify(repoRoot),
      "import.meta.env.SHOW_SOLUTIONS": JSON.stringify(showSolutions),
      ...mineDefine(mine),
    },
    // Demos import the shared library from ../lib, and Vite serves packages from the
    // repository-root node_modules: both lie outside site/.
    server: { fs: { allow: [".."] } },
    plugins: [...minePlugins(), threadedWasm()],
    // The training workers (lectures 7 and 8) are bundled apart, with their own plugin list.
    worker: { plugins: () => [...minePlugins(), threadedWasm()] },
    build: {
      // Nothing inlined: every script and font a file of the site, as the Content-Security-Policy
      // (lib/content_security_policy.ts) asks (no inline scripts, no data: fonts).
      assetsInlineLimit: 0,
      chunkSizeWarningLimit: 4096,
      rolldownOptions: { onwarn: quietAstroHeadInject },
    },
  },
});
