/**
 * Build time: the MNIST digits the site serves at /data/mnist/ (src/pages/data/mnist/*.ts), read
 * from MNIST's original files through lib/data/mnist_source.ts. Which digits, the format and the
 * guarantees: src/core/mnist_format.ts. Computed once per build (≈ 2 s: parsing the files).
 */
import { MNIST_PIXELS, splitMnist } from "../../../lib/data/mnist.ts";
import { loadMnist } from "../../../lib/data/mnist_source.ts";
import { rotatingMnistSources } from "../../../lib/data/rotating_mnist.ts";
import { sha256Hex } from "../../../lib/io/weights.ts";
import { ROTMNIST_DATA_SEED } from "../../../lib/zoo/odevae_rotmnist.ts";
import {
  MNIST_ASSET_FORMAT,
  MNIST_TEST_STRIDE,
  MNIST_TRAIN_SHIPPED,
  type MnistAssetIndex,
  pixelByte,
} from "../core/mnist_format.ts";

/** The rotating-MNIST data set of odevae-rotmnist (its preset's data seed) and its digit. */
export const ROTATING_SEED = ROTMNIST_DATA_SEED;
const ROTATING_DIGIT = 3;

export interface MnistAssets {
  index: MnistAssetIndex;
  /** Backed by a plain ArrayBuffer, as a Response body must be. */
  bytes: Uint8Array<ArrayBuffer>;
}

let cached: Promise<MnistAssets> | undefined;

async function build(): Promise<MnistAssets> {
  const data = loadMnist();
  const split = splitMnist(data, { seed: 0 });
  const testShipped = split.test.filter((_, i) => i % MNIST_TEST_STRIDE === 0);
  const trainShipped = split.train.slice(0, MNIST_TRAIN_SHIPPED);
  const rotating = rotatingMnistSources(data, { seed: ROTATING_SEED, digit: ROTATING_DIGIT });
  const sources = [
    ...new Set([...testShipped, ...trainShipped, ...rotating.train, ...rotating.test]),
  ].sort((a, b) => a - b);
  const shipped = new Map(sources.map((src, i) => [src, i]));
  const at = (list: number[]) => list.map((src) => shipped.get(src)!);
  const bytes = new Uint8Array(sources.length * MNIST_PIXELS);
  sources.forEach((src, i) => {
    for (let p = 0; p < MNIST_PIXELS; p++) {
      bytes[i * MNIST_PIXELS + p] = pixelByte(data.images[src * MNIST_PIXELS + p]);
    }
  });
  return {
    bytes,
    index: {
      format: MNIST_ASSET_FORMAT,
      count: sources.length,
      sha256: await sha256Hex(bytes),
      labels: sources.map((src) => data.labels[src]),
      sources,
      test: at(testShipped),
      train: at(trainShipped),
      rotating: {
        seed: ROTATING_SEED,
        digit: ROTATING_DIGIT,
        train: at(rotating.train),
        test: at(rotating.test),
      },
    },
  };
}

/** index.json and digits.bin of /data/mnist/ (built once, then shared). */
export function mnistAssets(): Promise<MnistAssets> {
  cached ??= build();
  return cached;
}

/** The size of digits.bin for the page's prose, e.g. "4.1 MB" (decimal megabytes). */
export async function mnistDownloadSize(): Promise<string> {
  const { bytes } = await mnistAssets();
  return `${(bytes.length / 1e6).toFixed(1)} MB`;
}
