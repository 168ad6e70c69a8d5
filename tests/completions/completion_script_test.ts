import assert from "node:assert/strict";
import { buildApp } from "../../src/cli/app.ts";
import { completionScript, type Shell } from "../../src/completions/completion_script.ts";
import { completionSpec } from "../../src/completions/completion_spec.ts";
import { memoryContext } from "../cli/_memory_io.ts";

// deno-lint-ignore no-explicit-any
const spec = completionSpec(buildApp(memoryContext()) as any);

async function available(shell: string): Promise<boolean> {
  return await new Deno.Command(shell, { args: ["-c", "exit 0"], stdout: "null", stderr: "null" })
    .output().then((output) => output.success, () => false);
}

/** Runs `body` in `shell` after sourcing the script; returns stdout's non-empty lines. */
async function complete(shell: Shell, body: string): Promise<string[]> {
  const file = await Deno.makeTempFile({ suffix: `.${shell}` });
  try {
    await Deno.writeTextFile(file, completionScript(shell, spec));
    const output = await new Deno.Command(shell, {
      args: ["-c", `source ${file}\n${body}`],
      stdout: "piped",
      stderr: "piped",
    })
      .output();
    assert.equal(output.code, 0, new TextDecoder().decode(output.stderr));
    return new TextDecoder().decode(output.stdout).split(/\s+/).filter((word) => word !== "");
  } finally {
    await Deno.remove(file);
  }
}

for (const shell of ["bash", "zsh", "fish"] as const) {
  const present = await available(shell);
  if (!present && Deno.env.get("CI")) throw new Error(`${shell} is missing: .ci/run installs it`);
  Deno.test({
    name: `${shell} completion covers commands, subcommands, options, providers and models`,
    ignore: !present,
  }, async () => {
    const cases: [words: string[], expected: string[], absent?: string[]][] = [
      [["omn", "as"], ["ask"]],
      [["omn", "ask", "--prov"], ["--provider"]],
      [["omn", "ask", "--provider", ""], ["openai", "anthropic", "bedrock", "mock"]],
      [["omn", "ask", "--model", "gpt-4o"], ["gpt-4o", "gpt-4o-mini"]],
      [["omn", "ask", "--output", ""], ["text", "json", "stream-json"]],
      [["omn", "config", "backups", ""], ["list", "restore"]],
      [["omn", "keys", "set", ""], ["openai", "vertex"]],
      [["omn", ""], [
        "ask",
        "redact",
        "scan",
        "config",
        "keys",
        "providers",
        "models",
        "completions",
      ], ["help"]],
    ];
    for (const [words, expected, absent = []] of cases) {
      let got: string[];
      if (shell === "bash") {
        const quoted = words.map((word) => `'${word}'`).join(" ");
        got = await complete(
          shell,
          `COMP_WORDS=(${quoted}); COMP_CWORD=${
            words.length - 1
          }; _omn; printf '%s\\n' "\${COMPREPLY[@]}"`,
        );
      } else if (shell === "zsh") {
        // zsh filters by prefix itself; the stand-in compadd prints what it is given.
        const quoted = words.map((word) => `'${word}'`).join(" ");
        got = (await complete(
          shell,
          `compadd() { shift; print -l -- "$@"; }; words=(${quoted}); CURRENT=${words.length}; _omn`,
        ))
          .filter((word) => word.startsWith(words.at(-1)!));
      } else {
        got = (await complete(shell, `complete -C "${words.join(" ")}"`)).filter((word) =>
          !word.includes("\t")
        );
      }
      for (const word of expected) {
        assert.ok(
          got.includes(word),
          `${shell}: "${words.join(" ")}" offers ${word}; got ${got.join(" ")}`,
        );
      }
      for (const word of absent) {
        assert.ok(!got.includes(word), `${shell}: "${words.join(" ")}" must not offer ${word}`);
      }
    }
  });
}
