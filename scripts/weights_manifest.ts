/**
 * weights/manifest.json: what was shipped for each model, how it was made, and what it reached.
 * Written by `deno task train`, read by `deno task evaluate` and the tests.
 */
import type { Manifest, ModelEntry } from "../lib/io/manifest.ts";
import { sha256Hex } from "../lib/io/weights.ts";

// The manifest's types live in lib (the pages read the same file).
export type { Manifest, ModelEntry };

export const WEIGHTS_DIR = new URL("../weights/", import.meta.url);
export const MANIFEST = new URL("manifest.json", WEIGHTS_DIR);

export async function readManifest(file: URL = MANIFEST): Promise<Manifest> {
  const where = file.href.startsWith(WEIGHTS_DIR.href)
    ? `weights/${file.href.slice(WEIGHTS_DIR.href.length)}`
    : decodeURIComponent(file.pathname);
  const fix = "Fix: restore it with `git checkout weights/manifest.json`.";
  let text: string;
  try {
    text = await Deno.readTextFile(file);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) {
      return {
        description: "Pretrained weights of the course's models; see `deno task train --help`.",
        models: {},
      };
    }
    throw new Error(`${where}: cannot be read (${(error as Error).message}). ${fix}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new Error(`${where}: not valid JSON (${(error as Error).message}). ${fix}`);
  }
  const problem = manifestProblem(parsed);
  if (problem) throw new Error(`${where}: ${problem}. ${fix}`);
  return parsed as Manifest;
}

const isObject = (x: unknown): x is Record<string, unknown> =>
  typeof x === "object" && x !== null && !Array.isArray(x);

/** What makes a parsed manifest unusable, in a few words; undefined when it is usable. */
export function manifestProblem(parsed: unknown): string | undefined {
  if (!isObject(parsed)) return "the top level must be an object with a `models` object";
  if (!isObject(parsed.models)) return "`models` is missing or not an object";
  for (const [name, entry] of Object.entries(parsed.models)) {
    if (!isObject(entry)) return `models.${name} is not an object`;
    for (const key of ["files", "shapes", "metrics", "metricsFast", "targets"]) {
      if (!isObject(entry[key])) return `models.${name}.${key} is missing or not an object`;
    }
    const files = entry.files as Record<string, unknown>;
    const badHash = Object.entries(files).find(([, h]) =>
      typeof h !== "string" || !/^[0-9a-f]{64}$/.test(h)
    );
    if (badHash) return `models.${name}.files["${badHash[0]}"] is not a sha256 hex digest`;
  }
  return undefined;
}

/** The manifest as it is written: models sorted by name, two-space JSON. */
export function manifestText(manifest: Manifest): string {
  const sorted = Object.fromEntries(
    Object.entries(manifest.models).sort(([a], [b]) => a.localeCompare(b)),
  );
  return JSON.stringify({ ...manifest, models: sorted }, null, 2) + "\n";
}

/** A recipe's training history beside its weights (see Recipe.train and TrainingHistory). */
export const HISTORY_FILE = "history.json";

export function modelDir(name: string): URL {
  return new URL(`${name}/`, WEIGHTS_DIR);
}

/** sha256 of every file listed for a model, compared with the manifest; returns the problems. */
export async function verifyFiles(name: string, entry: ModelEntry): Promise<string[]> {
  const problems: string[] = [];
  for (const [file, expected] of Object.entries(entry.files)) {
    const path = new URL(file, modelDir(name));
    try {
      const actual = await sha256Hex(await Deno.readFile(path));
      if (actual !== expected) {
        problems.push(`weights/${name}/${file}: sha256 ${actual} ≠ manifest ${expected}`);
      }
    } catch {
      problems.push(`weights/${name}/${file}: missing`);
    }
  }
  return problems;
}

export function describeHardware(): string {
  return `${navigator.hardwareConcurrency}-core ${Deno.build.arch} ${Deno.build.os}, Deno ${Deno.version.deno}`;
}
