#!/usr/bin/env bash
# Runs every test of the workspace: the README's test command, and what CI
# runs. It first sets up what the tests need beyond cargo:
# - Debian packages, installed with apt-get when missing (as root; otherwise
#   it names them and stops): python3-venv, gzip, and chromium,
#   chromium-driver and fonts-noto-cjk for the dashboard browser tests (the
#   font so Han names in their screenshots are not boxes);
# - target/pyenv, a virtualenv with the real third-party Python packages the
#   tests drive, installed by name with pip: the `deltalake`, `polars` and
#   `duckdb` readers of our Delta tables, the `yente-client` SDK against our
#   matching API, and `selenium` for the browser tests.
# The tests also read real reference data from ../shared/data and labelled
# name pairs from ../shared/eval beside the checkout. A test missing any of these skips under a plain `cargo test`;
# here CHOKEPOINT_REQUIRE_ALL=1 makes it fail instead, naming what is missing.
# Arguments are passed on to `cargo test` (e.g. `-p chokepoint-lists`).
set -euo pipefail
cd "$(dirname "$0")/.."

chromium="${CHOKEPOINT_CHROMIUM:-/usr/bin/chromium}"
chromedriver="${CHOKEPOINT_CHROMEDRIVER:-/usr/bin/chromedriver}"
missing=()
# Debian's python3 lacks ensurepip (so `python3 -m venv` fails) until python3-venv is installed.
python3 -c "import ensurepip" >/dev/null 2>&1 || missing+=(python3-venv)
command -v gzip >/dev/null 2>&1 || missing+=(gzip)
[ -x "$chromium" ] || missing+=(chromium)
[ -x "$chromedriver" ] || missing+=(chromium-driver)
dpkg -s fonts-noto-cjk >/dev/null 2>&1 || missing+=(fonts-noto-cjk)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "test.sh: installing ${missing[*]}" >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
  else
    echo "test.sh: the tests need the Debian packages ${missing[*]}; install them" \
      "(sudo apt-get install ${missing[*]}) or run this script as root, which installs them" >&2
    exit 1
  fi
fi

for shared in data eval; do
  if [ ! -d "../shared/$shared" ]; then
    echo "test.sh: the tests read real data from ../shared/$shared beside the checkout" \
      "($(cd .. && pwd)/shared/$shared), which is missing" >&2
    exit 1
  fi
done

python_packages=(deltalake pyarrow polars duckdb selenium yente-client openpyxl)
if ! target/pyenv/bin/python -c "import deltalake, pyarrow, polars, duckdb, selenium, yente_client, openpyxl" 2>/dev/null; then
  echo "test.sh: setting up target/pyenv (${python_packages[*]})" >&2
  [ -x target/pyenv/bin/python ] || python3 -m venv target/pyenv
  target/pyenv/bin/pip install --quiet --disable-pip-version-check "${python_packages[@]}"
fi

export CHOKEPOINT_TEST_PYTHON="$PWD/target/pyenv/bin/python"
export CHOKEPOINT_REQUIRE_ALL=1
cargo test --workspace --locked "$@"
