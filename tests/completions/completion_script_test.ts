import assert from "node:assert/strict";
import { buildApp } from "../../src/cli/app.ts";
import { completionScript, type Shell } from "../../src/completions/completion_script.ts";
import { completionSpec } from "../../src/completions/completion_spec.ts";
import { memoryContext } from "../cli/_memory_io.ts";
import { needsTool } from "../_support/tool_available.ts";

// deno-lint-ignore no-explicit-any
const spec = completionSpec(buildApp(memoryContext()) as any);

/** What separates the cases' output in {@linkcode completeAll}. */
const SEPARATOR = "--omn-completion-case--";

/**
 * Runs each of `bodies` in one `shell` process after sourcing the script,
 * each in its own subshell in bash and zsh (it starts from the state the
 * script left, not from what the case before did; fish's `complete -C` only
 * asks); checks that each succeeded and returns each body's stdout words.
 */
async function completeAll(shell: Shell, bodies: string[]): Promise<string[][]> {
  const file = await Deno.makeTempFile({ suffix: `.${shell}` });
  try {
    await Deno.writeTextFile(file, completionScript(shell, spec));
    const script = bodies.map((body) =>
      shell === "fish"
        ? `begin; ${body}; end; echo '${SEPARATOR}' $status`
        : `( ${body} ); echo '${SEPARATOR}' $?`
    ).join("\n");
    const output = await new Deno.Command(shell, {
      args: ["-c", `source ${file}\n${script}`],
      stdout: "piped",
      stderr: "piped",
    })
      .output();
    assert.equal(output.code, 0, new TextDecoder().decode(output.stderr));
    const parts = new TextDecoder().decode(output.stdout).split(
      new RegExp(`${SEPARATOR} (\\d+)\n`),
    );
    // [output, status, output, status, …, the rest after the last case]
    assert.equal(parts.length, 2 * bodies.length + 1, "every case ran");
    return bodies.map((body, index) => {
      assert.equal(parts[2 * index + 1], "0", `${shell}: ${body} failed`);
      return parts[2 * index].split(/\s+/).filter((word) => word !== "");
    });
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
    const body = (words: string[]) => {
      const quoted = words.map((word) => `'${word}'`).join(" ");
      if (shell === "bash") {
        return `COMP_WORDS=(${quoted}); COMP_CWORD=${
          words.length - 1
        }; _omn; printf '%s\\n' "\${COMPREPLY[@]}"`;
      }
      // zsh filters by prefix itself; the stand-in compadd prints what it is given.
      if (shell === "zsh") {
        return `compadd() { shift; print -l -- "$@"; }; words=(${quoted}); CURRENT=${words.length}; _omn`;
      }
      return `complete -C "${words.join(" ")}"`;
    };
    const outputs = await completeAll(shell, cases.map(([words]) => body(words)));
    for (const [index, [words, expected, absent = []]] of cases.entries()) {
      const got = shell === "zsh"
        ? outputs[index].filter((word) => word.startsWith(words.at(-1)!))
        : shell === "fish"
        ? outputs[index].filter((word) => !word.includes("\t"))
        : outputs[index];
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
        // $fpath is that directory and compinit's own only: compinit reads every file in
        // $fpath to find the #compdef lines, about 1.5 s of CPU for the system's completions,
        // none of which _omn needs.
        `fpath=('${dir}' \${^fpath}/compinit(N:h)); autoload -Uz compinit; compinit -u -d '${dir}/zcompdump'
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
