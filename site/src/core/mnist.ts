/// <reference path="../env.d.ts" />
/**
 * MNIST in the browser: the digits the demos need, served by the site at /data/mnist/ (written
 * at build time by src/pages/data/mnist/*.ts from MNIST's original files, see
 * src/build/mnist_assets.ts), decoded into lib/data's MnistData. Browser-safe; nothing here reads
 * MNIST's files. Which digits, split and guarantees: mnist_format.ts (re-exported here).
 *
 *   const mnist = await loadMnistForBrowser();
 *   mnistTensors(mnist.data, mnist.test.slice(0, 100));        // 100 official test digits
 *   mnistTensors(mnist.data, officialTestSubset(mnist, 10));   // a recipe's fast subset
 *   const rot = rotatingMnistForBrowser(mnist, { train: 64 });  // rotating-MNIST sequences
 */
import { sha256Hex } from "../../../lib/io/weights.ts";
import {
  type BrowserMnist,
  decodeMnistAssets,
  MnistAssetError,
  type MnistAssetIndex,
} from "./mnist_format.ts";

export * from "./mnist_format.ts";

async function fetchOk(url: string): Promise<Response> {
  const res = await fetch(url);
  if (!res.ok) {
    throw new MnistAssetError(`${url}: HTTP ${res.status}. Fix: build the site with its data`);
  }
  return res;
}

let loading: Promise<BrowserMnist> | undefined;

/**
 * Fetches /data/mnist/index.json and digits.bin (≈ 4 MB, once per page: later calls share the
 * result), checks the sha256, and decodes them.
 */
export function loadMnistForBrowser(): Promise<BrowserMnist> {
  loading ??= (async () => {
    const base = `${import.meta.env.BASE_URL}data/mnist/`;
    const [index, bin] = await Promise.all([
      fetchOk(`${base}index.json`).then((r) => r.json() as Promise<MnistAssetIndex>),
      fetchOk(`${base}digits.bin`).then(async (r) => new Uint8Array(await r.arrayBuffer())),
    ]);
    const actual = await sha256Hex(bin);
    if (actual !== index.sha256) {
      throw new MnistAssetError(
        `digits.bin has sha256 ${actual}, index.json says ${index.sha256}. Fix: reload the page ` +
          "(a stale cache) or rebuild the site",
      );
    }
    return decodeMnistAssets(index, bin);
  })();
  loading.catch(() => (loading = undefined));
  return loading;
}
