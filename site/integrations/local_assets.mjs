// Serves files that live outside site/ from the site itself, so nothing comes from a CDN and the
// repository holds one copy of each:
//   /weights/…   ← ../weights/ (pretrained models and their manifest)
//   /tfjs-wasm/… ← tfjs-backend-wasm's .wasm binaries (for the optional wasm backend)
// `astro build` copies them into dist/; `astro dev` serves them straight from their folders.
import { cpSync, createReadStream, existsSync, mkdirSync, readdirSync, statSync } from "node:fs";
import { dirname, extname, join, normalize, resolve, sep } from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const siteDir = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const repoRoot = resolve(siteDir, "..");

/** Where each public URL prefix is read from, and which files in it are served. */
function mounts() {
  const require = createRequire(join(repoRoot, "package.json"));
  let wasmDir;
  try {
    wasmDir = dirname(require.resolve("@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm"));
  } catch {
    wasmDir = join(repoRoot, "node_modules/@tensorflow/tfjs-backend-wasm/dist");
  }
  return [
    { prefix: "/weights/", dir: join(repoRoot, "weights"), keep: /\.(json|bin)$/ },
    { prefix: "/tfjs-wasm/", dir: wasmDir, keep: /\.wasm$/ },
  ];
}

const TYPES = {
  ".json": "application/json",
  ".bin": "application/octet-stream",
  ".wasm": "application/wasm",
};

function copyTree(from, to, keep) {
  if (!existsSync(from)) return 0;
  let count = 0;
  for (const name of readdirSync(from)) {
    const src = join(from, name);
    const dst = join(to, name);
    if (statSync(src).isDirectory()) {
      count += copyTree(src, dst, keep);
    } else if (keep.test(name)) {
      mkdirSync(to, { recursive: true });
      cpSync(src, dst);
      count++;
    }
  }
  return count;
}

export function localAssets() {
  return {
    name: "local-assets",
    hooks: {
      "astro:server:setup": ({ server }) => {
        for (const { prefix, dir, keep } of mounts()) {
          server.middlewares.use(prefix, (req, res, next) => {
            const rel = normalize(decodeURIComponent((req.url ?? "/").split("?")[0]));
            const file = join(dir, rel);
            if (!file.startsWith(dir + sep) || !keep.test(file) || !existsSync(file)) {
              return next();
            }
            res.setHeader("Content-Type", TYPES[extname(file)] ?? "application/octet-stream");
            createReadStream(file).pipe(res);
          });
        }
      },
      "astro:build:done": ({ dir, logger }) => {
        const out = fileURLToPath(dir);
        for (const { prefix, dir: from, keep } of mounts()) {
          const n = copyTree(from, join(out, prefix), keep);
          logger.info(`copied ${n} file(s) into ${prefix}`);
        }
      },
    },
  };
}
