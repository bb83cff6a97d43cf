/**
 * What a code listing cuts out of lib/ (site/src/build/extract.ts): the kit's marker lines never
 * come with a declaration, and the answers a listing shows are found from the markers.
 */
import assert from "node:assert/strict";
import {
  answerRegions,
  answersWithin,
  declarationRange,
  extractDeclaration,
  stripKitMarkers,
} from "../../site/src/build/extract.ts";

const SOURCE = [
  "export const helper = 1;",
  "",
  "// EXERCISE 9.1 begin (the kit's reference)",
  "// A plain comment above.",
  "export function answer(): number {",
  "  // SOLUTION begin",
  "  return 42;",
  "  // SOLUTION end",
  "}",
  "// EXERCISE 9.1 end",
].join("\n");

Deno.test("listing: a declaration's comment block stops at the kit's markers", () => {
  assert.equal(
    extractDeclaration(SOURCE, "answer"),
    "// A plain comment above.\nexport function answer(): number {\n  // SOLUTION begin\n" +
      "  return 42;\n  // SOLUTION end\n}",
  );
  assert.deepEqual(declarationRange(SOURCE, "answer"), { from: 3, to: 8 });
});

Deno.test("listing: marker lines are stripped, answers found by region", () => {
  assert.equal(
    stripKitMarkers(extractDeclaration(SOURCE, "answer")),
    "// A plain comment above.\nexport function answer(): number {\n  return 42;\n}",
  );
  assert.deepEqual(answerRegions(SOURCE), [{ id: "9.1", from: 5, to: 7 }]);
  assert.deepEqual(answersWithin(SOURCE, 3, 8), ["9.1"]);
  assert.deepEqual(answersWithin(SOURCE, 0, 0), []);
});
