import assert from "node:assert/strict";
import { InvalidArgumentError } from "@commander-js/extra-typings";
import { parseSince } from "../../src/cli/parse_since.ts";

const NOW = new Date("2026-11-29T12:00:00Z");

Deno.test("parseSince reads dates, dates and times, and ages", () => {
  const iso = (value: string) => parseSince(value, NOW).toISOString();
  assert.equal(iso("2026-01-31"), "2026-01-31T00:00:00.000Z");
  assert.equal(iso("2026-01-31T12:30:00Z"), "2026-01-31T12:30:00.000Z");
  assert.equal(iso("2026-01-31T12:30"), "2026-01-31T12:30:00.000Z");
  assert.equal(iso("2026-01-31T12:30:00+02:00"), "2026-01-31T10:30:00.000Z");
  assert.equal(iso("30m"), "2026-11-29T11:30:00.000Z");
  assert.equal(iso("24h"), "2026-11-28T12:00:00.000Z");
  assert.equal(iso("7d"), "2026-11-22T12:00:00.000Z");
  assert.equal(iso("2w"), "2026-11-15T12:00:00.000Z");
});

Deno.test("parseSince refuses anything else as a usage error", () => {
  for (const value of ["yesterday", "2026-02-30", "7", "-1d", "2026/01/01", ""]) {
    assert.throws(() => parseSince(value, NOW), InvalidArgumentError, value);
  }
});

Deno.test("parseSince refuses an age past 100 years, naming the limit, instead of an invalid date", () => {
  const now = new Date("2026-01-31T00:00:00Z");
  assert.equal(parseSince("36500d", now).getTime(), now.getTime() - 36_500 * 86_400_000);
  for (const age of ["36501d", "99999999999999999999d", "5215w"]) {
    assert.throws(() => parseSince(age, now), /from 0 to \d+ \(100 years\) for an age/);
  }
});
