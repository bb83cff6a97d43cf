// /data/mnist/index.json: labels, split and checksum of digits.bin (see src/core/mnist.ts).
import type { APIRoute } from "astro";
import { mnistAssets } from "../../../build/mnist_assets.ts";

export const GET: APIRoute = async () => {
  const { index } = await mnistAssets();
  return new Response(JSON.stringify(index), {
    headers: { "Content-Type": "application/json" },
  });
};
