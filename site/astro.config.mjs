// Astro configuration for the Neural ODE Workshop site (see site/README.md).
//
// Build:   deno task build   (writes site/dist)
// Serve:   deno task start   (builds, then serves site/dist on http://127.0.0.1:4321)
// Develop: deno task dev     (hot reload on http://127.0.0.1:4321)
import { defineConfig } from "astro/config";
import mdx from "@astrojs/mdx";
import { unified } from "@astrojs/markdown-remark";
import remarkMath from "remark-math";
import rehypeKatex from "rehype-katex";
import { fileURLToPath } from "node:url";
import { localAssets } from "./integrations/local_assets.mjs";
import { offline } from "./integrations/offline.mjs";

const repoRoot = fileURLToPath(new URL("..", import.meta.url)).replace(/\/$/, "");

export default defineConfig({
  site: "http://127.0.0.1:4321",
  trailingSlash: "always",
  // Astro 7 runs remark/rehype plugins only through an explicit unified processor.
  markdown: {
    processor: unified({ remarkPlugins: [remarkMath], rehypePlugins: [rehypeKatex] }),
  },
  integrations: [mdx(), localAssets(), offline()],
  server: { host: "127.0.0.1", port: 4321 },
  devToolbar: { enabled: false },
  vite: {
    // Build-time components read lib/ (code listings) and exercises/ (the catalogue).
    define: { "import.meta.env.REPO_ROOT": JSON.stringify(repoRoot) },
    // Demos import the shared library from ../lib, and Vite serves packages from the
    // repository-root node_modules: both lie outside site/.
    server: { fs: { allow: [".."] } },
    build: { chunkSizeWarningLimit: 4096 },
  },
});
