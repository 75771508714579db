#!/usr/bin/env bash
# The whole test suite, from a fresh clone: install, make sure Redis/PostgreSQL/Chromium are
# there, then run every test (OCR, services and browser included). No tests = failure.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/services.sh
mkdir -p test-output
set +e
.venv/bin/python -m pytest "$@"
status=$?
set -e
if [ $status -eq 5 ]; then
  echo "test: pytest collected no tests; that is a failure" >&2
  exit 1
fi
exit $status
