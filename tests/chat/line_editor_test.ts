import assert from "node:assert/strict";
import { LineEditor } from "../../src/chat/line_editor.ts";
import { openaiProjectKey } from "../credentials/_canaries.ts";

function type(editor: LineEditor, keys: string[]) {
  return keys.map((key) => editor.handle(key));
}

Deno.test("LineEditor: typing, moving and deleting", () => {
  const editor = new LineEditor("> ", []);
  type(editor, [..."helo", "\x1b[D", "l", "\x01", "\x1b[3~", "H", "\x05", "!"]);
  assert.equal(editor.text, "Hello!");
  type(editor, ["\x7f", "\x1b[H", "\x1b[C", "\x0b"]);
  assert.equal(editor.text, "H");
  type(editor, [..."ello big world", "\x17"]);
  assert.equal(editor.text, "Hello big ");
  type(editor, ["\x15"]);
  assert.equal(editor.text, "");
  assert.equal(editor.cursor, 0);
});

Deno.test("LineEditor: Enter submits, Ctrl-C cancels, Ctrl-D ends only an empty line", () => {
  const editor = new LineEditor("> ", []);
  assert.equal(editor.handle("\x04"), "end");
  type(editor, ["a", "b", "\x01"]);
  assert.equal(editor.handle("\x04"), undefined);
  assert.equal(editor.text, "b");
  assert.equal(editor.handle("\x03"), "cancel");
  assert.equal(editor.handle("\r"), "submit");
});

Deno.test("LineEditor: Up and Down walk the history and come back to the draft", () => {
  const editor = new LineEditor("> ", ["first", "second"]);
  type(editor, ["d", "r"]);
  editor.handle("\x1b[A");
  assert.equal(editor.text, "second");
  editor.handle("\x1b[A");
  editor.handle("\x1b[A");
  assert.equal(editor.text, "first");
  editor.handle("\x1b[B");
  editor.handle("\x1b[B");
  assert.equal(editor.text, "dr");
  assert.equal(editor.cursor, 2);
});

Deno.test("LineEditor: control keys and unknown sequences insert nothing", () => {
  const editor = new LineEditor("> ", []);
  type(editor, ["\x1b[15~", "\x1bx", "\x00", "\x1b", "é", "\t"]);
  assert.equal(editor.text, "é    ");
});

Deno.test("LineEditor.render redraws the prompt and line and places the cursor", () => {
  const editor = new LineEditor("> ", []);
  type(editor, [..."abc", "\x1b[D"]);
  assert.equal(editor.render(80), "\r\x1b[J> abc\r\x1b[4C");
  assert.equal(editor.finish(80), "\r\n");
});

Deno.test("LineEditor.render handles lines that wrap", () => {
  const editor = new LineEditor("> ", []);
  type(editor, [..."abcdefgh"]);
  // 10 columns exactly filled: the cursor moves to the next row.
  assert.equal(editor.render(10), "\r\x1b[J> abcdefgh\r\n\r");
  editor.handle("i");
  assert.equal(editor.render(10), "\x1b[1A\r\x1b[J> abcdefghi\r\x1b[1C");
  editor.handle("\x01");
  assert.equal(editor.render(10), "\x1b[1A\r\x1b[J> abcdefghi\x1b[1A\r\x1b[2C");
  assert.equal(editor.finish(10), "\x1b[1B\r\n");
});

Deno.test("LineEditor.render shows a pasted secret only masked", () => {
  const canary = openaiProjectKey("EDITOR");
  const editor = new LineEditor("> ", []);
  type(editor, [...`key ${canary}`]);
  const drawn = editor.render(400);
  assert.ok(!drawn.includes(canary.slice(0, 24)));
  assert.match(drawn, /> key sk-proj-\*\*\*/);
  assert.equal(editor.text, `key ${canary}`, "the line itself is what was typed");
});
