// Astro configuration for the Neural ODE Workshop site.
//
// Build:   deno task build   (writes site/dist)
// Serve:   deno task start   (builds, then serves site/dist on http://127.0.0.1:4321)
// Develop: deno task dev     (hot reload on http://127.0.0.1:4321)
import { defineConfig } from "astro/config";
import mdx from "@astrojs/mdx";

export default defineConfig({
  site: "http://127.0.0.1:4321",
  integrations: [mdx()],
  server: { host: "127.0.0.1", port: 4321 },
  // Later lectures import the shared library from ../lib (and Vite serves packages from the
  // repository-root node_modules), both outside site/: let the dev server read the parent folder.
  vite: {
    server: { fs: { allow: [".."] } },
  },
  // KaTeX goes here later. Astro 7 ignores remarkPlugins/rehypePlugins unless a unified processor
  // is set, e.g. markdown: { processor: unified({ remarkPlugins: [remarkMath],
  // rehypePlugins: [rehypeKatex] }) } with `unified` from @astrojs/markdown-remark.
});
