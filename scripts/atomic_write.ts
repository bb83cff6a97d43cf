/**
 * Writes files so that a reader never sees one half written: each goes to a temporary file beside
 * its target, which is then renamed over it (a rename within one folder is atomic).
 */
export async function writeTextAtomically(path: string | URL, text: string): Promise<void> {
  await writeFilesAtomically([[path, text]]);
}

/**
 * Writes several files: ALL temporary files first (the slow part, where a crash or a full disk
 * would strike), then the renames, in order. A failure before the renames leaves every target as
 * it was and removes the temporary files; put the file that vouches for the others (a manifest)
 * last.
 */
export async function writeFilesAtomically(
  files: [path: string | URL, content: string | Uint8Array][],
): Promise<void> {
  const planned = files.map(([path, content]) => {
    const target = typeof path === "string" ? path : path.pathname;
    return { target, tmp: `${target}.${Deno.pid}.tmp`, content };
  });
  try {
    for (const { tmp, content } of planned) {
      if (typeof content === "string") await Deno.writeTextFile(tmp, content);
      else await Deno.writeFile(tmp, content);
    }
  } catch (error) {
    await Promise.all(planned.map(({ tmp }) => Deno.remove(tmp).catch(() => {})));
    throw error;
  }
  for (const { tmp, target } of planned) await Deno.rename(tmp, target);
}
