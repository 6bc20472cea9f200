#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Builds the physics proxy instance of docs/performance.md ("Physics and N-1"): a copy of
# datasets/nl with reactance_pu = 0.01 on every AC electricity link (the electricity links except
# the HVDC one; hydrogen links stay empty) and security = "n-1" in dataset.toml.
#
# Usage (from anywhere): .ci/bench/make-nlphys.sh [OUT]     (default OUT: /tmp/nlphys)
set -euo pipefail
cd "$(dirname "$0")/../.."
OUT="${1:-/tmp/nlphys}"
rm -rf "$OUT"
mkdir -p "$OUT"
cp datasets/nl/*.csv datasets/nl/dataset.toml "$OUT"/
# links.csv has no quoted fields: add a last column reactance_pu, 0.01 on AC electricity links.
awk -F, -v OFS=, '
    NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; print $0, "reactance_pu"; next }
    { ac = $(col["carrier"]) == "electricity" && $(col["id"]) !~ /hvdc/; print $0, (ac ? "0.01" : "") }
' datasets/nl/links.csv >"$OUT/links.csv"
# security is a top-level key: put it before the first table header.
awk '!done && /^\[/ { print "security = \"n-1\""; print ""; done = 1 } { print }' datasets/nl/dataset.toml >"$OUT/dataset.toml"
echo "$OUT: $(awk -F, 'NR > 1 && $NF != ""' "$OUT/links.csv" | wc -l) AC links with reactance_pu = 0.01, security = n-1"
