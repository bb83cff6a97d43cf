/// <reference path="../env.d.ts" />
/** Build-time access to the repository around the site (never shipped to the browser). */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";

/** Absolute path of the repository root, set in astro.config.mjs. */
export const REPO_ROOT: string = import.meta.env.REPO_ROOT;

export function repoPath(...parts: string[]): string {
  return join(REPO_ROOT, ...parts);
}

export function readRepoFile(rel: string): string | undefined {
  const file = repoPath(rel);
  return existsSync(file) ? readFileSync(file, "utf8") : undefined;
}

export function listDir(rel: string): string[] {
  const dir = repoPath(rel);
  return existsSync(dir) && statSync(dir).isDirectory() ? readdirSync(dir).sort() : [];
}
