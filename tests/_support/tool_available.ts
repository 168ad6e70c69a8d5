/**
 * Whether an external tool (zsh, fish, util-linux `script`, bash, …) can be
 * started here: the one probe every test uses before it depends on a tool.
 * It never throws: in Deno 2.9.6 `new Deno.Command(missing).output()` throws
 * synchronously (`NotFound: Failed to spawn`), before any `.then` or `.catch`
 * could see it, so a bare probe crashes the whole test module.
 *
 * @example
 * ```ts
 * const zsh = await needsTool("zsh");
 * Deno.test({ name: `zsh completion works${zsh.suffix}`, ignore: zsh.ignore }, async () => {});
 * ```
 *
 * @module
 */

/** Starts `tool args…` with no input or output; whether it ran and exited 0. */
export async function toolAvailable(tool: string, args: readonly string[] = ["--version"]) {
  try {
    const output = await new Deno.Command(tool, {
      args: [...args],
      stdin: "null",
      stdout: "null",
      stderr: "null",
    }).output();
    return output.success;
  } catch {
    return false;
  }
}

/** What a test that needs a tool passes to `Deno.test`. */
export interface ToolRequirement {
  /** Whether the tool is available. */
  present: boolean;
  /** `true` when the tool is missing: the test is reported as ignored. */
  ignore: boolean;
  /** Appended to the test name: "" when present, else " (ignored: zsh is not on PATH)". */
  suffix: string;
}

/**
 * Probes `tool` for a test that needs it. When `CI` is set a missing tool is
 * an error (the CI image installs every tool), so a CI run never skips silently.
 */
export async function needsTool(
  tool: string,
  args: readonly string[] = ["--version"],
): Promise<ToolRequirement> {
  const present = await toolAvailable(tool, args);
  if (!present && Deno.env.get("CI")) {
    throw new Error(`Cannot run the ${tool} tests: ${tool} is not on PATH; install it on CI`);
  }
  return {
    present,
    ignore: !present,
    suffix: present ? "" : ` (ignored: ${tool} is not on PATH)`,
  };
}
