#!/usr/bin/env bash
# One entry point for a fresh machine with Python >= 3.11:
#   ./run.sh serve   set everything up, then serve the site on http://127.0.0.1:8000/ (SQLite)
#   ./run.sh test    set everything up, then run the whole test suite
# Extra arguments after "test" go to pytest.
set -euo pipefail
cd "$(dirname "$0")"

PYTHON=${PYTHON:-python3}
VENV=.venv

setup() {
  local extra=$1
  if [ ! -x "$VENV/bin/python" ]; then
    "$PYTHON" -m venv "$VENV"
  fi
  "$VENV/bin/python" -m pip install --quiet --upgrade pip
  "$VENV/bin/python" -m pip install --quiet -e ".$extra"
}

case "${1:-}" in
  serve)
    setup ""
    "$VENV/bin/python" manage.py collectstatic --noinput --verbosity 0
    "$VENV/bin/python" manage.py migrate --noinput --verbosity 0
    "$VENV/bin/python" manage.py load_content
    exec "$VENV/bin/python" manage.py runserver 127.0.0.1:8000
    ;;
  test)
    shift
    setup "[test]"
    # One worker per core (two on the project's machines), each with its own test
    # database. The tests use careerguide.test_settings (see pyproject.toml):
    # no collectstatic needed, and their own small content in tests/fixture_content/.
    exec "$VENV/bin/python" -m pytest -n auto "$@"
    ;;
  *)
    echo "usage: ./run.sh serve | ./run.sh test [pytest arguments]" >&2
    exit 2
    ;;
esac
