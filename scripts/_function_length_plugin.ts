/**
 * A `deno lint` plugin used by `scripts/report_functions.ts`: it reports every
 * function (declaration, expression, arrow, method) with its name, so that the
 * report can measure each one's length from the diagnostic's line range.
 *
 * @module
 */

/** The name a function is known by: its own, its variable's, its key's, or `<anonymous>`. */
function nameOf(
  node:
    | Deno.lint.FunctionDeclaration
    | Deno.lint.FunctionExpression
    | Deno.lint.ArrowFunctionExpression,
): string {
  if (node.type !== "ArrowFunctionExpression" && node.id) return node.id.name;
  const parent = node.parent;
  if (parent.type === "VariableDeclarator" && parent.id.type === "Identifier") {
    return parent.id.name;
  }
  if (
    (parent.type === "MethodDefinition" || parent.type === "Property" ||
      parent.type === "PropertyDefinition") && parent.key.type === "Identifier"
  ) {
    return parent.key.name;
  }
  return "<anonymous>";
}

const plugin: Deno.lint.Plugin = {
  name: "function-length",
  rules: {
    report: {
      create(context) {
        const report = (node: Parameters<typeof nameOf>[0]) => {
          context.report({ node, message: nameOf(node) });
        };
        return {
          FunctionDeclaration: report,
          FunctionExpression: report,
          ArrowFunctionExpression: report,
        };
      },
    },
  },
};

export default plugin;
