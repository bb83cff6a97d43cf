// /data/mnist/digits.bin: the shipped MNIST digits as bytes (see src/core/mnist.ts).
import type { APIRoute } from "astro";
import { mnistAssets } from "../../../build/mnist_assets.ts";

export const GET: APIRoute = async () => {
  const { bytes } = await mnistAssets();
  return new Response(bytes, { headers: { "Content-Type": "application/octet-stream" } });
};
