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
  const { from, to } = declarationRange(source, name, file);
  return source.split("\n").slice(from, to + 1).join("\n");
}

/** 0-based first and last line of a declaration with its comment block (what extractDeclaration cuts). */
export function declarationRange(
  source: string,
  name: string,
  file = "source",
): { from: number; to: number } {
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
  // Comment block (JSDoc or // lines) directly above; the kit's markers are not part of it.
  let top = start;
  if (top > 0 && lines[top - 1].trimEnd().endsWith("*/")) {
    while (top > 0 && !lines[top - 1].trimStart().startsWith("/**")) top--;
    top--;
  } else {
    while (top > 0 && lines[top - 1].startsWith("//") && !KIT_MARKER.test(lines[top - 1])) top--;
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
  return { from: top, to: end };
}

/**
 * The exercise kit's marker lines in lib/ (`// EXERCISE 3.3 begin`, `// SOLUTION end`, …):
 * bookkeeping for the kit generator, never shown on a page.
 */
export const KIT_MARKER = /^\s*\/\/ (?:EXERCISE \S+ (?:begin|end)|SOLUTION (?:begin|end))\b/;

/** A source without the kit's marker lines. */
export function stripKitMarkers(code: string): string {
  return code.split("\n").filter((l) => !KIT_MARKER.test(l)).join("\n");
}

/** One kit task's reference in a lib source: its id and the 0-based lines of its SOLUTION part. */
export interface AnswerRegion {
  id: string;
  /** Lines of `// SOLUTION begin` and `// SOLUTION end`. */
  from: number;
  to: number;
}

/** Every `// EXERCISE N.M begin … // SOLUTION begin … end … // EXERCISE N.M end` in a source. */
export function answerRegions(source: string): AnswerRegion[] {
  const out: AnswerRegion[] = [];
  let id: string | undefined;
  let from = -1;
  source.split("\n").forEach((line, i) => {
    const exercise = line.match(/^\s*\/\/ EXERCISE (\S+) (begin|end)\b/);
    if (exercise) id = exercise[2] === "begin" ? exercise[1] : undefined;
    else if (id && /^\s*\/\/ SOLUTION begin\b/.test(line)) from = i;
    else if (id && from >= 0 && /^\s*\/\/ SOLUTION end\b/.test(line)) {
      out.push({ id, from, to: i });
      from = -1;
    }
  });
  return out;
}

/** The kit tasks whose reference (SOLUTION part) lies within lines from–to (0-based) of a source. */
export function answersWithin(source: string, from: number, to: number): string[] {
  return answerRegions(source).filter((r) => r.from < to && r.to > from).map((r) => r.id);
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
