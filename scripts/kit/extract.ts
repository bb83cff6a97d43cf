/**
 * Reads a lib/ file the way the kit generator needs it: its import statements, its top-level
 * declarations, and one task's marked region (the EXERCISE block and its SOLUTION part).
 * Plain text processing, no TypeScript parser: the markers and lib's formatting (deno fmt) make
 * that enough, and every generated file is type-checked, linted and tested afterwards.
 */

export interface ImportBinding {
  /** The local name in the importing file. */
  local: string;
  /** The text of the specifier inside the braces, e.g. "type State" or "foo as bar". */
  text: string;
}

export interface ImportStatement {
  /** The module specifier as written ("./state.ts", "@tensorflow/tfjs"). */
  from: string;
  /** `import type { … }`. */
  typeOnly: boolean;
  /** `import * as tf` → "tf". */
  namespace?: string;
  defaultName?: string;
  named: ImportBinding[];
}

export interface Declaration {
  name: string;
  exported: boolean;
  /** interface or type alias (imported with `type`). */
  isType: boolean;
}

export interface Region {
  /** Lines strictly between `// EXERCISE id begin` and `// EXERCISE id end`. */
  lines: string[];
  /** Index in `lines` of `// SOLUTION begin` and of `// SOLUTION end`. */
  solutionBegin: number;
  solutionEnd: number;
  /** Indentation of the SOLUTION markers. */
  indent: string;
}

export class KitSourceError extends Error {
  constructor(file: string, problem: string) {
    super(`${file}: ${problem}`);
    this.name = "KitSourceError";
  }
}

export function parseImports(source: string): ImportStatement[] {
  const out: ImportStatement[] = [];
  for (const m of source.matchAll(/^import\s+(type\s+)?([^;]*?)\s+from\s+"([^"]+)";/gms)) {
    const clause = m[2].trim();
    const statement: ImportStatement = { from: m[3], typeOnly: Boolean(m[1]), named: [] };
    const namespace = clause.match(/^\*\s+as\s+([\w$]+)$/);
    if (namespace) {
      statement.namespace = namespace[1];
    } else {
      const braces = clause.match(/\{([\s\S]*)\}/);
      const before = braces ? clause.slice(0, clause.indexOf("{")) : clause;
      const defaultName = before.replace(/,\s*$/, "").trim();
      if (defaultName) statement.defaultName = defaultName;
      for (const part of (braces?.[1] ?? "").split(",")) {
        const text = part.trim().replace(/\s+/g, " ");
        if (!text) continue;
        const local = text.split(" ").at(-1)!;
        statement.named.push({ local, text });
      }
    }
    out.push(statement);
  }
  return out;
}

const DECLARATION =
  /^(export\s+)?(?:declare\s+)?(?:default\s+)?(?:async\s+)?(?:abstract\s+)?(function\*?|const|let|var|class|interface|type|enum)\s+([A-Za-z_$][\w$]*)/;

/** Declarations that start at column 0 (lib is formatted, so top level = no indentation). */
export function topLevelDeclarations(lines: readonly string[]): Declaration[] {
  const out: Declaration[] = [];
  for (const line of lines) {
    const m = line.match(DECLARATION);
    if (m) {
      out.push({
        name: m[3],
        exported: Boolean(m[1]),
        isType: m[2] === "interface" || m[2] === "type",
      });
    }
  }
  return out;
}

export function findRegion(file: string, source: string, id: string): Region {
  const lines = source.split("\n");
  const escaped = id.replace(".", "\\.");
  const begin = lines.findIndex((l) => new RegExp(`^\\s*// EXERCISE ${escaped} begin\\b`).test(l));
  const end = lines.findIndex((l) => new RegExp(`^\\s*// EXERCISE ${escaped} end\\b`).test(l));
  if (begin < 0 || end < 0 || end < begin) {
    throw new KitSourceError(file, `no "// EXERCISE ${id} begin" … "// EXERCISE ${id} end" pair`);
  }
  const inner = lines.slice(begin + 1, end);
  const solutionBegin = inner.findIndex((l) => /^\s*\/\/ SOLUTION begin\s*$/.test(l));
  const solutionEnd = inner.findIndex((l) => /^\s*\/\/ SOLUTION end\s*$/.test(l));
  const count = (re: RegExp) => inner.filter((l) => re.test(l)).length;
  if (
    solutionBegin < 0 || solutionEnd <= solutionBegin ||
    count(/\/\/ SOLUTION begin/) !== 1 || count(/\/\/ SOLUTION end/) !== 1
  ) {
    throw new KitSourceError(
      file,
      `EXERCISE ${id} needs exactly one "// SOLUTION begin" … "// SOLUTION end" pair inside it`,
    );
  }
  const indent = inner[solutionBegin].match(/^\s*/)![0];
  return { lines: inner, solutionBegin, solutionEnd, indent };
}

/**
 * The identifiers a piece of code uses: comments and string contents removed (template
 * expressions kept), property names after a dot ignored.
 */
export function identifiersUsed(code: string): Set<string> {
  const stripped = stripCommentsAndStrings(code);
  const out = new Set<string>();
  // Not after a property dot (`a.b`, `a?.b`, a chained `.b` on the next line); `...b` counts.
  const identifier = /(?<![\w$])(?<!(?<!\.)\.\s*)[A-Za-z_$][\w$]*/g;
  for (const m of stripped.matchAll(identifier)) out.add(m[0]);
  return out;
}

function stripCommentsAndStrings(code: string): string {
  let out = "";
  let i = 0;
  /** Brace depth of each open template expression `${ … }`. */
  const templates: number[] = [];
  let depth = 0;
  while (i < code.length) {
    const c = code[i];
    const next = code[i + 1];
    if (c === "/" && next === "/") {
      while (i < code.length && code[i] !== "\n") i++;
    } else if (c === "/" && next === "*") {
      const close = code.indexOf("*/", i + 2);
      i = close < 0 ? code.length : close + 2;
      out += " ";
    } else if (c === '"' || c === "'") {
      i++;
      while (i < code.length && code[i] !== c) i += code[i] === "\\" ? 2 : 1;
      i++;
      out += '""';
    } else if (c === "`" || (c === "}" && templates.at(-1) === depth)) {
      // A template literal, or the rest of one after an expression `${ … }`.
      if (c === "}") templates.pop();
      i++;
      while (i < code.length && code[i] !== "`" && !(code[i] === "$" && code[i + 1] === "{")) {
        i += code[i] === "\\" ? 2 : 1;
      }
      if (code[i] === "$") {
        templates.push(depth);
        i += 2;
        out += " ";
      } else {
        i++;
        out += '""';
      }
    } else {
      if (c === "{") depth++;
      if (c === "}") depth--;
      out += c;
      i++;
    }
  }
  return out;
}
