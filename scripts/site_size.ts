/**
 * JavaScript a page of the built site ships before any demo starts: the module scripts its HTML
 * loads, plus everything they import statically (recursively), plus inline scripts, gzip-compressed.
 * Dynamic `import()` targets — tfjs, lib/, Observable Plot, loaded when a demo starts — are not
 * counted. Budget: 150 KB per lecture page.
 *
 *   deno run --allow-read scripts/site_size.ts [--root site/dist] [--json]
 */
import { gzipSync } from "node:zlib";
import { dirname, join, relative, resolve } from "node:path";

export const BUDGET_BYTES = 150 * 1024;

export interface PageSize {
  /** URL path of the page, e.g. "/lectures/01-odes-and-solvers/". */
  page: string;
  /** Files counted (relative to the root), each with its gzip size. */
  scripts: { file: string; gzip: number }[];
  /** Inline <script> bytes (gzip). */
  inline: number;
  /** Total gzip bytes of JavaScript loaded before interaction. */
  total: number;
}

const STATIC_IMPORT = /(?:^|[;\s}){)])import\s*(?:[\w$*{}\s,]+?\s*from\s*)?["']([^"']+\.m?js)["']/g;
const EXPORT_FROM = /(?:^|[;\s}])export\s*[\w$*{}\s,]*?\s*from\s*["']([^"']+\.m?js)["']/g;

/** Static import targets of a module's source (not `import(…)`). */
export function staticImports(source: string): string[] {
  const out = new Set<string>();
  for (const re of [STATIC_IMPORT, EXPORT_FROM]) {
    re.lastIndex = 0;
    for (const m of source.matchAll(re)) out.add(m[1]);
  }
  return [...out];
}

function gzipSize(bytes: Uint8Array | string): number {
  return gzipSync(typeof bytes === "string" ? new TextEncoder().encode(bytes) : bytes).length;
}

function urlToFile(root: string, from: string, spec: string): string {
  return spec.startsWith("/") ? join(root, spec) : resolve(dirname(from), spec);
}

export function measurePage(root: string, htmlFile: string): PageSize {
  const html = Deno.readTextFileSync(htmlFile);
  const entries: string[] = [];
  for (const m of html.matchAll(/<script\b[^>]*\bsrc="([^"]+)"[^>]*>/g)) {
    entries.push(urlToFile(root, htmlFile, m[1]));
  }
  for (const m of html.matchAll(/<link\b[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g)) {
    entries.push(urlToFile(root, htmlFile, m[1]));
  }
  let inline = 0;
  for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)) {
    const attrs = m[1];
    if (/\bsrc=/.test(attrs) || /type="application\/(ld\+)?json"/.test(attrs)) continue;
    if (m[2].trim()) inline += gzipSize(m[2]);
  }
  const seen = new Set<string>();
  const queue = [...entries];
  while (queue.length) {
    const file = queue.shift()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const source = Deno.readTextFileSync(file);
    for (const spec of staticImports(source)) queue.push(urlToFile(root, file, spec));
  }
  const scripts = [...seen].map((file) => ({
    file: relative(root, file),
    gzip: gzipSize(Deno.readFileSync(file)),
  }));
  const page = "/" + relative(root, dirname(htmlFile)).replace(/^\.$/, "") + "/";
  return {
    page: page.replace(/\/+$/, "/").replace(/^\/\/$/, "/"),
    scripts,
    inline,
    total: inline + scripts.reduce((s, x) => s + x.gzip, 0),
  };
}

/** Every index.html under the root. */
export function measureSite(root = "site/dist"): PageSize[] {
  const pages: PageSize[] = [];
  const walk = (dir: string) => {
    for (const e of Deno.readDirSync(dir)) {
      const p = join(dir, e.name);
      if (e.isDirectory && !e.name.startsWith("_") && e.name !== "weights") walk(p);
      else if (e.name === "index.html") pages.push(measurePage(root, p));
    }
  };
  walk(root);
  return pages.sort((a, b) => a.page.localeCompare(b.page));
}

if (import.meta.main) {
  const args = Deno.args;
  const rootArg = args.indexOf("--root");
  const root = rootArg >= 0 ? args[rootArg + 1] : "site/dist";
  const pages = measureSite(root);
  if (args.includes("--json")) {
    console.log(JSON.stringify(pages, null, 2));
  } else {
    console.log("JS before a demo starts (gzip), budget 150 KB per lecture page:");
    for (const p of pages) {
      const flag = p.total > BUDGET_BYTES ? "  OVER BUDGET" : "";
      console.log(
        `${
          (p.total / 1024).toFixed(1).padStart(7)
        } KB  ${p.page}  (${p.scripts.length} files)${flag}`,
      );
    }
  }
}
