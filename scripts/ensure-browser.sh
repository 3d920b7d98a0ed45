#!/usr/bin/env bash
# The browser tests drive Debian's Chromium (playwright-core never downloads a browser) and need CJK
# fonts to render Chinese; installs both when missing, so `npm test` does all its own set-up.
set -euo pipefail
missing=()
[[ -x /usr/bin/chromium ]] || missing+=(chromium)
[[ -d /usr/share/fonts/opentype/noto ]] && ls /usr/share/fonts/opentype/noto | grep -q CJK || missing+=(fonts-noto-cjk)
if (( ${#missing[@]} > 0 )); then
  echo "installing ${missing[*]} (apt-get)" >&2
  SUDO=""; [[ $(id -u) -eq 0 ]] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi
