/**
 * The Content-Security-Policy every page of the site works under: the site's own files only, no
 * inline script, no plugin, no framing. One table for both places that send it: scripts/serve.ts
 * (as a header) and the page layout (as a <meta>, for static hosts that cannot send headers).
 * tests/site/csp_test.ts opens every built page under it and fails on any violation.
 */

/** Directive → allowed sources, each with the reason it is there. */
export const CONTENT_SECURITY_POLICY: Readonly<Record<string, readonly string[]>> = {
  "default-src": ["'self'"],
  // The build emits every script as a file (astro.config.mjs: no inlined scripts).
  // 'wasm-unsafe-eval': tfjs-backend-wasm compiles its .wasm binary. blob:: the threaded wasm
  // backend hands each of its workers the module's source as a Blob, which they importScripts.
  "script-src": ["'self'", "'wasm-unsafe-eval'", "blob:"],
  // The training workers are files of the site; the threaded wasm backend's workers are Blobs.
  "worker-src": ["'self'", "blob:"],
  // KaTeX positions every glyph with style attributes, and Observable Plot writes a <style>
  // element and style attributes into each figure, also into the live ones drawn in the page:
  // no build-time hash can cover those, so inline styles stay allowed (scripts do not).
  "style-src": ["'self'", "'unsafe-inline'"],
  // The MNIST digits drawn in figures (lectures 3, 4 and 6) are PNG data: URLs.
  "img-src": ["'self'", "data:"],
  "font-src": ["'self'"],
  "connect-src": ["'self'"],
  "object-src": ["'none'"],
  "base-uri": ["'self'"],
  "form-action": ["'self'"],
  // No page frames another (the presenter view is part of the lecture page itself).
  "frame-ancestors": ["'none'"],
};

/** Directives a browser ignores (and warns about) in a <meta> policy. */
const HEADER_ONLY = new Set(["frame-ancestors", "report-uri", "sandbox"]);

function serialise(entries: [string, readonly string[]][]): string {
  return entries.map(([directive, sources]) => `${directive} ${sources.join(" ")}`).join("; ");
}

/** The policy as the Content-Security-Policy response header. */
export function contentSecurityPolicyHeader(): string {
  return serialise(Object.entries(CONTENT_SECURITY_POLICY));
}

/** The policy for `<meta http-equiv="Content-Security-Policy">`: without header-only directives. */
export function contentSecurityPolicyMeta(): string {
  return serialise(Object.entries(CONTENT_SECURITY_POLICY).filter(([d]) => !HEADER_ONLY.has(d)));
}
