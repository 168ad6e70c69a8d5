import assert from "node:assert/strict";
import { RefusalError } from "../../src/core/errors.ts";
import { configPaths } from "../../src/config/paths.ts";
import { errorLike } from "./_helpers.ts";

function envOf(values: Record<string, string>): (name: string) => string | undefined {
  return (name) => values[name];
}

Deno.test("configPaths uses OMNIMANCER_HOME over HOME, without a trailing slash", () => {
  const paths = configPaths(envOf({ OMNIMANCER_HOME: "/srv/omn/", HOME: "/home/ada" }), {
    os: "linux",
  });
  assert.deepEqual(paths, {
    dir: "/srv/omn",
    file: "/srv/omn/config.json",
    backups: "/srv/omn/backups",
    lock: "/srv/omn/config.lock",
    dotenv: "/srv/omn/.env",
  });
});

Deno.test("configPaths falls back to $HOME/.omnimancer", () => {
  const paths = configPaths(envOf({ HOME: "/home/ada" }), { os: "darwin" });
  assert.deepEqual(paths.dir, "/home/ada/.omnimancer");
  assert.deepEqual(paths.file, "/home/ada/.omnimancer/config.json");
});

Deno.test("configPaths uses USERPROFILE on Windows", () => {
  const paths = configPaths(envOf({ USERPROFILE: "C:\\Users\\ada", HOME: "/c/Users/x" }), {
    os: "windows",
  });
  assert.deepEqual(paths.file, "C:\\Users\\ada\\.omnimancer\\config.json");
  assert.deepEqual(paths.backups, "C:\\Users\\ada\\.omnimancer\\backups");
});

Deno.test("configPaths refuses when no variable names a directory, naming OMNIMANCER_HOME", () => {
  assert.throws(
    () => configPaths(envOf({ USERPROFILE: "C:\\Users\\ada" }), { os: "linux" }),
    errorLike(RefusalError, "set OMNIMANCER_HOME"),
  );
  assert.throws(
    () => configPaths(envOf({ HOME: "" }), { os: "linux" }),
    errorLike(RefusalError, "neither OMNIMANCER_HOME nor HOME is set"),
  );
});

Deno.test("configPaths refuses an empty OMNIMANCER_HOME instead of ignoring it", () => {
  assert.throws(
    () => configPaths(envOf({ OMNIMANCER_HOME: "", HOME: "/home/ada" }), { os: "linux" }),
    errorLike(RefusalError, "OMNIMANCER_HOME is set but empty"),
  );
});

Deno.test("configPaths refuses a relative OMNIMANCER_HOME or HOME: a cloned repository could supply it", () => {
  // OMNIMANCER_HOME=.omn in a repository that ships .omn/config.json (0644 after a clone, which
  // is only a warning) would let that repository pick the endpoint the user's key is sent to.
  for (const value of [".omn", "omn/home", "./x", "../x"]) {
    assert.throws(
      () => configPaths(envOf({ OMNIMANCER_HOME: value, HOME: "/home/ada" }), { os: "linux" }),
      errorLike(RefusalError, `Cannot use OMNIMANCER_HOME "${value}": it is a relative path`),
    );
    assert.throws(
      () => configPaths(envOf({ HOME: value }), { os: "linux" }),
      errorLike(RefusalError, `the home directory "${value}" is a relative path`),
    );
  }
  assert.throws(
    () => configPaths(envOf({ USERPROFILE: "ada" }), { os: "windows" }),
    errorLike(RefusalError, "set USERPROFILE or OMNIMANCER_HOME to an absolute path"),
  );
  assert.equal(
    configPaths(envOf({ OMNIMANCER_HOME: "C:\\omn" }), { os: "windows" }).dir,
    "C:\\omn",
  );
});
