# Prepares the working directory in which help_examples_test.ts runs every
# example: the files the examples read, a git repository with a staged change,
# a conversation and a backup to show and restore.
set -e
printf '2026-11-29 INFO request id=9fceb02d0ae598e95dc970b74767f19372d61af8 ok\n' > app.log
cp app.log build.log
printf 'Notes: ship the release on Monday.\n' > notes.txt
printf '\211PNG\r\n\032\n\000\000\000\rIHDR example image' > photo.png
printf '{"id":"1","prompt":"hello"}\n{"id":"2","prompt":"world"}\n' > prompts.jsonl
printf '{"type":"object","required":["title"],"properties":{"title":{"type":"string"}}}\n' > schema.json
git init -q . && git config user.email t@example.com && git config user.name t
printf 'changed\n' > staged.txt && git add staged.txt
omn config init --default-provider mock
omn config set providers.mock.default_model mock-1
# The fewest PBKDF2 iterations the config accepts: the keys examples that encrypt and
# decrypt derive their key in a sixth of the default's time.
omn config set settings.kdf_iterations 100000
printf "remember this\\n/save notes\\n" | omn chat --provider mock > /dev/null
for name in scratch draft-1 draft-2; do printf "draft\n/save %s\n" "$name" | omn chat --provider mock > /dev/null; done
# Key-shaped values for the keys examples, built at run time so that no
# key-shaped literal sits in the source; and the passphrase of their store.
# `fill NAME CHAR COUNT` sets $NAME to CHAR COUNT times, with builtins only: no process is
# started (a start costs a few milliseconds of CPU, and this file runs for every test that
# uses it).
umask 077
fill() { local spaces; printf -v spaces "%${3}s" ""; printf -v "$1" '%s' "${spaces// /$2}"; }
fill e58 e 58; fill f58 f 58; fill e93 e 93; fill f93 f 93; fill E16 E 16; fill e40 e 40
printf 'sk-proj-%sT3BlbkFJ%s' "$e58" "$e58" > openai.key
printf 'sk-proj-%sT3BlbkFJ%s' "$f58" "$f58" > openai-new.key
printf 'sk-ant-api03-%sAA' "$e93" > anthropic.key
printf 'sk-ant-api03-%sAA' "$f93" > anthropic-new.key
printf 'AKIA%s\n%s\n' "$E16" "$e40" > aws-keys.txt
printf 'example passphrase of the key store' > passphrase.txt
