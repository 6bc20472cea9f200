#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Benchmark: the same allocation LP solved five ways, side by side, on datasets/nl at 96 slices
# (the bundled dataset) and at 672 and 8,760 slices (`knelpunt generate nl --timeslices N --seed 1`):
#
#   knelpunt        `knelpunt solve DATASET --years Y --policy cost --cost-tie-break none --view energy --workers 2`
#                   (release build): load, the cost LP by exact timeslice decomposition (plus the
#                   first planning year's cost stage, the warm start of every year), verify off,
#                   CSV and manifest written. "LP s" is the LP time from manifest.json. The ratios
#                   are against this run: it solves the same LP as the others.
#   knelpunt + tie-break  the same with the default `--cost-tie-break leximin`: the cost rule in
#                   full (leximin among the minimum-cost allocations, then least flex): more LPs.
#   knelpunt default rule  (physics case only) `knelpunt solve DATASET --years Y --no-verify --workers 2`:
#                   the default rule (request view, `acm`): firm load, the queue's grants, then
#                   minimum cost with the grants held; another LP, so its optimum is not compared.
#   glpsol .mod     `glpsol -m models/allocation.mod -d year.dat` on `knelpunt export --format mathprog`
#                   tables: MathProg translation + GLPK simplex of the cost stage.
#   glpsol MPS      `glpsol --freemps` on the MPS of `knelpunt export`: GLPK simplex of the cost stage
#                   alone (the cost-stage time, which manifest.json does not split out).
#   HiGHS MPS       highspy on the same MPS (.ci/bench/highs_solve.py): read + solve.
#   HiGHS .mod      glpsol translates models/allocation.mod and writes its LP (--check --wfreemps),
#                   highspy solves it: the reference model checked where GLPK's simplex is too slow.
#
# Each run is capped at --timeout seconds (a timeout is reported as such). Wall time and peak
# memory come from GNU time (`/usr/bin/time -f '%e %M'`, maximum resident set size). The cost-stage
# optima must agree within 1e-6 relative. "LP s": Knelpunt's LP time from manifest.json (all LPs
# of the rule, with the number of LP solves); for HiGHS, read + solve inside the Python process.
#
# The physics case (--physics-slices, default "672 8760"): the same generated instances with grid
# physics, `knelpunt generate nl --timeslices N --seed 1 --physics --security n-1` (reactances as
# docs/generator.md says: the base's own, else the default rule; N-1 on): knelpunt, knelpunt +
# tie-break, glpsol MPS and HiGHS MPS as above. The MPS of `knelpunt export` then holds the
# Kirchhoff rows and the post-contingency rows the lazy N-1 loop needed (its optimum is that of
# the LP with every contingency row, which Knelpunt certifies), so all four solve the same LP.
# The .mod rows are left out whenever the year has N-1 rows (in either case): the reference model
# writes every contingency pair for every slice up front (2,346 pairs x 672 slices = 1.6 million
# rows in 2030 at 672 slices, 21 million at 8,760); its N-1 equivalence is tested on small meshed
# cases (ReferenceModelTests).
#
# Needs: swift, glpk-utils (glpsol), time, python3 with highspy:
#   sudo apt-get install -y glpk-utils time && python3 -m pip install highspy
# Usage (from anywhere; writes results/ under --work, default out/bench):
#   .ci/bench/run.sh [--year 2030] [--slices "96 672 8760"] [--physics-slices "672 8760"]
#                    [--timeout 600] [--work out/bench]
# --slices "" or --physics-slices "" skips that case. KNELPUNT_BENCH_SKIP_8760=1 drops 8,760 from
# both lists (the hourly runs take the longest: minutes each, up to --timeout).
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT="$(pwd)"

YEAR=2030
SLICES="96 672 8760"
PHYSICS_SLICES="672 8760"
TIMEOUT=600
WORK="out/bench"
SCRATCH=".build"
while [ $# -gt 0 ]; do
  case "$1" in
    --year) YEAR="$2"; shift 2 ;;
    --slices) SLICES="$2"; shift 2 ;;
    --physics-slices) PHYSICS_SLICES="$2"; shift 2 ;;
    --timeout) TIMEOUT="$2"; shift 2 ;;
    --work) WORK="$2"; shift 2 ;;
    --scratch-path) SCRATCH="$2"; shift 2 ;;
    *) echo "unknown option $1 (see the header of $0)" >&2; exit 64 ;;
  esac
done
if [ "${KNELPUNT_BENCH_SKIP_8760:-0}" = 1 ]; then
  SLICES="$(echo "$SLICES" | tr ' ' '\n' | grep -vx 8760 | tr '\n' ' ' || true)"
  PHYSICS_SLICES="$(echo "$PHYSICS_SLICES" | tr ' ' '\n' | grep -vx 8760 | tr '\n' ' ' || true)"
fi
for tool in glpsol /usr/bin/time timeout python3; do
  command -v "$tool" >/dev/null || { echo "missing $tool: sudo apt-get install -y glpk-utils time" >&2; exit 69; }
done
python3 -c 'import highspy' 2>/dev/null || { echo "missing highspy: python3 -m pip install highspy" >&2; exit 69; }

swift build -c release --scratch-path "$SCRATCH" --product knelpunt >&2
KNELPUNT="$ROOT/$SCRATCH/release/knelpunt"
mkdir -p "$WORK"
WORK="$(cd "$WORK" && pwd)"
RESULTS="$WORK/results.tsv"
printf 'case\tslices\trows\tcolumns\ttool\tstatus\twall_s\tpeak_mb\tlp_s\tlp_solves\tobjective_eur\tnote\n' > "$RESULTS"

# measure NAME DIR CMD...: runs CMD in DIR under GNU time and timeout; sets WALL, PEAK_MB, STATUS.
measure() {
  local dir="$2"; shift 2
  local timing="$WORK/time.txt" code=0
  (cd "$dir" && /usr/bin/time -f '%e %M' -o "$timing" timeout "$TIMEOUT" "$@" > "$WORK/stdout.txt" 2> "$WORK/stderr.txt") || code=$?
  read -r WALL PEAK_KB < <(tail -n 1 "$timing")
  PEAK_MB=$(awk -v kb="$PEAK_KB" 'BEGIN { printf "%.0f", kb / 1024 }')
  if [ "$code" -eq 124 ]; then STATUS="timeout"; elif [ "$code" -ne 0 ]; then STATUS="error-$code"; else STATUS="ok"; fi
}

# row CASE N TOOL LP_S LP_SOLVES OBJECTIVE NOTE: one line of results.tsv (ROWS, COLUMNS, STATUS,
# WALL and PEAK_MB from the last measure).
row() {
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$ROWS" "$COLUMNS" "$3" "$STATUS" "$WALL" "$PEAK_MB" "$4" "$5" "$6" "$7" >> "$RESULTS"
}

# highs_objective: sets OBJECTIVE and LP_S from highs_solve.py's line on stdout.txt.
highs_objective() {
  OBJECTIVE=nan; LP_S=""
  if [ "$STATUS" = ok ]; then
    # HiGHS prints its banner on stdout too; the script's own line starts with "status=".
    OBJECTIVE=$(grep '^status=' "$WORK/stdout.txt" | sed -E 's/.*objective=([^ ]+).*/\1/')
    LP_S=$(grep '^status=' "$WORK/stdout.txt" | sed -E 's/.*seconds=([^ ]+).*/\1/')
    grep -q 'status=Optimal' "$WORK/stdout.txt" || STATUS="not-optimal"
  fi
}

# bench CASE N DATASET: every tool of the case on DATASET's year $YEAR; CASE is dataset (the base as it is) or physics (--physics --security n-1).
bench() {
  local case="$1" N="$2" DATASET="$3"
  local MPS="$WORK/$case-$N-$YEAR.mps" TABLES="$WORK/$case-$N-tables" variant TOOL NOTE
  "$KNELPUNT" export "$DATASET" --year "$YEAR" --format mps --out "$MPS" --force > "$WORK/export.txt"
  ROWS=$(sed -E 's/.*: ([0-9]+) rows, ([0-9]+) columns.*/\1/' "$WORK/export.txt")
  COLUMNS=$(sed -E 's/.*: ([0-9]+) rows, ([0-9]+) columns.*/\2/' "$WORK/export.txt")
  # Physics: "…; K Kirchhoff cycles per timeslice; R N-1 rows after n rounds" in the export's line.
  NOTE=$(sed -nE 's/.*minimise EUR per year\)(; )?(.*)/\2/p' "$WORK/export.txt")
  echo "== $case: nl at $N slices, $YEAR: $ROWS rows, $COLUMNS columns${NOTE:+ ($NOTE)}" >&2

  # 1. Knelpunt end to end, twice: the cost LP alone (--cost-tie-break none: the same LP the
  # others solve, by timeslice decomposition; with N-1 the lazy rows are found the same way) and
  # the whole cost rule (leximin tie-break among the minimum-cost allocations: many more LPs,
  # which the others do not do).
  # In the physics case also the default rule (request view, `acm`): its stages grant MW to the
  # requests in queue order, and its last LP (minimum cost with the grants held) is another LP
  # than the cost LP, so its optimum is not compared ("–").
  local variants="none leximin"
  [ "$case" = physics ] && variants="none leximin default"
  for variant in $variants; do
    # --view energy: the allocation whose cost stage `knelpunt export` writes (the request view,
    # the default, solves further stages over the connection requests).
    if [ "$variant" = default ]; then
      measure knelpunt "$ROOT" "$KNELPUNT" solve "$DATASET" --years "$YEAR" --no-verify --workers 2 --out "$WORK/out-$case-$N" --force --quiet
    else
      measure knelpunt "$ROOT" "$KNELPUNT" solve "$DATASET" --years "$YEAR" --policy cost --cost-tie-break "$variant" --view energy \
        --no-verify --workers 2 --out "$WORK/out-$case-$N" --force --quiet
    fi
    OBJECTIVE=nan; LP_S=""; LP_SOLVES=""; NOTE=""
    if [ "$STATUS" = ok ]; then
      [ "$variant" = default ] || OBJECTIVE=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "min_cost_eur") c = i } $2 == "all" { print $c }' "$WORK/out-$case-$N/summary.csv")
      read -r LP_S LP_SOLVES NOTE < <(python3 -c '
import json, sys
s = json.load(open(sys.argv[1]))["solves"][0]
security = s.get("security") or {}
note = "N-1: %d rows in %d cost-stage rounds" % (security["contingency_rows_added"], security["cost_stage_rounds"]) if security else ""
print("%.2f %d %s" % (s["solve_seconds"], s["lp_solves"], note))' "$WORK/out-$case-$N/manifest.json")
    fi
    case "$variant" in
      none) TOOL="knelpunt" ;;
      leximin) TOOL="knelpunt + tie-break" ;;
      default) TOOL="knelpunt default rule" ;;
    esac
    row "$case" "$N" "$TOOL" "$LP_S" "$LP_SOLVES" "$OBJECTIVE" "$NOTE"
  done

  # 2. glpsol on the MathProg reference model (without N-1 only, see the header); 3. glpsol on the
  # exported MPS. The objective is read from glpsol's solution file (-w): its "s bas ROWS COLS
  # PRIM DUAL OBJ" line.
  local variants="mod mps" reference=yes
  grep -q 'N-1 rows' "$WORK/export.txt" && reference=no
  if [ "$reference" = no ]; then
    variants="mps"
  else
    "$KNELPUNT" export "$DATASET" --year "$YEAR" --format mathprog --out "$TABLES" --force >&2
  fi
  for variant in $variants; do
    rm -f "$WORK/solution.txt"
    if [ "$variant" = mod ]; then
      measure glpsol "$TABLES" glpsol -m "$ROOT/models/allocation.mod" -d year.dat -w "$WORK/solution.txt"
    else
      measure glpsol "$WORK" glpsol --freemps "$MPS" -w "$WORK/solution.txt"
    fi
    OBJECTIVE=nan
    if [ "$STATUS" = ok ]; then
      OBJECTIVE=$(awk '$1 == "s" && $2 == "bas" { print $NF }' "$WORK/solution.txt")
      grep -q 'OPTIMAL' "$WORK/stdout.txt" || STATUS="not-optimal"
    fi
    row "$case" "$N" "glpsol $variant" "" "" "$OBJECTIVE" ""
  done

  # 4. HiGHS on the exported MPS.
  measure highs "$WORK" python3 "$ROOT/.ci/bench/highs_solve.py" "$MPS" "$TIMEOUT"
  highs_objective
  row "$case" "$N" "HiGHS MPS" "$LP_S" "" "$OBJECTIVE" ""

  # 5. HiGHS on the reference model's LP (without N-1 only): glpsol translates models/allocation.mod
  # and writes the LP (--check: no solve), HiGHS solves it. Checks the .mod where GLPK's simplex
  # is too slow.
  if [ "$reference" = yes ]; then
    measure highs "$TABLES" bash -c 'glpsol -m "$1" -d year.dat --check --wfreemps "$2" > /dev/null && python3 "$3" "$2" "$4"' \
      _ "$ROOT/models/allocation.mod" "$WORK/nl-$N-mod.mps" "$ROOT/.ci/bench/highs_solve.py" "$TIMEOUT"
    highs_objective
    row "$case" "$N" "HiGHS .mod" "$LP_S" "" "$OBJECTIVE" ""
  fi
}

# The dataset case: datasets/nl at 96 slices, generated instances at 672 and 8,760; then the
# physics case on the same instances with reactances and N-1.
for N in $SLICES; do
  if [ "$N" = 96 ]; then
    DATASET="$ROOT/datasets/nl"
  else
    DATASET="$WORK/nl-$N"
    "$KNELPUNT" generate nl --timeslices "$N" --seed 1 --out "$DATASET" --force >&2
  fi
  bench dataset "$N" "$DATASET"
done
for N in $PHYSICS_SLICES; do
  DATASET="$WORK/nl-$N-n1"
  "$KNELPUNT" generate nl --timeslices "$N" --seed 1 --physics --security n-1 --out "$DATASET" --force >&2
  bench physics "$N" "$DATASET"
done

# The tables, one per case: wall time and peak memory per tool, the ratio to Knelpunt's wall time,
# and whether each optimum agrees (relative 1e-6) with Knelpunt's, or when Knelpunt did not finish
# with the first other optimum found for that size.
python3 - "$RESULTS" "$YEAR" "$TIMEOUT" <<'PYTHON'
import csv, math, sys
rows = list(csv.DictReader(open(sys.argv[1]), delimiter="\t"))
titles = {"dataset": "datasets/nl as it is (its own physics, if any)", "physics": "datasets/nl generated with --physics --security n-1 (Kirchhoff and N-1)"}
for case in dict.fromkeys(r["case"] for r in rows):
    print(f"{titles[case]}, year {sys.argv[2]}, each run capped at {sys.argv[3]} s; ratio = wall time / Knelpunt's wall time\n")
    print("| slices | rows × columns | tool | wall s | peak MB | ratio | LP s (LP solves) | optimum € | agrees | note |")
    print("|---:|---|---|---:|---:|---:|---|---:|---|---|")
    for size in dict.fromkeys(r["slices"] for r in rows if r["case"] == case):
        group = [r for r in rows if r["case"] == case and r["slices"] == size]
        ok = [r for r in group if r["status"] == "ok" and not math.isnan(float(r["objective_eur"]))]
        reference = float(ok[0]["objective_eur"]) if ok else None
        base = next((float(r["wall_s"]) for r in group if r["tool"] == "knelpunt" and r["status"] == "ok"), None)
        for r in group:
            done = r["status"] == "ok"
            wall = f'{float(r["wall_s"]):.2f}' if done else f'> {sys.argv[3]} ({r["status"]})' if r["status"] == "timeout" else r["status"]
            ratio = f'{float(r["wall_s"]) / base:.2f}' if done and base else "–"
            lp = (f'{r["lp_s"]}' + (f' ({r["lp_solves"]})' if r["lp_solves"] else "")) if r["lp_s"] else ""
            compared = done and not math.isnan(float(r["objective_eur"]))
            objective = f'{float(r["objective_eur"]):,.0f}' if compared else "–"
            if not compared or reference is None:
                agrees = "–"
            elif len(ok) == 1:
                agrees = "(only optimum)"
            elif r is ok[0]:
                agrees = "(reference)"
            else:
                agrees = "yes" if abs(float(r["objective_eur"]) - reference) <= 1e-6 * abs(reference) else "**NO**"
            print(f'| {size} | {int(r["rows"]):,} × {int(r["columns"]):,} | {r["tool"]} | {wall} | {r["peak_mb"]} | {ratio} | {lp} | {objective} | {agrees} | {r["note"]} |')
    print()
PYTHON
