/** The built site's pages: every .html under a dist folder, as paths relative to it, sorted. */
export function htmlFiles(dir: string, prefix = ""): string[] {
  const files: string[] = [];
  for (const entry of Deno.readDirSync(dir)) {
    const path = `${prefix}${entry.name}`;
    if (entry.isDirectory) files.push(...htmlFiles(`${dir}${entry.name}/`, `${path}/`));
    else if (entry.name.endsWith(".html")) files.push(path);
  }
  return files.sort();
}
