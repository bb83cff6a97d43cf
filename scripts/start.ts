/**
 * `deno task start`: builds the course site and serves it on http://127.0.0.1:4321 (arguments go
 * to the server: `deno task start --port 8000`).
 *
 * `deno task start --mine` first grades your exercises, then builds the site with every function
 * whose task passes in place of the library's (site/integrations/mine.mjs) into site/dist-mine/,
 * and serves that; /mine/ lists which of your functions are live. `--mine=<folder>` grades
 * another folder laid out like exercises/. site/dist, the normal build, is left alone.
 */
const REPO = new URL("../", import.meta.url).pathname;
const MINE_OUT = `${REPO}site/dist-mine`;

async function deno(args: string[], env: Record<string, string> = {}): Promise<void> {
  const status = await new Deno.Command("deno", { args, env, cwd: REPO }).spawn().status;
  if (!status.success) Deno.exit(status.code);
}

const mine = Deno.args.find((a) => a === "--mine" || a.startsWith("--mine="));
const rest = Deno.args.filter((a) => a !== mine);
if (!mine) {
  await deno(["task", "build"]);
  await deno(["task", "serve", ...rest]);
} else {
  const folder = mine.split("=")[1];
  // A folder named relative to where `deno task` was started (INIT_CWD), as a user means it.
  const where = Deno.env.get("INIT_CWD") ?? Deno.cwd();
  const value = folder ? new URL(folder, `file://${where}/`).pathname : "1";
  await deno(["task", "build", "--outDir", MINE_OUT], { MINE: value });
  await deno(["task", "serve", "--root", MINE_OUT, ...rest]);
}
