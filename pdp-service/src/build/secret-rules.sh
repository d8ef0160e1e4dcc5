#!/usr/bin/env bash
# Puts gitleaks' default rule set (config/gitleaks.toml of the Go module
# github.com/zricethezav/gitleaks/v8, MIT licensed, fetched with `go mod download`, checked
# against the Go checksum database) into <out>/secret-rules/, where the PDP's ArgumentScrubber
# reads it from the classpath. Run by Maven at generate-resources; needs Go (as the launcher does).
set -euo pipefail
version=v8.30.1
out="$1/secret-rules"
if [ -f "$out/gitleaks.toml" ] && grep -qx "$version" "$out/VERSION" 2>/dev/null; then
  exit 0
fi
command -v go >/dev/null || { echo "secret-rules.sh: Go is needed to fetch the gitleaks rule set" >&2; exit 1; }
dir=$(cd / && go mod download -json "github.com/zricethezav/gitleaks/v8@$version" |
  sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
[ -f "$dir/config/gitleaks.toml" ] || { echo "secret-rules.sh: no gitleaks.toml in $dir" >&2; exit 1; }
mkdir -p "$out"
install -m 644 "$dir/config/gitleaks.toml" "$out/gitleaks.toml"
install -m 644 "$dir/LICENSE" "$out/LICENSE"
echo "$version" >"$out/VERSION"
