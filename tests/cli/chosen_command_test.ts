import assert from "node:assert/strict";
import { chosenCommand, runsNoCommand } from "../../src/cli/chosen_command.ts";
import { buildApp } from "../../src/cli/app.ts";
import { memoryContext } from "./_memory_io.ts";

const NAMES = ["ask", "config", "redact"];

Deno.test("chosenCommand finds the command after the root's flags", () => {
  assert.equal(chosenCommand(["ask", "hi"], NAMES), "ask");
  assert.equal(chosenCommand(["-q", "--verbose", "--no-color", "ask"], NAMES), "ask");
  assert.equal(chosenCommand(["--profile", "ask", "config", "get"], NAMES), "config");
  assert.equal(
    chosenCommand(["--profile=prod", "--log-level", "debug", "redact"], NAMES),
    "redact",
  );
  assert.equal(chosenCommand(["--log-file", "x.log", "--log-format=json", "ask"], NAMES), "ask");
  assert.equal(chosenCommand(["-qv", "ask"], NAMES), "ask");
  assert.equal(chosenCommand(["-vq", "--log-level=debug", "redact"], NAMES), "redact");
});

Deno.test("chosenCommand gives undefined when the whole tree is needed", () => {
  for (
    const argv of [
      [],
      ["--help"],
      ["-V"],
      ["help", "ask"],
      ["askk"],
      ["-qx", "ask"],
      ["--bogus", "ask"],
      ["--", "ask"],
      ["--profile"],
      ["completions", "bash"],
    ]
  ) {
    assert.equal(chosenCommand(argv, NAMES), undefined, JSON.stringify(argv));
  }
});

/** Every command's help, and its subcommands', by command path. */
function helpTexts(program: ReturnType<typeof buildApp>): Map<string, string> {
  const texts = new Map<string, string>();
  const visit = (command: ReturnType<typeof buildApp>["commands"][number], path: string) => {
    texts.set(path, command.helpInformation());
    for (const sub of command.commands) visit(sub, `${path} ${sub.name()}`);
  };
  for (const command of program.commands) visit(command, command.name());
  return texts;
}

Deno.test("a tree built for one command holds only it, with the same help as in the whole tree", () => {
  const whole = helpTexts(buildApp(memoryContext()));
  const names = buildApp(memoryContext()).commands.map((command) => command.name());
  assert.ok(names.length > 15);
  for (const name of names) {
    const program = buildApp(memoryContext(), { argv: ["--quiet", name, "--help"] });
    const built = program.commands.map((command) => command.name());
    if (name === "completions") {
      assert.deepEqual(built, names, "completions lists the whole tree");
      continue;
    }
    assert.deepEqual(built, [name]);
    for (const [path, text] of helpTexts(program)) assert.equal(text, whole.get(path), path);
  }
});

Deno.test("runsNoCommand is true for the root's flags alone, help and version included", () => {
  for (
    const argv of [
      [],
      ["--help"],
      ["-h"],
      ["-V"],
      ["-q", "--help"],
      ["-qv", "--no-color", "--log-level", "debug", "--help"],
      ["--profile=prod", "--help"],
      ["--profile", "--help"],
    ]
  ) {
    assert.equal(runsNoCommand(argv), true, JSON.stringify(argv));
  }
  for (
    const argv of [
      ["ask"],
      ["--help", "ask"],
      ["help"],
      ["help", "ask"],
      ["askk"],
      ["--bogus"],
      ["-qx"],
      ["--", "--help"],
      ["-p", "hi"],
      ["completions", "bash"],
    ]
  ) {
    assert.equal(runsNoCommand(argv), false, JSON.stringify(argv));
  }
});

Deno.test("the root's help from the commands' heads is the root's help of the whole tree", () => {
  const whole = buildApp(memoryContext());
  for (const argv of [[], ["--help"], ["-h"], ["-q", "--no-color", "--help"]]) {
    const listed = buildApp(memoryContext(), { argv });
    assert.equal(listed.helpInformation(), whole.helpInformation(), JSON.stringify(argv));
    assert.deepEqual(
      listed.commands.map((command) => command.name()),
      whole.commands.map((command) => command.name()),
    );
    // Listed, not built: no command holds more than the one hidden option that shows "[options]".
    for (const command of listed.commands) {
      assert.equal(command.commands.length, 0, command.name());
      assert.ok(command.options.length <= 1, command.name());
      const full = whole.commands.find((built) => built.name() === command.name())!;
      assert.equal(command.options.length > 0, full.options.length > 0, command.name());
    }
  }
});
