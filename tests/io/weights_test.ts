/** lib/io: weights round-trip through tf.io manifests; every kind of bad file is named. */
import assert from "node:assert/strict";
import {
  encodeModuleWeights,
  loadModuleWeights,
  MLP,
  type ReadFile,
  sha256Hex,
  WeightsError,
} from "../../lib/mod.ts";
import { expectNoLeak, tf } from "../_setup.ts";

/** An in-memory folder: what a model directory holds after saving. */
async function saved(model: MLP, name = "model") {
  const { manifest, bin } = await encodeModuleWeights(model, `${name}.bin`, { note: "test" });
  const files = new Map<string, Uint8Array>([
    [`w/${name}.json`, new TextEncoder().encode(JSON.stringify(manifest))],
    [`w/${name}.bin`, bin],
  ]);
  const read: ReadFile = (path) => {
    const bytes = files.get(path);
    return bytes ? Promise.resolve(bytes) : Promise.reject(new Error("No such file"));
  };
  return { files, read, manifest };
}

async function rejectsNaming(promise: Promise<unknown>, file: string, words: string[]) {
  await assert.rejects(promise, (e: Error) => {
    assert.ok(e instanceof WeightsError, `expected WeightsError, got ${e.name}: ${e.message}`);
    assert.equal((e as WeightsError).file, file);
    assert.ok(e.message.startsWith(file), e.message);
    assert.ok(e.message.includes("Fix:"), e.message);
    for (const w of words) assert.ok(e.message.includes(w), `"${w}" missing in: ${e.message}`);
    return true;
  });
}

Deno.test("io: save then load into a fresh model restores every parameter exactly", async () => {
  const a = new MLP([2, 5, 3], { seed: 1 });
  const b = new MLP([2, 5, 3], { seed: 2 });
  const { read, manifest } = await saved(a);
  assert.equal(manifest.weightsManifest[0].weights.length, 4);
  assert.match(manifest.sha256["model.bin"], /^[0-9a-f]{64}$/);
  await expectNoLeak(() => loadModuleWeights(b, "w", "model", read), "loading");
  const pa = a.namedParameters();
  for (const [k, v] of Object.entries(b.namedParameters())) {
    assert.deepEqual(Array.from(v.dataSync()), Array.from(pa[k].dataSync()), k);
  }
  a.dispose();
  b.dispose();
});

Deno.test("io: a corrupted .bin is refused by its sha256, naming the file, and nothing is assigned", async () => {
  const a = new MLP([2, 4, 2], { seed: 3 });
  const b = new MLP([2, 4, 2], { seed: 4 });
  const { files, read } = await saved(a);
  files.get("w/model.bin")![5] ^= 0xff;
  const before = b.parameters()[0].dataSync().slice();
  await rejectsNaming(loadModuleWeights(b, "w", "model", read), "w/model.bin", ["sha256"]);
  assert.deepEqual(b.parameters()[0].dataSync(), before);
  a.dispose();
  b.dispose();
});

Deno.test("io: a truncated .bin is refused naming the file", async () => {
  const a = new MLP([2, 4, 2], { seed: 3 });
  const { files, read } = await saved(a);
  files.set("w/model.bin", files.get("w/model.bin")!.slice(0, 10));
  await rejectsNaming(loadModuleWeights(a, "w", "model", read), "w/model.bin", ["sha256"]);
  a.dispose();
});

Deno.test("io: weights of a different shape are refused naming the manifest and the tensor", async () => {
  const small = new MLP([2, 4, 2], { seed: 5 });
  const big = new MLP([2, 6, 2], { seed: 6 });
  const { read } = await saved(small);
  await rejectsNaming(loadModuleWeights(big, "w", "model", read), "w/model.json", [
    "W0",
    "[2,4]",
    "[2,6]",
  ]);
  const deeper = new MLP([2, 4, 4, 2], { seed: 7 });
  await rejectsNaming(loadModuleWeights(deeper, "w", "model", read), "w/model.json", ["missing"]);
  [small, big, deeper].forEach((m) => m.dispose());
});

Deno.test("io: a missing manifest or .bin is named", async () => {
  const a = new MLP([2, 4, 2], { seed: 8 });
  const { files, read } = await saved(a);
  await rejectsNaming(loadModuleWeights(a, "w", "other", read), "w/other.json", ["cannot be read"]);
  files.delete("w/model.bin");
  await rejectsNaming(loadModuleWeights(a, "w/", "model", read), "w/model.bin", ["cannot be read"]);
  a.dispose();
});

Deno.test("io: a manifest that is not JSON or not ours is named", async () => {
  const a = new MLP([2, 4, 2], { seed: 9 });
  const { files, read } = await saved(a);
  files.set("w/model.json", new TextEncoder().encode("{ not json"));
  await rejectsNaming(loadModuleWeights(a, "w", "model", read), "w/model.json", ["JSON"]);
  files.set("w/model.json", new TextEncoder().encode(JSON.stringify({ format: "keras" })));
  await rejectsNaming(loadModuleWeights(a, "w", "model", read), "w/model.json", ["manifest"]);
  a.dispose();
});

Deno.test("io: files round-trip through the real file system (Deno.readFile)", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const a = new MLP([3, 7, 1], { seed: 10 });
    const { manifest, bin } = await encodeModuleWeights(a, "field.bin");
    await Deno.writeTextFile(`${dir}/field.json`, JSON.stringify(manifest));
    await Deno.writeFile(`${dir}/field.bin`, bin);
    const b = new MLP([3, 7, 1], { seed: 11 });
    await loadModuleWeights(b, dir, "field", Deno.readFile);
    const x = tf.tensor([[0.1, 0.2, 0.3]]);
    const ya = a.apply(x);
    const yb = b.apply(x);
    assert.deepEqual(Array.from(ya.dataSync()), Array.from(yb.dataSync()));
    tf.dispose([x, ya, yb]);
    a.dispose();
    b.dispose();
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("io: the .json is checked against its recorded sha256 (swapped tensor names are caught)", async () => {
  const a = new MLP([2, 3, 3], { seed: 1 });
  const b = new MLP([2, 3, 3], { seed: 2 });
  const { files, read } = await saved(a);
  const original = files.get("w/model.json")!;
  const jsonSha256 = await sha256Hex(original);
  await expectNoLeak(() => loadModuleWeights(b, "w", "model", read, { jsonSha256 }), "loading");
  // The two biases (both [3]) swapped by name: the .bin still matches the .json's hash.
  const m = JSON.parse(new TextDecoder().decode(original));
  const [w1, w2] = m.weightsManifest[0].weights.filter((s: { shape: number[] }) =>
    s.shape.length === 1
  );
  [w1.name, w2.name] = [w2.name, w1.name];
  files.set("w/model.json", new TextEncoder().encode(JSON.stringify(m)));
  const before = b.parameters().map((p) => Array.from(p.dataSync()));
  await rejectsNaming(loadModuleWeights(b, "w", "model", read, { jsonSha256 }), "w/model.json", [
    "sha256",
    "weights/manifest.json",
  ]);
  assert.deepEqual(b.parameters().map((p) => Array.from(p.dataSync())), before);
  a.dispose();
  b.dispose();
});

Deno.test("io: a changed dtype or an empty weight list is refused by name, nothing assigned or leaked", async () => {
  const a = new MLP([2, 5, 3], { seed: 1 });
  const b = new MLP([2, 5, 3], { seed: 2 });
  const { files, read } = await saved(a);
  const original = JSON.parse(new TextDecoder().decode(files.get("w/model.json")!));
  const write = (m: unknown) =>
    files.set("w/model.json", new TextEncoder().encode(JSON.stringify(m)));
  const before = b.parameters().map((p) => Array.from(p.dataSync()));
  const int32 = structuredClone(original);
  int32.weightsManifest[0].weights[1].dtype = "int32";
  write(int32);
  await expectNoLeak(
    () =>
      rejectsNaming(loadModuleWeights(b, "w", "model", read), "w/model.json", ["int32", "float32"]),
    "a refused dtype",
  );
  const empty = structuredClone(original);
  empty.weightsManifest = [];
  write(empty);
  await rejectsNaming(loadModuleWeights(b, "w", "model", read), "w/model.json", [
    "one weight group",
  ]);
  assert.deepEqual(b.parameters().map((p) => Array.from(p.dataSync())), before);
  a.dispose();
  b.dispose();
});
