/**
 * sha256Hex (lib/io/weights.ts): crypto.subtle where it exists, @noble/hashes where it does not
 * (browsers hide crypto.subtle on insecure contexts, e.g. a site served over http on the LAN).
 * Both paths must give the FIPS 180-4 digests.
 */
import assert from "node:assert/strict";
import { sha256Hex } from "../../lib/io/weights.ts";

/** Runs `fn` with `globalThis.crypto` emptied, as on an insecure page. */
async function withoutSubtle<T>(fn: () => Promise<T>): Promise<T> {
  const saved = Object.getOwnPropertyDescriptor(globalThis, "crypto")!;
  Object.defineProperty(globalThis, "crypto", { value: {}, configurable: true });
  try {
    return await fn();
  } finally {
    Object.defineProperty(globalThis, "crypto", saved);
  }
}

const text = (s: string) => new TextEncoder().encode(s);

Deno.test("sha256: FIPS 180-4 test vectors, with and without crypto.subtle", async () => {
  const vectors: [string, string][] = [
    ["", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"],
    ["abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"],
    [
      "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
      "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
    ],
  ];
  for (const [message, digest] of vectors) {
    assert.equal(await sha256Hex(text(message)), digest, `subtle: "${message}"`);
    assert.equal(await withoutSubtle(() => sha256Hex(text(message))), digest, `"${message}"`);
  }
});

Deno.test("sha256: the fallback equals crypto.subtle on every padding case and a large buffer", async () => {
  let seed = 1;
  const random = (n: number) =>
    Uint8Array.from({ length: n }, () => (seed = (seed * 1103515245 + 12345) >>> 0) >>> 24);
  for (const n of [1, 55, 56, 63, 64, 65, 119, 120, 1000, 300_001]) {
    const bytes = random(n);
    const want = await sha256Hex(bytes);
    assert.equal(await withoutSubtle(() => sha256Hex(bytes)), want, `length ${n}`);
  }
});

Deno.test("sha256Hex falls back to @noble/hashes without crypto.subtle", async () => {
  // The fallback really is taken: with crypto emptied, crypto.subtle.digest cannot be reached.
  const bytes = text("weights");
  const withSubtle = await sha256Hex(bytes);
  const withoutIt = await withoutSubtle(() => {
    assert.equal(globalThis.crypto?.subtle, undefined);
    return sha256Hex(bytes);
  });
  assert.equal(withoutIt, withSubtle);
});
