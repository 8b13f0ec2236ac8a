# Shared by scripts/start and scripts/test: make .venv and install aicident into it with the given extras.
# Usage: extras="[test]"; . scripts/_venv.sh
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
venv="$root/.venv"
python=${PYTHON:-python3}

if [ ! -x "$venv/bin/python" ]; then
  if ! "$python" -m venv "$venv" 2>/dev/null; then
    rm -rf "$venv"
    # Debian ships venv separately; install it when we may, otherwise say what is missing.
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
      echo "aicident: installing python3-venv (Debian)" >&2
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null
      "$python" -m venv "$venv"
    else
      echo "aicident: '$python -m venv' failed; install your distribution's venv package (Debian: python3-venv)" >&2
      exit 1
    fi
  fi
fi

stamp="$venv/.installed$extras"
if [ ! -f "$stamp" ] || [ "$root/pyproject.toml" -nt "$stamp" ]; then
  echo "aicident: installing into .venv (first run takes a minute)" >&2
  "$venv/bin/python" -m pip install -q --disable-pip-version-check --upgrade pip >/dev/null
  "$venv/bin/python" -m pip install -q --disable-pip-version-check -e "$root$extras"
  touch "$stamp"
fi
