/**
 * The response headers that make a page cross-origin isolated. Browsers hand out
 * SharedArrayBuffer only to isolated pages, and tfjs-backend-wasm loads its threaded binary only
 * where SharedArrayBuffer exists, so without these the wasm backend runs on one thread.
 * One table for both places that send them: scripts/serve.ts (a server that can set headers)
 * and the offline service worker (site/integrations/offline.mjs, for hosts that cannot).
 */

/** On every page and worker script: a window of its own, and same-origin (or CORP) loads only. */
export const ISOLATION_HEADERS: Readonly<Record<string, string>> = {
  "Cross-Origin-Opener-Policy": "same-origin",
  "Cross-Origin-Embedder-Policy": "require-corp",
  // The site's own files may be embedded by its own pages only (what require-corp asks of them).
  "Cross-Origin-Resource-Policy": "same-origin",
};
