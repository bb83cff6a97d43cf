/// <reference path="../env.d.ts" />
/** Pretrained weights served by the site (/weights/, copied from the repository at build). */
import type { ModelEntry } from "../../../lib/io/manifest.ts";
import { loadModuleWeights } from "../../../lib/io/weights.ts";
import type { Module } from "../../../lib/nn/module.ts";

/** A model's entry in weights/manifest.json (how to build the model: its preset in lib/zoo). */
export type ShippedModel = ModelEntry;

const base = () => `${import.meta.env.BASE_URL}weights/`;

async function fetchBytes(url: string): Promise<Uint8Array> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  return new Uint8Array(await res.arrayBuffer());
}

/** The manifest entry of a shipped model; a clear error when the site has none. */
export async function shippedModel(name: string): Promise<ShippedModel> {
  const bytes = await fetchBytes(`${base()}manifest.json`).catch((e) => {
    throw new Error(`no pretrained weights on this site (${e.message}); train live instead`);
  });
  const manifest = JSON.parse(new TextDecoder().decode(bytes));
  const entry = manifest.models?.[name];
  if (!entry) throw new Error(`weights/manifest.json lists no model "${name}"`);
  return entry as ShippedModel;
}

/**
 * Loads weights/<name>/<name>.json + .bin into the module: the .json checked against the site's
 * weights/manifest.json, the .bin against the .json, names, dtypes and shapes against the model.
 */
export async function loadShipped(module: Module, name: string): Promise<void> {
  const entry = await shippedModel(name);
  const jsonSha256 = entry.files[`${name}.json`];
  await loadModuleWeights(module, `${base()}${name}`, name, fetchBytes, { jsonSha256 });
}
