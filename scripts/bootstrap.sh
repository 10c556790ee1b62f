# Shared by scripts/kiosk and scripts/test: create or update the project's virtual environment.
# Sourced, not executed.  Re-installs only when pyproject.toml or this file changed.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${LIFELOG_VENV:-$ROOT/.venv}"

pick_python() {
    for candidate in "${PYTHON:-}" python3.11 python3; do
        [ -n "$candidate" ] || continue
        if command -v "$candidate" >/dev/null 2>&1 &&
           "$candidate" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' 2>/dev/null; then
            echo "$candidate"; return 0
        fi
    done
    echo "error: Python 3.11 is required (mediapipe 0.10.21 has wheels for it)." >&2
    echo "       On Debian 12: sudo apt-get install python3.11 python3.11-venv" >&2
    return 1
}

ensure_venv() {   # $1 = extras ("" for the kiosk, "test" for the test suite)
    local extras="$1" py stamp_file want
    if [ ! -x "$VENV/bin/python" ]; then
        py="$(pick_python)"
        if ! "$py" -m venv "$VENV"; then
            echo "error: could not create a virtual environment." >&2
            echo "       On Debian: sudo apt-get install python3.11-venv" >&2
            exit 1
        fi
    fi
    stamp_file="$VENV/.lifelog-stamp${extras:+-$extras}"
    want="$(cat "$ROOT/pyproject.toml" "$ROOT/scripts/bootstrap.sh" | sha256sum | cut -d' ' -f1)"
    if [ "$(cat "$stamp_file" 2>/dev/null)" != "$want" ]; then
        echo "Installing the kiosk into $VENV (first run or dependencies changed) ..." >&2
        "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip
        "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check \
            -e "$ROOT${extras:+[$extras]}"
        # mediapipe in its own --no-deps step: its metadata would pull jax and a second
        # OpenCV wheel that overwrites cv2 (shared/reference/stack-probe.md §1).
        "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --no-deps \
            "mediapipe==0.10.21"
        echo "$want" > "$stamp_file"
    fi
}
