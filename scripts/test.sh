#!/usr/bin/env bash
# Runs every test of the workspace. The first run creates target/pyenv, a
# virtualenv with the Python `deltalake` reader that the interoperability test
# uses to read our Delta tables (installed from PyPI by name).
set -euo pipefail
cd "$(dirname "$0")/.."

if ! target/pyenv/bin/python -c "import deltalake, pyarrow" 2>/dev/null; then
  echo "setting up target/pyenv (Python deltalake reader for the interoperability test)" >&2
  rm -rf target/pyenv
  python3 -m venv target/pyenv
  target/pyenv/bin/pip install --quiet --disable-pip-version-check deltalake pyarrow
fi

export CHOKEPOINT_TEST_PYTHON="$PWD/target/pyenv/bin/python"
cargo test --workspace --locked
