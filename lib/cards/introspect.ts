/**
 * The module tree of a model, found by introspection rather than declared: a module's children
 * are the Module objects among its own properties (directly or in arrays), and each child is
 * named by the prefix its variables carry in the parent's namedParameters ("encoder/W0" →
 * "encoder"), so the card uses the same names as saved weights.
 */
import type * as tf from "@tensorflow/tfjs";
import { Module } from "../nn/module.ts";
import type { ParamInfo } from "./types.ts";

export interface ModuleChild {
  name: string;
  module: Module;
}

/** Module objects held by `module`'s own properties (and arrays of them), each once. */
function heldModules(module: Module): Module[] {
  const found: Module[] = [];
  const add = (value: unknown) => {
    if (value instanceof Module && value !== module && !found.includes(value)) found.push(value);
  };
  for (const value of Object.values(module)) {
    if (Array.isArray(value)) value.forEach(add);
    else add(value);
  }
  return found;
}

/** The longest common leading path segments of names, never including a name's last segment. */
function commonPrefix(names: string[]): string {
  const split = names.map((n) => n.split("/"));
  const limit = Math.min(...split.map((s) => s.length - 1));
  const out: string[] = [];
  for (let i = 0; i < limit; i++) {
    const segment = split[0][i];
    if (split.some((s) => s[i] !== segment)) break;
    out.push(segment);
  }
  return out.join("/");
}

/**
 * The prefix the parent put before the child's own names ("field/hyper/W0" in the parent,
 * "hyper/W0" in the child → "field"), when it is the same for all the child's variables.
 */
function addedPrefix(
  local: [string, tf.Variable][],
  nameOf: Map<tf.Variable, string>,
): string | undefined {
  const prefixes = new Set(local.map(([own, v]) => {
    const full = nameOf.get(v);
    return full?.endsWith(`/${own}`) ? full.slice(0, -own.length - 1) : undefined;
  }));
  const [only] = prefixes;
  return prefixes.size === 1 && only ? only : undefined;
}

/**
 * The parameterised children of `module`, named as in its namedParameters, in that order.
 * Children with no variables in the parent's map (helpers, or unused parts) are left out.
 */
export function moduleChildren(module: Module): ModuleChild[] {
  const named = module.namedParameters();
  const nameOf = new Map<tf.Variable, string>();
  const order = new Map<string, number>();
  Object.entries(named).forEach(([name, v], i) => {
    nameOf.set(v, name);
    order.set(name, i);
  });
  const children: (ModuleChild & { first: number })[] = [];
  heldModules(module).forEach((child, i) => {
    const local = Object.entries(child.namedParameters());
    const names = local.map(([, v]) => nameOf.get(v)).filter((n) => n !== undefined);
    if (names.length === 0) return;
    const name = addedPrefix(local, nameOf) ?? (commonPrefix(names) || `#${i}`);
    children.push({ name, module: child, first: Math.min(...names.map((n) => order.get(n)!)) });
  });
  return children.sort((a, b) => a.first - b.first).map(({ name, module }) => ({ name, module }));
}

/** Variables of `module` that belong to none of `children` (e.g. a LinearField's A). */
export function ownParameters(module: Module, children: readonly ModuleChild[]): ParamInfo[] {
  const taken = new Set(children.flatMap((c) => c.module.parameters()));
  return Object.entries(module.namedParameters())
    .filter(([, v]) => !taken.has(v))
    .map(([name, v]) => ({ name, shape: [...v.shape], size: v.size }));
}

/** Every module of the tree below `root` (not root itself), depth first. */
export function descendants(root: Module): Module[] {
  const out: Module[] = [];
  const walk = (m: Module) => {
    for (const { module } of moduleChildren(m)) {
      if (out.includes(module)) continue;
      out.push(module);
      walk(module);
    }
  };
  walk(root);
  return out;
}
