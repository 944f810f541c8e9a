#!/usr/bin/env bash
# Runs every test of the workspace. The first run creates target/pyenv, a
# virtualenv with the real third-party Python packages the tests drive
# (installed from PyPI by name): the `deltalake`, `polars` and `duckdb`
# readers of our Delta tables (optimized ones too), the `yente-client` SDK
# against our matching API, and `selenium` for the dashboard browser test
# (with Debian's chromium and chromium-driver).
set -euo pipefail
cd "$(dirname "$0")/.."

if ! target/pyenv/bin/python -c "import deltalake, pyarrow, polars, duckdb, selenium, yente_client" 2>/dev/null; then
  echo "setting up target/pyenv (deltalake, polars, duckdb, yente-client, selenium for the interoperability tests)" >&2
  [ -x target/pyenv/bin/python ] || python3 -m venv target/pyenv
  target/pyenv/bin/pip install --quiet --disable-pip-version-check deltalake pyarrow polars duckdb selenium yente-client
fi

export CHOKEPOINT_TEST_PYTHON="$PWD/target/pyenv/bin/python"
cargo test --workspace --locked
