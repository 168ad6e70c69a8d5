import assert from "node:assert/strict";
import { runCli } from "../../src/cli/run_cli.ts";

interface Named {
  name(): string;
  commands: readonly Named[];
}

/** Every command path of the tree (`["batch"]`, `["config", "set"]`, …). */
async function commandPaths(): Promise<string[][]> {
  const { buildApp } = await import("../../src/cli/app.ts");
  const { memoryContext } = await import("./_memory_io.ts");
  const paths: string[][] = [[]];
  const walk = (command: Named, path: string[]) => {
    for (const sub of command.commands) {
      if (sub.name() === "help") continue;
      paths.push([...path, sub.name()]);
      walk(sub, [...path, sub.name()]);
    }
  };
  walk(buildApp(memoryContext()) as unknown as Named, []);
  return paths;
}

Deno.test("every --help states each option's default at most once", async () => {
  const repeated: string[] = [];
  for (const path of await commandPaths()) {
    let stdout = "";
    await runCli([...path, "--help"], {
      streams: {
        stdin: new Blob([""]).stream(),
        stdout: new WritableStream({
          write: (chunk) => void (stdout += new TextDecoder().decode(chunk)),
        }),
        writeStderr: () => {},
        stdinIsTerminal: false,
        stdoutIsTerminal: false,
        stderrIsTerminal: false,
      },
      env: () => undefined,
      cwd: "/nonexistent",
    });
    // Options may wrap over several lines: join each option's block before counting.
    // Only the Options section: command descriptions below it may each name a default.
    const options = stdout.split("\n\n").filter((section) => section.startsWith("Options:"));
    const blocks = options.join("\n").split(/\n(?=\s{2}-)/);
    for (const block of blocks) {
      if ((block.match(/\(default/g) ?? []).length > 1) {
        repeated.push(`${path.join(" ")}: ${block}`);
      }
      if (/\(default: false\)/.test(block)) repeated.push(`${path.join(" ")}: ${block}`);
    }
  }
  assert.deepEqual(repeated, []);
});
