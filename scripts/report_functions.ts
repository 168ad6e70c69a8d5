/**
 * Lists every function longer than a limit (80 lines by default) and every
 * file longer than another (400 lines) under a folder (`src/` by default),
 * longest first. Functions are found by `deno lint` with the plugin
 * `scripts/_function_length_plugin.ts`, so the count follows the real syntax
 * tree (methods, arrows and nested functions included; a function's lines
 * include those of the functions nested in it).
 *
 * Usage: deno run --allow-read --allow-write --allow-run scripts/report_functions.ts
 *          [--function-lines 80] [--file-lines 400] [folder]
 *
 * @module
 */

/** One function or file and its length in lines. */
export interface Measured {
  name: string;
  lines: number;
}

interface LintDiagnostic {
  filename: string;
  message: string;
  range: { start: { line: number }; end: { line: number } };
}

/** Every function under `folder` with its length, measured by the lint plugin. */
export async function measureFunctions(folder: string): Promise<Measured[]> {
  const plugin = new URL("./_function_length_plugin.ts", import.meta.url).href;
  const configDirectory = await Deno.makeTempDir({ prefix: "omn-report-functions-" });
  try {
    const config = `${configDirectory}/deno.json`;
    await Deno.writeTextFile(
      config,
      JSON.stringify({ lint: { plugins: [plugin], rules: { tags: [], include: [] } } }),
    );
    const output = await new Deno.Command(Deno.execPath(), {
      args: ["lint", "--config", config, "--json", folder],
      stdout: "piped",
      stderr: "piped",
    }).output();
    const report = JSON.parse(new TextDecoder().decode(output.stdout)) as {
      diagnostics: LintDiagnostic[];
      errors: { file_path: string; message: string }[];
    };
    if (report.errors.length > 0) {
      throw new Error(`Cannot measure functions in "${folder}": ${report.errors[0].message}`);
    }
    const cwd = new URL(`file://${Deno.cwd()}/`).href;
    return report.diagnostics.map((diagnostic) => ({
      name: `${
        diagnostic.filename.replace(cwd, "")
      }:${diagnostic.range.start.line} ${diagnostic.message}`,
      lines: diagnostic.range.end.line - diagnostic.range.start.line + 1,
    }));
  } finally {
    await Deno.remove(configDirectory, { recursive: true });
  }
}

/** Every `.ts` file under `folder` with its number of lines. */
export async function measureFiles(folder: string): Promise<Measured[]> {
  const measured: Measured[] = [];
  for await (const entry of Deno.readDir(folder)) {
    const path = `${folder.replace(/\/$/, "")}/${entry.name}`;
    if (entry.isDirectory) measured.push(...await measureFiles(path));
    else if (entry.isFile && entry.name.endsWith(".ts")) {
      const text = await Deno.readTextFile(path);
      measured.push({ name: path, lines: text.split("\n").length - (text.endsWith("\n") ? 1 : 0) });
    }
  }
  return measured;
}

function over(measured: Measured[], limit: number): Measured[] {
  return measured.filter((item) => item.lines > limit).sort((a, b) =>
    b.lines - a.lines || a.name.localeCompare(b.name)
  );
}

function option(args: string[], name: string, fallback: number): number {
  const index = args.indexOf(name);
  if (index < 0) return fallback;
  const value = Number(args[index + 1]);
  if (!Number.isInteger(value) || value < 0) {
    throw new Error(`Cannot use ${name} "${args[index + 1]}": give a whole number of lines`);
  }
  args.splice(index, 2);
  return value;
}

if (import.meta.main) {
  const args = [...Deno.args];
  const functionLimit = option(args, "--function-lines", 80);
  const fileLimit = option(args, "--file-lines", 400);
  const folder = args[0] ?? "src";
  const functions = over(await measureFunctions(folder), functionLimit);
  const files = over(await measureFiles(folder), fileLimit);
  console.log(`Functions over ${functionLimit} lines in ${folder}/: ${functions.length}`);
  for (const item of functions) console.log(`${String(item.lines).padStart(5)}  ${item.name}`);
  console.log(`\nFiles over ${fileLimit} lines in ${folder}/: ${files.length}`);
  for (const item of files) console.log(`${String(item.lines).padStart(5)}  ${item.name}`);
}
