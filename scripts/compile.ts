/**
 * `deno task compile`: builds `dist/omn-<target>` (and `dist/omn` for this
 * machine) with `deno compile` of the bundle (scripts/bundle_program.ts)
 * under the one permission set.
 *
 * Usage: deno task compile [--pin-home] [--target TRIPLE]…
 *
 * - Default (portable, the release build): for a binary built on one machine
 *   and run on others (a CI runner, a download), whose config directory is
 *   unknown at build time: read and write are granted to the operating
 *   system's home-directory roots (`/home` and `/root` on Linux, `/Users` on
 *   macOS, `C:\Users` on Windows); SECURITY.md explains the trade-off.
 *   `--portable` is accepted and means the same.
 * - `--pin-home`: the binary may read and write exactly the config directory
 *   of the user who builds it (`OMNIMANCER_HOME`, else `~/.omnimancer`). The
 *   most restrictive choice, for a binary built where it runs.
 *
 * `./.env` is granted as a relative path, which a compiled binary resolves
 * against its working directory at run time. `DENORT_BIN` (a local copy of
 * Deno's slim runtime) is passed through to `deno compile`; without it
 * `deno compile` downloads the runtime from Deno's servers.
 *
 * @module
 */
import { osOf, releaseFlags, TARGETS } from "./release_flags.ts";
import { compileArgs } from "./compile_args.ts";
import { sha256Hex } from "../src/security/sha256.ts";
import { buildSbom } from "./sbom.ts";
import { bundleProgram } from "./bundle_program.ts";

/** The root cause in deno compile's error output ("Caused by:" chain), on one line. */
function compileFailure(stderr: string): string {
  const lines = stderr.split("\n").map((line) => line.trim());
  const end = lines.indexOf("Stack backtrace:");
  const causes = lines.slice(lines.indexOf("Caused by:") + 1, end < 0 ? undefined : end)
    .filter((line) => /^\d+: /.test(line))
    .map((line) => line.replace(/^\d+: /, ""));
  return causes.at(-1) ?? lines.find((line) => /error/i.test(line)) ?? "deno compile failed";
}

const args = [...Deno.args];
const pinHome = args.includes("--pin-home");
if (pinHome && args.includes("--portable")) {
  console.error("Cannot build with both --pin-home and --portable: choose one");
  Deno.exit(2);
}
const requested = args.flatMap((arg, index) => arg === "--target" ? [args[index + 1]] : []);
const targets = requested.length > 0
  ? requested
  : Deno.env.get("DENORT_BIN")
  ? [Deno.build.target]
  : [...TARGETS];
for (const target of targets) {
  if (!(TARGETS as readonly string[]).includes(target)) {
    console.error(`Cannot build for "${target}": choose one of ${TARGETS.join(", ")}`);
    Deno.exit(2);
  }
}

// A DENORT_BIN that is not a file fails here, not after bundling and analysing (10 s and more).
const denort = Deno.env.get("DENORT_BIN");
if (denort) {
  const problem = await Deno.stat(denort).then(
    (info) => info.isFile ? null : "not a file",
    (error: Error) => error.message,
  );
  if (problem) {
    console.error(
      `Cannot compile: ${problem}; check DENORT_BIN ("${denort}"): it must be Deno's slim runtime (denort) ${Deno.version.deno}, or unset it to download the runtime; nothing was written to dist/`,
    );
    Deno.exit(1);
  }
}

const dist = new URL("../dist/", import.meta.url);
const staging = new URL("../dist.partial/", import.meta.url);
await Deno.remove(staging, { recursive: true }).catch(() => {});
await Deno.mkdir(staging, { recursive: true });
// The binary runs the bundle, the program that the tests and benchmarks run (scripts/build.ts).
const bundleDir = new URL("bundle/", staging);
try {
  await bundleProgram(bundleDir.pathname);
} catch (error) {
  await Deno.remove(staging, { recursive: true }).catch(() => {});
  console.error(`Cannot bundle omn: ${(error as Error).message}; nothing was written to dist/`);
  Deno.exit(1);
}
const mainModule = new URL("main.js", bundleDir).href;
const commit = await new Deno.Command("git", {
  args: ["rev-parse", "HEAD"],
  stdout: "piped",
  stderr: "null",
})
  .output().then(
    (output) => output.success ? new TextDecoder().decode(output.stdout).trim() : null,
    () => null,
  );
const buildDate = new Date().toISOString();
for (const target of targets) {
  const output =
    new URL(`omn-${target}${osOf(target) === "windows" ? ".exe" : ""}`, staging).pathname;
  const flags = releaseFlags(target, { pinHome, env: (name) => Deno.env.get(name) });
  // The entry point stamps the build (commit, date, permission set) for `omn --version --json`.
  const entry = new URL(`entry-${target}.ts`, staging);
  const stamp = { commit, date: buildDate, permissions: flags };
  await Deno.writeTextFile(
    entry,
    `(globalThis as { omnimancerBuild?: unknown }).omnimancerBuild = ${JSON.stringify(stamp)};\n` +
      `await import(${JSON.stringify(mainModule)});\n`,
  );
  const result = await new Deno.Command(Deno.execPath(), {
    // The bundle's chunks, which load on demand, are embedded with it.
    args: compileArgs({
      target,
      bundleDir: bundleDir.pathname,
      output,
      flags,
      entry: entry.pathname,
    }),
    env: { NO_COLOR: "1" },
    stdout: "inherit",
    stderr: "piped",
  }).output();
  if (!result.success) {
    const detail = compileFailure(new TextDecoder().decode(result.stderr));
    const hint = denort
      ? `check DENORT_BIN ("${denort}"): it must be Deno's slim runtime (denort) ${Deno.version.deno} for ${target}`
      : /request|dns|lookup|download|connect/i.test(detail)
      ? "deno compile could not download Deno's runtime for the target from Deno's servers; set DENORT_BIN to a local copy"
      : "fix what deno compile reports";
    await Deno.remove(staging, { recursive: true }).catch(() => {});
    console.error(`Cannot compile for ${target}: ${detail}; ${hint}; nothing was written to dist/`);
    Deno.exit(1);
  }
}
for await (const file of Deno.readDir(staging)) {
  if (file.name.startsWith("entry-")) await Deno.remove(new URL(file.name, staging));
}
await Deno.remove(bundleDir, { recursive: true });
const sums: string[] = [];
for (const target of targets) {
  const name = `omn-${target}${osOf(target) === "windows" ? ".exe" : ""}`;
  sums.push(`${sha256Hex(await Deno.readFile(new URL(name, staging)))}  ${name}`);
}
await Deno.writeTextFile(new URL("SHA256SUMS", staging), sums.join("\n") + "\n");
for (const installer of ["install.sh", "install.ps1"]) {
  await Deno.copyFile(new URL(installer, import.meta.url), new URL(installer, staging));
}
const lock = await Deno.readTextFile(new URL("../deno.lock", import.meta.url));
await Deno.writeTextFile(
  new URL("sbom.cdx.json", staging),
  JSON.stringify(buildSbom(lock), null, 2) + "\n",
);
await Deno.remove(dist, { recursive: true }).catch(() => {});
await Deno.rename(staging, dist);
if (targets.includes(Deno.build.target)) {
  await Deno.copyFile(new URL(`omn-${Deno.build.target}`, dist), new URL("omn", dist));
}
console.log(
  `Built ${
    targets.map((target) => `dist/omn-${target}`).join(", ")
  }, dist/SHA256SUMS and dist/sbom.cdx.json`,
);
