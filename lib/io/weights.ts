/**
 * Saving and loading a Module's parameters as a tf.io weight manifest (`<name>.json` listing
 * the tensors, plus `<name>.bin` with their bytes), with the binary's sha256 in the manifest.
 * File access is passed in (Deno.readFile in scripts, fetch in the browser), so this file uses
 * neither Deno nor DOM APIs.
 */
import * as tf from "@tensorflow/tfjs";
import type { Module } from "../nn/module.ts";
// Audited plain-JS SHA-256 for where crypto.subtle is missing (see sha256Hex).
import { sha256 } from "@noble/hashes/sha2.js";

export const WEIGHTS_FORMAT = "neural-ode-workshop/weights@1";

export interface WeightsManifest {
  format: typeof WEIGHTS_FORMAT;
  /** tf.io's weights manifest: one group whose path is the .bin file. */
  weightsManifest: tf.io.WeightsManifestConfig;
  /** sha256 (hex) of each file named in weightsManifest. */
  sha256: Record<string, string>;
  /** Anything the caller wants to keep with the weights (metrics, command, seed …). */
  metadata?: Record<string, unknown>;
}

/** A corrupt, truncated, mismatched or missing weights file; `file` names it. */
export class WeightsError extends Error {
  constructor(readonly file: string, problem: string, fix: string) {
    super(`${file}: ${problem}. Fix: ${fix}`);
    this.name = "WeightsError";
  }
}

export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  // crypto.subtle is missing in insecure browser contexts (a site served over plain http on the
  // LAN), yet pretrained weights must still be checked there: fall back to @noble/hashes.
  const digest = globalThis.crypto?.subtle
    ? new Uint8Array(await crypto.subtle.digest("SHA-256", bytes as BufferSource))
    : sha256(bytes);
  return Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** Encodes the module's parameters; returns the manifest and the bytes of `<binName>`. */
export async function encodeModuleWeights(
  module: Module,
  binName: string,
  metadata?: Record<string, unknown>,
): Promise<{ manifest: WeightsManifest; bin: Uint8Array }> {
  const { data, specs } = await tf.io.encodeWeights(module.namedParameters());
  const bin = new Uint8Array(data);
  return {
    manifest: {
      format: WEIGHTS_FORMAT,
      weightsManifest: [{ paths: [binName], weights: specs }],
      sha256: { [binName]: await sha256Hex(bin) },
      ...(metadata ? { metadata } : {}),
    },
    bin,
  };
}

/** What loadModuleWeights checks beyond the files themselves. */
export interface LoadOptions {
  /** sha256 of the .json as weights/manifest.json records it; checked when given. */
  jsonSha256?: string;
}

/** Reads a file's bytes; throws if it is missing. */
export type ReadFile = (path: string) => Promise<Uint8Array>;

/** Joins a folder and a file name with exactly one "/". */
function join(dir: string, name: string): string {
  return dir.endsWith("/") ? dir + name : `${dir}/${name}`;
}

async function readOrExplain(read: ReadFile, path: string): Promise<Uint8Array> {
  try {
    return await read(path);
  } catch (error) {
    throw new WeightsError(
      path,
      `cannot be read (${error instanceof Error ? error.message : String(error)})`,
      "restore the file (git checkout weights/) or retrain the model with `deno task train`",
    );
  }
}

/**
 * Loads `<dir>/<name>.json` and the .bin it names into `module`, after checking the format, the
 * .json's sha256 (when `options.jsonSha256` gives it), the .bin's sha256, every tensor's name,
 * dtype and shape. Nothing is assigned unless everything matches, and nothing leaks.
 */
export async function loadModuleWeights(
  module: Module,
  dir: string,
  name: string,
  read: ReadFile,
  options: LoadOptions = {},
): Promise<WeightsManifest> {
  const manifestPath = join(dir, `${name}.json`);
  const manifestBytes = await readOrExplain(read, manifestPath);
  if (options.jsonSha256 !== undefined) {
    // The .bin's hash is in the .json, so the .json needs its own: a .json with two tensor names
    // swapped would otherwise load the right bytes into the wrong weights.
    const actual = await sha256Hex(manifestBytes);
    if (actual !== options.jsonSha256) {
      throw new WeightsError(
        manifestPath,
        `sha256 ${actual} does not match weights/manifest.json's ${options.jsonSha256} (edited, corrupt or from another run)`,
        "restore the file (git checkout weights/) or retrain the model with `deno task train`",
      );
    }
  }
  let manifest: WeightsManifest;
  try {
    manifest = JSON.parse(new TextDecoder().decode(manifestBytes));
  } catch (error) {
    throw new WeightsError(
      manifestPath,
      `is not valid JSON (${(error as Error).message})`,
      "restore or regenerate it",
    );
  }
  if (manifest?.format !== WEIGHTS_FORMAT || !Array.isArray(manifest.weightsManifest)) {
    throw new WeightsError(
      manifestPath,
      `is not a ${WEIGHTS_FORMAT} manifest`,
      "point at the model's .json manifest",
    );
  }
  const group = manifest.weightsManifest[0];
  if (
    manifest.weightsManifest.length !== 1 || !Array.isArray(group?.paths) ||
    typeof group.paths[0] !== "string" || !Array.isArray(group.weights)
  ) {
    throw new WeightsError(
      manifestPath,
      "must list exactly one weight group with a .bin path and its weights",
      "point at a manifest written by encodeModuleWeights (deno task train)",
    );
  }
  const binName = group.paths[0];
  const binPath = join(dir, binName);
  const bin = await readOrExplain(read, binPath);
  const expected = manifest.sha256?.[binName];
  const actual = await sha256Hex(bin);
  if (expected !== actual) {
    throw new WeightsError(
      binPath,
      `sha256 ${actual} does not match the manifest's ${expected} (the file is corrupt, truncated or from another run)`,
      "restore the file (git checkout weights/) or retrain the model with `deno task train`",
    );
  }
  const params = module.namedParameters();
  const specs = group.weights;
  const missing = Object.keys(params).filter((k) => !specs.some((s) => s.name === k));
  const extra = specs.filter((s) => !(s.name in params)).map((s) => s.name);
  if (missing.length || extra.length) {
    throw new WeightsError(
      manifestPath,
      `does not fit this model (missing: ${missing.join(", ") || "none"}; unexpected: ${
        extra.join(", ") || "none"
      })`,
      "load weights saved from the same model class and settings",
    );
  }
  for (const spec of specs) {
    if (spec.dtype !== "float32") {
      throw new WeightsError(
        manifestPath,
        `tensor "${spec.name}" is ${spec.dtype}, but the model's parameters are float32`,
        "load weights saved from this model (deno task train writes float32)",
      );
    }
    const want = params[spec.name].shape;
    if (spec.shape.length !== want.length || spec.shape.some((n, i) => n !== want[i])) {
      throw new WeightsError(
        manifestPath,
        `tensor "${spec.name}" has shape [${spec.shape}] but the model expects [${want}]`,
        "load weights saved from a model with the same layer sizes",
      );
    }
  }
  const buffer = bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength) as ArrayBuffer;
  // Everything is checked: decode, then assign all (nothing is assigned when decoding fails).
  const tensors = tf.io.decodeWeights(buffer, specs);
  try {
    for (const [k, v] of Object.entries(params)) v.assign(tensors[k] as tf.Tensor);
  } finally {
    tf.dispose(Object.values(tensors));
  }
  return manifest;
}
