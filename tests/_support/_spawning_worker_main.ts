// The body of startSpawningWorker (spawning_worker.ts): children of the test process, without end.
/// <reference lib="deno.worker" />
let first = true;
for (;;) {
  await new Deno.Command(Deno.execPath(), { args: ["--version"], stdout: "null" }).output();
  if (first) self.postMessage("started");
  first = false;
}
