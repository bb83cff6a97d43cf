/**
 * Writes a file so that a reader never sees it half written: the text goes to a temporary file
 * beside it, which is then renamed over the target (a rename within one folder is atomic).
 */
export async function writeTextAtomically(path: string | URL, text: string): Promise<void> {
  const target = typeof path === "string" ? path : path.pathname;
  const tmp = `${target}.${Deno.pid}.tmp`;
  await Deno.writeTextFile(tmp, text);
  await Deno.rename(tmp, target);
}
