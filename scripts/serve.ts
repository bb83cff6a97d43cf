/**
 * A small static file server for the built site (site/dist): what `deno task start` and the
 * browser tests use. Binds 127.0.0.1 by default, serves only files inside the root (no path
 * traversal, no symlinks out), maps "/dir/" to "/dir/index.html", and answers 404 otherwise.
 *
 *   deno run --allow-read --allow-net=127.0.0.1 scripts/serve.ts [--port 4321] [--root site/dist]
 */
import { extname, join, normalize, resolve, sep as SEPARATOR } from "node:path";

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
  /** Port (default 4321; 0 picks a free one). */
  port?: number;
  /** Log one line per request (default false). */
  log?: boolean;
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

async function realInside(root: string, file: string): Promise<boolean> {
  try {
    const real = await Deno.realPath(file);
    const realRoot = await Deno.realPath(root);
    return real === realRoot || real.startsWith(realRoot + SEPARATOR);
  } catch {
    return false;
  }
}

export async function handle(root: string, request: Request): Promise<Response> {
  if (request.method !== "GET" && request.method !== "HEAD") {
    return new Response("method not allowed\n", { status: 405, headers: { Allow: "GET, HEAD" } });
  }
  const url = new URL(request.url);
  let file = resolveUrlPath(root, url.pathname);
  if (!file) return new Response("bad request\n", { status: 400 });
  let info = await Deno.stat(file).catch(() => undefined);
  if (info?.isDirectory) {
    // "/lectures/x" → redirect to "/lectures/x/", as a static host would.
    return new Response(null, { status: 301, headers: { Location: url.pathname + "/" } });
  }
  if (!info && !extname(file)) {
    const html = file + ".html";
    info = await Deno.stat(html).catch(() => undefined);
    if (info) file = html;
  }
  if (!info?.isFile || !(await realInside(root, file))) {
    const page404 = join(root, "404.html");
    const body = await Deno.readFile(page404).catch(() => new TextEncoder().encode("not found\n"));
    return new Response(body, { status: 404, headers: { "Content-Type": TYPES[".html"] } });
  }
  const headers = {
    "Content-Type": TYPES[extname(file)] ?? "application/octet-stream",
    "Content-Length": String(info.size),
    "Cache-Control": "no-cache",
  };
  if (request.method === "HEAD") return new Response(null, { headers });
  const fh = await Deno.open(file, { read: true });
  return new Response(fh.readable, { headers });
}

/** Starts the server; returns it with its actual port. */
export function serve(options: ServeOptions = {}): { server: Deno.HttpServer; port: number } {
  const root = resolve(options.root ?? "site/dist");
  const hostname = options.hostname ?? "127.0.0.1";
  let port = 0;
  const server = Deno.serve(
    {
      hostname,
      port: options.port ?? 4321,
      onListen: (addr) => {
        port = addr.port;
      },
    },
    async (request) => {
      const response = await handle(root, request);
      if (options.log) console.log(`${response.status} ${new URL(request.url).pathname}`);
      return response;
    },
  );
  port = (server.addr as Deno.NetAddr).port;
  return { server, port };
}

function parseArgs(args: string[]): ServeOptions {
  const options: ServeOptions = { log: true };
  for (let i = 0; i < args.length; i++) {
    const value = args[i + 1];
    switch (args[i]) {
      case "--port":
        options.port = Number(value);
        i++;
        break;
      case "--root":
        options.root = value;
        i++;
        break;
      case "--host":
        options.hostname = value;
        i++;
        break;
      case "--quiet":
        options.log = false;
        break;
      default:
        throw new Error(
          `unknown argument "${
            args[i]
          }". Usage: serve.ts [--port N] [--root DIR] [--host ADDR] [--quiet]`,
        );
    }
  }
  if (options.port !== undefined && !(Number.isInteger(options.port) && options.port >= 0)) {
    throw new Error(`--port must be a whole number ≥ 0, got ${options.port}`);
  }
  return options;
}

if (import.meta.main) {
  const options = parseArgs(Deno.args);
  const root = options.root ?? "site/dist";
  if (!(await Deno.stat(join(root, "index.html")).catch(() => undefined))) {
    console.error(`${root}/index.html does not exist. Fix: run \`deno task build\` first.`);
    Deno.exit(1);
  }
  const { port } = serve(options);
  console.log(
    `Serving ${root} on http://${options.hostname ?? "127.0.0.1"}:${port}/ (Ctrl-C to stop)`,
  );
}
