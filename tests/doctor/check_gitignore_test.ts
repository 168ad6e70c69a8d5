import assert from "node:assert/strict";
import { checkGitignore, gitignoreIgnores } from "../../src/doctor/check_gitignore.ts";

Deno.test("gitignoreIgnores follows the patterns that name .env", () => {
  for (const text of [".env", "/.env", ".env*", "*.env", "**/.env", "# x\nnode_modules/\n.env\n"]) {
    assert.equal(gitignoreIgnores(text, ".env"), true, text);
  }
  for (const text of ["", ".env.local", "config/.env", ".env/", ".env\n!.env", "#.env", "env"]) {
    assert.equal(gitignoreIgnores(text, ".env"), false, text);
  }
});

Deno.test("under omn's permission set the check is unknown, with the command to run by hand", async () => {
  const check = await checkGitignore("/nonexistent", { canRead: () => false });
  assert.equal(check.status, "unknown");
  assert.match(check.fix!, /git check-ignore -q \.env/);
});

Deno.test("with read access: no .git passes; .env ignored passes; not ignored warns, fails when .env exists", async () => {
  const cwd = await Deno.makeTempDir();
  try {
    const canRead = () => true;
    assert.equal((await checkGitignore(cwd, { canRead })).status, "pass");
    await Deno.mkdir(`${cwd}/.git`);
    assert.equal((await checkGitignore(cwd, { canRead })).status, "warn");
    await Deno.writeTextFile(`${cwd}/.env`, "OPENAI_API_KEY=x\n");
    const failing = await checkGitignore(cwd, { canRead });
    assert.equal(failing.status, "fail");
    assert.match(failing.fix!, /echo \.env >> \.gitignore; if it was committed, rotate its keys/);
    await Deno.writeTextFile(`${cwd}/.gitignore`, "dist/\n.env\n");
    assert.equal((await checkGitignore(cwd, { canRead })).status, "pass");
  } finally {
    await Deno.remove(cwd, { recursive: true });
  }
});
