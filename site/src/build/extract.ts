/**
 * Cuts one declaration out of a TypeScript source, for code listings: `export function name`,
 * `export class name`, `export const name`, `export interface name`, `export type name` (or the
 * same without `export`), together with the comment block right above it. Works on
 * `deno fmt`-formatted code, where a top-level declaration ends at the first line that starts
 * with `}` (or, for one-liners, on its own line).
 */
export class ListingError extends Error {
  constructor(file: string, problem: string, fix: string) {
    super(`Listing of ${file}: ${problem}. Fix: ${fix}`);
    this.name = "ListingError";
  }
}

const KINDS = "(?:async\\s+)?(?:function\\*?|class|const|let|interface|type|enum)";

export function extractDeclaration(source: string, name: string, file = "source"): string {
  const lines = source.split("\n");
  const head = new RegExp(`^(?:export\\s+)?(?:default\\s+)?${KINDS}\\s+${name}\\b`);
  const start = lines.findIndex((l) => head.test(l));
  if (start < 0) {
    const names = [...source.matchAll(new RegExp(`^(?:export\\s+)?${KINDS}\\s+(\\w+)`, "gm"))]
      .map((m) => m[1]);
    throw new ListingError(
      file,
      `no top-level declaration named "${name}"`,
      `use one of: ${names.join(", ")}`,
    );
  }
  // Comment block (JSDoc or // lines) directly above.
  let top = start;
  if (top > 0 && lines[top - 1].trimEnd().endsWith("*/")) {
    while (top > 0 && !lines[top - 1].trimStart().startsWith("/**")) top--;
    top--;
  } else {
    while (top > 0 && lines[top - 1].startsWith("//")) top--;
  }
  let end = start;
  const first = lines[start];
  const oneLiner = /;\s*$/.test(first) && count(first, "{") === count(first, "}") &&
    count(first, "(") === count(first, ")");
  if (!oneLiner) {
    // A line like `): Type {` closes a multi-line parameter list and opens the body: not the end.
    end = lines.findIndex((l, i) => i > start && /^[}\])]/.test(l) && !/\{\s*$/.test(l));
    if (end < 0) {
      throw new ListingError(file, `cannot find where "${name}" ends`, "run deno fmt on the file");
    }
  }
  return lines.slice(top, end + 1).join("\n");
}

function count(s: string, ch: string): number {
  return s.split(ch).length - 1;
}

/** Lines a–b (1-based, inclusive) of a source. */
export function extractLines(source: string, from: number, to: number, file = "source"): string {
  const lines = source.split("\n");
  if (!(from >= 1 && to >= from && to <= lines.length)) {
    throw new ListingError(
      file,
      `lines ${from}–${to} are outside 1–${lines.length}`,
      "fix the range",
    );
  }
  return lines.slice(from - 1, to).join("\n");
}
