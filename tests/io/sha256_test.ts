/** lib/io/sha256.ts: the plain SHA-256 used where crypto.subtle is missing (insecure contexts). */
import assert from "node:assert/strict";
import { sha256 } from "../../lib/io/sha256.ts";
import { sha256Hex } from "../../lib/io/weights.ts";

const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");

Deno.test("sha256: FIPS 180-4 test vectors", () => {
  const text = (s: string) => new TextEncoder().encode(s);
  assert.equal(
    hex(sha256(text(""))),
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
  );
  assert.equal(
    hex(sha256(text("abc"))),
    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
  );
  assert.equal(
    hex(sha256(text("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"))),
    "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
  );
});

Deno.test("sha256: equals crypto.subtle on every padding case and a large buffer", async () => {
  let seed = 1;
  const random = (n: number) =>
    Uint8Array.from({ length: n }, () => (seed = (seed * 1103515245 + 12345) >>> 0) >>> 24);
  for (const n of [1, 55, 56, 63, 64, 65, 119, 120, 1000, 300_001]) {
    const bytes = random(n);
    const want = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
    assert.equal(hex(sha256(bytes)), hex(want), `length ${n}`);
  }
});

Deno.test("sha256Hex falls back to the plain implementation without crypto.subtle", async () => {
  const bytes = new TextEncoder().encode("weights");
  const withSubtle = await sha256Hex(bytes);
  const saved = Object.getOwnPropertyDescriptor(globalThis, "crypto")!;
  Object.defineProperty(globalThis, "crypto", { value: {}, configurable: true });
  try {
    assert.equal(await sha256Hex(bytes), withSubtle);
  } finally {
    Object.defineProperty(globalThis, "crypto", saved);
  }
});
