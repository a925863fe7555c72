# Shared by scripts/serve, scripts/test and scripts/bench: a project virtualenv that is installed once
# and reinstalled only when pyproject.toml changes.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"
PY="${PYTHON:-python3}"

ensure_venv() {
  local extras="$1"  # "" or "dev"
  if [ ! -x "$VENV/bin/python" ]; then
    echo "creating $VENV" >&2
    "$PY" -m venv "$VENV"
    "$VENV/bin/pip" install -q --upgrade pip >&2
  fi
  local hash stamp="$VENV/.yiku-install-stamp" have=""
  hash="$(sha256sum "$ROOT/pyproject.toml" | cut -c1-16)"
  [ -f "$stamp" ] && have="$(cat "$stamp")"
  # an install with the dev extras also serves a plain run; nothing to do when pyproject.toml is unchanged
  if [ "$have" != "$hash-dev" ] && [ "$have" != "$hash-${extras:-base}" ]; then
    echo "installing yiku${extras:+[$extras]} into $VENV" >&2
    if [ -n "$extras" ]; then
      "$VENV/bin/pip" install -q -e "$ROOT[$extras]" >&2
    else
      "$VENV/bin/pip" install -q -e "$ROOT[postgres]" >&2
    fi
    echo "$hash-${extras:-base}" > "$stamp"
  fi
}
