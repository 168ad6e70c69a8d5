# Sourced by the bench scripts: makes sure hyperfine and GNU time are present.
if ! command -v hyperfine >/dev/null 2>&1 || [ ! -x /usr/bin/time ]; then
  if [ "$(id -u)" = "0" ]; then
    (apt-get update -qq && apt-get install -y -qq hyperfine time) >/dev/null
  else
    echo "The benchmarks need hyperfine and GNU time: sudo apt-get install hyperfine time" >&2
    exit 1
  fi
fi
# The benchmarks run the bundle (build/main.js), the program that is tested and compiled.
deno task -q build
