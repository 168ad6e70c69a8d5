import assert from "node:assert/strict";
import { ControlNeutralizer, neutralizeControls } from "../../src/security/neutralize_controls.ts";

/** Every control character: C0, DEL and C1. */
const CONTROLS = [
  ...Array.from({ length: 0x20 }, (_, code) => code),
  0x7f,
  ...Array.from({ length: 0x20 }, (_, code) => 0x80 + code),
];

Deno.test("neutralizeControls: no control character but \\n and \\t (and \\r before \\n) survives", () => {
  for (const code of CONTROLS) {
    const character = String.fromCharCode(code);
    const output = neutralizeControls(`a${character}b`);
    if (code === 0x0a || code === 0x09) assert.equal(output, `a${character}b`);
    else {
      const survivor = [...output].find((kept) => CONTROLS.includes(kept.charCodeAt(0)));
      assert.equal(survivor, undefined, `U+${code.toString(16)}: ${output}`);
    }
  }
  assert.equal(neutralizeControls("line\r\nnext"), "line\r\nnext");
});

Deno.test("neutralizeControls: escape sequences are shown as cat -v shows them", () => {
  assert.equal(neutralizeControls("\x1b]52;c;cHduZWQ=\x07"), "^[]52;c;cHduZWQ=^G");
  assert.equal(neutralizeControls("\x1b]0;title\x1b\\"), "^[]0;title^[\\");
  assert.equal(neutralizeControls("\x1b[2J\x1b[1;1H"), "^[[2J^[[1;1H");
  assert.equal(neutralizeControls("\x9b31m\x9d0;t\x9c"), "M-^[31mM-^]0;tM-^\\");
  assert.equal(neutralizeControls("done\rEVIL"), "done^MEVIL");
  assert.equal(neutralizeControls("\x7f\x00"), "^?^@");
  assert.equal(neutralizeControls("plain text, é and 😀\tok\n"), "plain text, é and 😀\tok\n");
});

Deno.test("ControlNeutralizer: split at every position, the same as the whole", () => {
  const text = "a\r\nb\rc\x1b]52;c;eA==\x07d\r\x9b2Je\r";
  const whole = neutralizeControls(text);
  for (let first = 0; first <= text.length; first++) {
    for (let second = first; second <= text.length; second++) {
      const neutralizer = new ControlNeutralizer();
      const output = neutralizer.push(text.slice(0, first)) +
        neutralizer.push(text.slice(first, second)) + neutralizer.push(text.slice(second)) +
        neutralizer.finish();
      assert.equal(output, whole, `split at ${first} and ${second}`);
    }
  }
  const neutralizer = new ControlNeutralizer();
  const byCharacter = text.split("").map((character) => neutralizer.push(character)).join("");
  assert.equal(byCharacter + neutralizer.finish(), whole);
});
