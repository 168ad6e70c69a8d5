import assert from "node:assert/strict";
import { buildApp } from "../../src/cli/app.ts";
import { completionScript, type Shell } from "../../src/completions/completion_script.ts";
import { completionSpec } from "../../src/completions/completion_spec.ts";
import { memoryContext } from "../cli/_memory_io.ts";
import { needsTool } from "../_support/tool_available.ts";

// deno-lint-ignore no-explicit-any
const spec = completionSpec(buildApp(memoryContext()) as any);

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
  const tool = await needsTool(shell, ["-c", "exit 0"]);
  Deno.test({
    name:
      `${shell} completion covers commands, subcommands, options, providers and models${tool.suffix}`,
    ignore: tool.ignore,
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

const zsh = await needsTool("zsh", ["-c", "exit 0"]);
Deno.test({
  name: `zsh completion installed in $fpath completes on the first Tab${zsh.suffix}`,
  // Ignored where zsh is not installed (apt-get install zsh).
  ignore: zsh.ignore,
}, async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(`${dir}/_omn`, completionScript("zsh", spec));
    const output = await new Deno.Command("zsh", {
      args: [
        "-f",
        "-c",
        // As the README installs it: the file in $fpath, found by compinit through #compdef.
        `fpath=('${dir}' $fpath); autoload -Uz compinit; compinit -u -d '${dir}/zcompdump'
print "handler: $_comps[omn]"
compadd() { shift; print -l -- "$@"; }
words=(omn as); CURRENT=2
$_comps[omn]
print "second:"
$_comps[omn]`,
      ],
      stdout: "piped",
      stderr: "piped",
    }).output();
    const stdout = new TextDecoder().decode(output.stdout);
    assert.equal(output.code, 0, new TextDecoder().decode(output.stderr));
    const [first, second] = stdout.split("second:\n");
    assert.match(first, /^handler: _omn\n/);
    assert.ok(first.split("\n").includes("ask"), `first call offers ask: ${first}`);
    assert.ok(second.split("\n").includes("ask"), `second call offers ask: ${second}`);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
