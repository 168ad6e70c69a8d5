/**
 * `omn completions bash|zsh|fish`: print a completion script covering every
 * command, option, provider id and model id.
 *
 * @module
 */
import { Argument, Command } from "@commander-js/extra-typings";
import type { CliContext } from "../../core/context.ts";

/** `completions` as the root's help lists it: its name, description and arguments. */
export function completionsHead() {
  return new Command("completions")
    .description(
      "print a shell completion script (bash, zsh or fish), with the model aliases of the config",
    )
    .addArgument(new Argument("<shell>", "the shell").choices(["bash", "zsh", "fish"] as const));
}

/** Declares `completions`; `root` gives the finished command tree to describe. */
export function completionsCommand(context: CliContext, root: () => Command) {
  return completionsHead()
    .addHelpText(
      "after",
      `
Examples:
  omn completions bash > ~/.local/share/bash-completion/completions/omn
  omn completions zsh > "\${fpath[1]}/_omn"
  omn completions fish > ~/.config/fish/completions/omn.fish`,
    )
    .action(async (shell) => {
      const { completionSpec } = await import("../../completions/completion_spec.ts");
      const { completionScript } = await import("../../completions/completion_script.ts");
      const { modelAliasNames } = await import("../../completions/model_alias_names.ts");
      const modelAliases = await modelAliasNames(context);
      await context.io.write(
        // deno-lint-ignore no-explicit-any
        completionScript(shell, completionSpec(root() as any, { modelAliases })),
      );
    });
}
