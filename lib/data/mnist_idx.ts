/**
 * Reads the idx files MNIST is distributed in (LeCun et al.'s format: a big-endian header — two
 * zero bytes, a type code, the number of dimensions, then each dimension as a uint32 — followed by
 * the values). MNIST uses type 0x08 (unsigned byte): images are idx3 [n, 28, 28], labels idx1 [n].
 * Pure byte parsing, so it runs in the browser and in Deno alike.
 */
import { MNIST_IMAGE_SIZE, MNIST_PIXELS } from "./mnist.ts";

/** An idx file's header did not describe what the caller expected. */
export class MnistFileError extends Error {
  constructor(file: string, problem: string) {
    super(`MNIST file ${file}: ${problem}; use the original (uncompressed) idx files`);
    this.name = "MnistFileError";
  }
}

const UNSIGNED_BYTE = 0x08;

function header(bytes: Uint8Array, file: string, dims: number): number[] {
  if (bytes.length < 4 + 4 * dims) throw new MnistFileError(file, `only ${bytes.length} bytes`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint16(0) !== 0 || bytes[2] !== UNSIGNED_BYTE || bytes[3] !== dims) {
    throw new MnistFileError(
      file,
      `magic ${Array.from(bytes.subarray(0, 4)).join(",")} is not 0,0,8,${dims}`,
    );
  }
  const shape = Array.from({ length: dims }, (_, i) => view.getUint32(4 + 4 * i));
  const expected = 4 + 4 * dims + shape.reduce((a, b) => a * b, 1);
  if (bytes.length !== expected) {
    throw new MnistFileError(file, `${bytes.length} bytes, the header promises ${expected}`);
  }
  return shape;
}

/** Images of an idx3 file as floats in [0, 1] (byte / 255), row-major, image after image. */
export function parseIdxImages(bytes: Uint8Array, file = "images"): Float32Array {
  const [n, rows, cols] = header(bytes, file, 3);
  if (rows !== MNIST_IMAGE_SIZE || cols !== MNIST_IMAGE_SIZE) {
    throw new MnistFileError(file, `images are ${rows}×${cols}, not 28×28`);
  }
  const pixels = bytes.subarray(16);
  const out = new Float32Array(n * MNIST_PIXELS);
  for (let i = 0; i < out.length; i++) out[i] = pixels[i] / 255;
  return out;
}

/** Labels of an idx1 file (each 0–9). */
export function parseIdxLabels(bytes: Uint8Array, file = "labels"): Int32Array {
  const [n] = header(bytes, file, 1);
  const out = Int32Array.from(bytes.subarray(8, 8 + n));
  const bad = out.findIndex((l) => l > 9);
  if (bad >= 0) throw new MnistFileError(file, `label ${out[bad]} at ${bad} is not a digit`);
  return out;
}
