# Prepares the working directory in which help_examples_test.ts runs every
# example: the files the examples read, a git repository with a staged change,
# a conversation and a backup to show and restore.
set -e
printf '2026-11-29 INFO request id=9fceb02d0ae598e95dc970b74767f19372d61af8 ok\n' > app.log
cp app.log build.log
printf 'Notes: ship the release on Monday.\n' > notes.txt
printf '{"id":"1","prompt":"hello"}\n{"id":"2","prompt":"world"}\n' > prompts.jsonl
printf '{"type":"object","required":["title"],"properties":{"title":{"type":"string"}}}\n' > schema.json
git init -q . && git config user.email t@example.com && git config user.name t
printf 'changed\n' > staged.txt && git add staged.txt
omn config init --default-provider mock
omn config set providers.mock.default_model mock-1
printf "remember this\\n/save notes\\n" | omn chat --provider mock > /dev/null
for name in scratch draft-1 draft-2; do printf "draft\n/save %s\n" "$name" | omn chat --provider mock > /dev/null; done
