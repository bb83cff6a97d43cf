/**
 * A small static file server for the built site (site/dist): what `deno task serve`, `deno task
 * start` and the browser tests use. It serves only files inside the root (no path traversal, no
 * symlinks out), maps "/dir/" to "/dir/index.html", and answers 404 otherwise.
 *
 *   deno task serve [--port 4321] [--root site/dist] [--base /neural-ode/] [--host 0.0.0.0]
 *                   [--no-isolation]
 *
 * It binds 127.0.0.1 unless `--host` names another address explicitly: a workshop room's
 * learners reach it only when the instructor asks for that (`--host 0.0.0.0`), and then it prints
 * every LAN URL and a QR code of the first. `--base` serves the site under a URL prefix, as a
 * site built with `SITE_BASE=/neural-ode/ deno task build` expects (GitHub Pages' project URLs).
 * Answers on localhost (or https) carry the cross-origin isolation headers (lib/isolation.ts), so
 * the wasm backend runs threaded; `--no-isolation` leaves them out, as a static host such as GitHub
 * Pages does (the offline service worker then adds them). Every answer carries the site's
 * Content-Security-Policy, and slow or idle clients are disconnected (scripts/connection_guard.ts).
 */
import { extname, join, normalize, resolve, sep as SEPARATOR } from "node:path";
import { ISOLATION_HEADERS } from "../lib/isolation.ts";
import { contentSecurityPolicyHeader } from "../lib/content_security_policy.ts";
import {
  type ClientTimeouts,
  DEFAULT_CLIENT_TIMEOUTS,
  guardConnections,
} from "./connection_guard.ts";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
  ".woff": "font/woff",
  ".ttf": "font/ttf",
  ".wasm": "application/wasm",
  ".bin": "application/octet-stream",
  ".txt": "text/plain; charset=utf-8",
};

export interface ServeOptions {
  /** Folder to serve (default site/dist). */
  root?: string;
  /** Address to bind (default 127.0.0.1). */
  hostname?: string;
  /**
   * Binding beyond loopback is refused unless this is true; only an explicit `--host` on the
   * command line sets it.
   */
  allowNonLoopback?: boolean;
  /** URL prefix the site is served under, "/" (default) or e.g. "/neural-ode/". */
  base?: string;
  /** Port (default 4321; 0 picks a free one). */
  port?: number;
  /** Log one line per request (default false). */
  log?: boolean;
  /**
   * Send ISOLATION_HEADERS (default true). False emulates a static host that cannot set headers,
   * where the offline service worker has to add them.
   */
  isolation?: boolean;
  /**
   * Bounds on slow and idle clients (default DEFAULT_CLIENT_TIMEOUTS: 15 s for a request's
   * headers, 60 s without a byte moving); see scripts/connection_guard.ts.
   */
  timeouts?: Partial<ClientTimeouts>;
}

/** A running server: `shutdown()` closes every connection and stops it. */
export interface RunningServer {
  shutdown(): Promise<void>;
}

/** A bad command-line argument or option, with the fix in its message. */
export class ServeArgumentError extends Error {
  override name = "ServeArgumentError";
}

/** 127.0.0.0/8, ::1 and "localhost": addresses no other machine can reach. */
export function isLoopback(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, "").toLowerCase();
  return host === "localhost" || host === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** "/neural-ode" or "neural-ode/" → "/neural-ode/"; "/" stays; anything odd is refused. */
export function normaliseBase(base: string | undefined): string {
  if (base === undefined || base === "" || base === "/") return "/";
  const trimmed = base.replace(/^\/+|\/+$/g, "");
  if (
    !/^[A-Za-z0-9._~-]+(\/[A-Za-z0-9._~-]+)*$/.test(trimmed) || /(^|\/)\.\.?(\/|$)/.test(trimmed)
  ) {
    throw new ServeArgumentError(
      `--base must be a URL path such as /neural-ode/ (letters, digits, . _ ~ -), got "${base}"`,
    );
  }
  return `/${trimmed}/`;
}

/**
 * The file a URL path maps to, or undefined when the path is malformed or leaves the root.
 * Exported for tests.
 */
export function resolveUrlPath(root: string, urlPath: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  if (decoded.includes("\0") || decoded.includes("\\")) return undefined;
  const rootAbs = resolve(root);
  const file = resolve(join(rootAbs, normalize("/" + decoded)));
  if (file !== rootAbs && !file.startsWith(rootAbs + SEPARATOR)) return undefined;
  return decoded.endsWith("/") ? join(file, "index.html") : file;
}

/** The site's own 404 page (or a line of text), with status 404. */
async function notFound(root: string): Promise<Response> {
  const page404 = join(root, "404.html");
  const body = await Deno.readFile(page404).catch(() => new TextEncoder().encode("not found\n"));
  return new Response(body, { status: 404, headers: { "Content-Type": TYPES[".html"] } });
}

async function realInside(root: string, file: string): Promise<boolean> {
  try {
    const real = await Deno.realPath(file);
    const realRoot = await Deno.realPath(root);
    return real === realRoot || real.startsWith(realRoot + SEPARATOR);
  } catch {
    return false;
  }
}

/**
 * Headers on every answer: no MIME sniffing, no full URLs leaked to other sites, and the site's
 * Content-Security-Policy (lib/content_security_policy.ts; on scripts too, since a worker takes
 * its policy from its own script's answer).
 */
export const SECURITY_HEADERS = {
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "strict-origin-when-cross-origin",
  "Content-Security-Policy": contentSecurityPolicyHeader(),
};

/**
 * Whether a browser can isolate a page from this URL: https or a loopback host. Over plain http on
 * a LAN address it cannot, and Chromium reports a console error for every page that asks.
 */
function trustworthy(url: URL): boolean {
  return url.protocol === "https:" || isLoopback(url.hostname);
}

/**
 * Answers one request for the built site under `base`, with SECURITY_HEADERS and, unless
 * `isolation` is false or the origin cannot be isolated (see `trustworthy`), ISOLATION_HEADERS.
 */
export async function handle(
  root: string,
  request: Request,
  base = "/",
  isolation = true,
): Promise<Response> {
  const response = await route(root, request, base);
  const headers = isolation && trustworthy(new URL(request.url))
    ? { ...SECURITY_HEADERS, ...ISOLATION_HEADERS }
    : SECURITY_HEADERS;
  for (const [k, v] of Object.entries(headers)) response.headers.set(k, v);
  return response;
}

async function route(root: string, request: Request, base: string): Promise<Response> {
  if (request.method !== "GET" && request.method !== "HEAD") {
    return new Response("method not allowed\n", { status: 405, headers: { Allow: "GET, HEAD" } });
  }
  const url = new URL(request.url);
  if (base !== "/" && !url.pathname.startsWith(base)) {
    // "/" and "/neural-ode" lead to the site; every other path outside the prefix is not found.
    if (url.pathname === "/" || url.pathname === base.slice(0, -1)) {
      return new Response(null, { status: 302, headers: { Location: base } });
    }
    return await notFound(root);
  }
  const rest = base === "/" ? url.pathname : url.pathname.slice(base.length - 1);
  let file = resolveUrlPath(root, rest);
  if (!file) return new Response("bad request\n", { status: 400 });
  let info = await Deno.stat(file).catch(() => undefined);
  if (info?.isDirectory) {
    // "/lectures/x" → redirect to "/lectures/x/", as a static host would. One leading slash
    // only: "//host/…" would be a protocol-relative URL, a redirect to another site.
    const path = "/" + url.pathname.replace(/^\/+/, "");
    return new Response(null, { status: 301, headers: { Location: path + "/" } });
  }
  if (!info && !extname(file)) {
    const html = file + ".html";
    info = await Deno.stat(html).catch(() => undefined);
    if (info) file = html;
  }
  if (!info?.isFile || !(await realInside(root, file))) return await notFound(root);
  const headers = {
    "Content-Type": TYPES[extname(file)] ?? "application/octet-stream",
    "Content-Length": String(info.size),
    "Cache-Control": "no-cache",
  };
  if (request.method === "HEAD") return new Response(null, { headers });
  const fh = await Deno.open(file, { read: true });
  return new Response(fh.readable, { headers });
}

/**
 * Starts the server; returns it with its actual port. Refuses a non-loopback address unless
 * `allowNonLoopback` is set, and says what to do when the port is taken. Clients connect to a
 * guard (scripts/connection_guard.ts) that times out slow and idle ones, and relays the rest to
 * the HTTP server on a loopback port of its own.
 */
export function serve(options: ServeOptions = {}): { server: RunningServer; port: number } {
  const root = resolve(options.root ?? "site/dist");
  const hostname = options.hostname ?? "127.0.0.1";
  const base = normaliseBase(options.base);
  if (!isLoopback(hostname) && !options.allowNonLoopback) {
    throw new ServeArgumentError(
      `refusing to serve on ${hostname}: without an explicit --host the server binds 127.0.0.1 ` +
        `only, so nobody else on the network can reach it. Fix: pass --host ${hostname}.`,
    );
  }
  let listener: Deno.Listener;
  try {
    listener = Deno.listen({ hostname, port: options.port ?? 4321 });
  } catch (error) {
    if (error instanceof Deno.errors.AddrInUse) {
      throw new ServeArgumentError(
        `port ${options.port ?? 4321} is already in use (an earlier \`deno task start\` still ` +
          `running?). Fix: stop it, or pass --port ${(options.port ?? 4321) + 1}.`,
      );
    }
    throw error;
  }
  const http = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen: () => {} },
    async (request) => {
      const response = await handle(root, request, base, options.isolation ?? true);
      if (options.log) console.log(`${response.status} ${new URL(request.url).pathname}`);
      return response;
    },
  );
  const guard = guardConnections(
    listener,
    (http.addr as Deno.NetAddr).port,
    { ...DEFAULT_CLIENT_TIMEOUTS, ...options.timeouts },
    (reason) => {
      if (options.log) console.log(`closed a connection: ${reason}`);
    },
  );
  const server: RunningServer = {
    async shutdown() {
      await guard.close();
      await http.shutdown();
    },
  };
  return { server, port: (listener.addr as Deno.NetAddr).port };
}

/** The URLs learners open: the bound address, or every LAN address when bound to all. */
export function siteUrls(hostname: string, port: number, base: string): string[] {
  const url = (host: string) => `http://${host.includes(":") ? `[${host}]` : host}:${port}${base}`;
  if (hostname !== "0.0.0.0" && hostname !== "::") return [url(hostname)];
  const lan = Deno.networkInterfaces()
    .filter((i) => (hostname === "::" || i.family === "IPv4") && !isLoopback(i.address))
    .filter((i) => !i.address.toLowerCase().startsWith("fe80:"))
    .map((i) => url(i.address));
  return [...new Set(lan)];
}

export function parseArgs(args: string[]): ServeOptions {
  const options: ServeOptions = { log: true };
  const usage = "Usage: serve.ts [--port N] [--root DIR] [--base /prefix/] [--host ADDR] " +
    "[--no-isolation] [--quiet]";
  for (let i = 0; i < args.length; i++) {
    const flag = args[i];
    const value = args[i + 1];
    const takesValue = ["--port", "--root", "--host", "--base"].includes(flag);
    if (takesValue && (value === undefined || value.startsWith("--"))) {
      throw new ServeArgumentError(`${flag} needs a value. ${usage}`);
    }
    switch (flag) {
      case "--port":
        options.port = Number(value);
        break;
      case "--root":
        options.root = value;
        break;
      case "--host":
        options.hostname = value;
        options.allowNonLoopback = true; // asked for explicitly
        break;
      case "--base":
        options.base = normaliseBase(value);
        break;
      case "--quiet":
        options.log = false;
        break;
      case "--no-isolation":
        options.isolation = false;
        break;
      default:
        throw new ServeArgumentError(`unknown argument "${flag}". ${usage}`);
    }
    if (takesValue) i++;
  }
  if (options.port !== undefined && !(Number.isInteger(options.port) && options.port >= 0)) {
    throw new ServeArgumentError(`--port must be a whole number ≥ 0, got ${options.port}`);
  }
  return options;
}

async function qrCode(text: string): Promise<string> {
  const { default: QRCode } = await import("qrcode");
  return await QRCode.toString(text, { type: "terminal", small: true });
}

if (import.meta.main) {
  let options: ServeOptions;
  try {
    options = parseArgs(Deno.args);
  } catch (error) {
    console.error((error as Error).message);
    Deno.exit(2);
  }
  const root = options.root ?? "site/dist";
  if (!(await Deno.stat(join(root, "index.html")).catch(() => undefined))) {
    console.error(`${root}/index.html does not exist. Fix: run \`deno task build\` first.`);
    Deno.exit(1);
  }
  let port: number;
  try {
    ({ port } = serve(options));
  } catch (error) {
    console.error((error as Error).message);
    Deno.exit(error instanceof ServeArgumentError ? 2 : 1);
  }
  const hostname = options.hostname ?? "127.0.0.1";
  const base = normaliseBase(options.base);
  const urls = siteUrls(hostname, port, base);
  console.log(`Serving ${root} on ${hostname}:${port} (Ctrl-C to stop).`);
  if (isLoopback(hostname)) {
    console.log(`Open ${urls[0]} (this machine only; --host 0.0.0.0 to share it on the LAN)`);
  } else if (urls.length === 0) {
    console.log("No LAN address found: is this machine connected to the room's network?");
  } else {
    console.log("Learners open:");
    for (const u of urls) console.log(`  ${u}`);
    console.log(await qrCode(urls[0]));
    console.log(`(the QR code opens ${urls[0]})`);
  }
}
