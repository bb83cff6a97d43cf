/**
 * Line ranges of class members in lib/ sources, for <Listing lines=…>: a listing of one method
 * keeps showing that method when lines are added above it. Build time only.
 */
import { ListingError } from "./extract.ts";
import { readRepoFile } from "./repo.ts";

/**
 * "a-b" (1-based) of the member `name` of a class in `file` (relative to lib/), with its doc
 * comment. Relies on `deno fmt` layout: members are indented by two spaces.
 */
export function methodLines(file: string, name: string): string {
  const source = readRepoFile(`lib/${file}`);
  if (source === undefined) {
    throw new ListingError(`lib/${file}`, "no such file", "pass a path relative to lib/");
  }
  const lines = source.split("\n");
  const head = new RegExp(
    `^ {2}(?:(?:public|private|protected|static|readonly|async|override|get)\\s+)*${name}\\s*[(<=:]`,
  );
  const start = lines.findIndex((l) => head.test(l));
  if (start < 0) {
    throw new ListingError(`lib/${file}`, `no class member named "${name}"`, "check the name");
  }
  let top = start;
  if (lines[top - 1]?.trimEnd().endsWith("*/")) {
    while (top > 0 && !lines[top - 1].trimStart().startsWith("/**")) top--;
    top--;
  }
  // The member ends at a line of closing brackets at its indent (a method), or just before the
  // next line at that indent (an arrow-function property). "  ): T {" continues a signature.
  const closer = /^ {2}[})\]][)\]};,]*\s*$/;
  let end = lines.findIndex((l, i) => i > start && /^ {2}\S/.test(l) && !/^ {2}\)/.test(l));
  if (end < 0) end = lines.length - 1;
  else if (!closer.test(lines[end])) end--;
  while (end > start && lines[end].trim() === "") end--;
  return `${top + 1}-${end + 1}`;
}
