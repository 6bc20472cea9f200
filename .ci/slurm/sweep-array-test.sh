#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The Slurm job array of docs/scenarios.md ("Slurm job array"), run for real: starts a private
# single-node Slurm cluster on this machine (munged, slurmctld, slurmd; own ports, own munge key,
# all state under WORK/cluster), submits the documented batch script with `sbatch --wait`, runs
# the documented `knelpunt merge`, and checks that the merged folder equals an unsharded run of
# the same sweep byte for byte. The daemons are stopped on every exit (trap), by the PIDs they
# wrote, kept in WORK/cluster/daemons.pids.
#
# The batch script and the merge command are taken from docs/scenarios.md as written; only the
# dataset (`nl` → datasets/tiny, so the run takes seconds) is replaced, and the documented array
# size, CPUs and time are overridden on the sbatch command line (--array=1-TASKS
# --cpus-per-task=1 --time=10) to fit this machine. The spec sweeps/miek-late.toml is a small
# Monte Carlo delay sweep over tiny.
#
# Usage: .ci/slurm/sweep-array-test.sh --knelpunt PATH --work DIR [--tasks N] [--fail-task K]
#   --fail-task K  puts a plain file where task K writes its shard, so that task fails (exit 73):
#                  the run must then fail too (exit 1), after stopping the daemons.
# Exit: 0 merged = unsharded; 1 a task or a check failed (the reason on standard error);
#       64 usage; 77 Slurm is absent or this is not root (skipped, with the reason).
# Needs (Debian): slurmctld slurmd slurm-client munge, run as root (.ci/run installs them).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
export PATH="$PATH:/usr/sbin:/sbin"

KNELPUNT=""
WORK=""
TASKS=4
FAIL_TASK=""
while [ $# -gt 0 ]; do
  case "$1" in
    --knelpunt) KNELPUNT="$2"; shift 2 ;;
    --work) WORK="$2"; shift 2 ;;
    --tasks) TASKS="$2"; shift 2 ;;
    --fail-task) FAIL_TASK="$2"; shift 2 ;;
    *) echo "unknown option $1 (see the header of $0)" >&2; exit 64 ;;
  esac
done
[ -x "$KNELPUNT" ] && [ -n "$WORK" ] || { echo "usage: $0 --knelpunt PATH --work DIR [--tasks N] [--fail-task K]" >&2; exit 64; }

for tool in munged mungekey slurmctld slurmd sbatch sinfo scancel; do
  command -v "$tool" >/dev/null || { echo "skipped: Slurm is absent ($tool not found); apt-get install slurmctld slurmd slurm-client munge" >&2; exit 77; }
done
[ "$(id -u)" = 0 ] || { echo "skipped: starting slurmd and munged needs root" >&2; exit 77; }

fail() { echo "slurm array test: $*" >&2; exit 1; }

KNELPUNT="$(cd "$(dirname "$KNELPUNT")" && pwd)/$(basename "$KNELPUNT")"
mkdir -p "$WORK"
WORK="$(cd "$WORK" && pwd)"
CLUSTER="$WORK/cluster"
RUN="$WORK/run"
mkdir -p "$CLUSTER/state" "$CLUSTER/spool" "$CLUSTER/munge" "$RUN/sweeps"
# munged runs as the munge user: it must reach its folder, which must not be group/world writable.
chmod 755 "$WORK" "$CLUSTER" "$CLUSTER/munge"
chown munge:munge "$CLUSTER/munge"
export SLURM_CONF="$CLUSTER/slurm.conf"

# The daemons started, one "NAME PID" line each in start order (their pid files vanish on exit,
# so the PIDs are kept here for stop_cluster and for a caller checking that they are gone).
DAEMONS="$CLUSTER/daemons.pids"
: > "$DAEMONS"
# started NAME PIDFILE: records the PID the daemon wrote (waits up to 5 s for the pid file).
started() {
  for _ in $(seq 1 50); do [ -s "$2" ] && break; sleep 0.1; done
  [ -s "$2" ] || fail "$1 wrote no pid file $2"
  echo "$1 $(cat "$2")" >> "$DAEMONS"
}

# running PID: the process exists and is not a zombie (a stopped daemon that the process
# reaping orphans, PID 1, has not collected yet).
running() {
  local stat
  stat="$(cat "/proc/$1/stat" 2>/dev/null)" || return 1
  stat="${stat##*) }"
  [ "${stat%% *}" != Z ]
}

# Stops the daemons, newest first, by their recorded PIDs: SIGTERM, then SIGKILL after 10 s.
JOB=""
stop_cluster() {
  local status=$?
  [ -n "$JOB" ] && scancel "$JOB" 2>/dev/null || true
  local name pid
  while read -r name pid; do
    kill -TERM "$pid" 2>/dev/null || continue
    for _ in $(seq 1 100); do running "$pid" || break; sleep 0.1; done
    running "$pid" && { echo "$name ($pid) ignored SIGTERM; SIGKILL" >&2; kill -KILL "$pid" 2>/dev/null; } || true
  done < <(tac "$DAEMONS")
  echo "daemons stopped, $SECONDS s after the start" >&2
  exit "$status"
}
trap stop_cluster EXIT
trap 'exit 1' INT TERM

# Ports of this cluster (not the default 6817/6818, which another Slurm on the machine may hold).
CTLD_PORT=$((20000 + ($$ % 5000) * 2))
SLURMD_PORT=$((CTLD_PORT + 1))
HOST="$(hostname -s)"
cat > "$SLURM_CONF" <<CONF
ClusterName=knelpuntci
SlurmctldHost=$HOST(127.0.0.1)
SlurmctldPort=$CTLD_PORT
SlurmdPort=$SLURMD_PORT
SlurmUser=root
AuthType=auth/munge
AuthInfo=socket=$CLUSTER/munge/munge.socket
StateSaveLocation=$CLUSTER/state
SlurmdSpoolDir=$CLUSTER/spool
SlurmctldPidFile=$CLUSTER/slurmctld.pid
SlurmdPidFile=$CLUSTER/slurmd.pid
SlurmctldLogFile=$CLUSTER/slurmctld.log
SlurmdLogFile=$CLUSTER/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
MailProg=/bin/true
MinJobAge=4
SchedulerParameters=batch_sched_delay=0
ReturnToService=2
NodeName=$HOST NodeAddr=127.0.0.1 CPUs=$(nproc) State=UNKNOWN
PartitionName=ci Nodes=$HOST Default=YES MaxTime=INFINITE State=UP
CONF

mungekey --create --keyfile="$CLUSTER/munge/munge.key" 2>/dev/null || dd if=/dev/urandom of="$CLUSTER/munge/munge.key" bs=1024 count=1 2>/dev/null
chown munge:munge "$CLUSTER/munge/munge.key"
chmod 600 "$CLUSTER/munge/munge.key"
# The daemons start with default signal handling: a parent that ignores SIGTERM (a test process
# with its own signal handlers) would otherwise pass that on, and SIGTERM would not stop them.
DEFAULT_SIGNALS=(env --default-signal)
env --default-signal true 2>/dev/null || DEFAULT_SIGNALS=()
"${DEFAULT_SIGNALS[@]}" runuser -u munge -- munged --socket="$CLUSTER/munge/munge.socket" --key-file="$CLUSTER/munge/munge.key" \
  --pid-file="$CLUSTER/munge/munged.pid" --log-file="$CLUSTER/munge/munged.log" --seed-file="$CLUSTER/munge/munged.seed" \
  || fail "munged did not start: $(tail -n 3 "$CLUSTER/munge/munged.log" 2>/dev/null)"
started munged "$CLUSTER/munge/munged.pid"
"${DEFAULT_SIGNALS[@]}" slurmctld -f "$SLURM_CONF" || fail "slurmctld did not start: $(tail -n 5 "$CLUSTER/slurmctld.log" 2>/dev/null)"
started slurmctld "$CLUSTER/slurmctld.pid"
"${DEFAULT_SIGNALS[@]}" slurmd -f "$SLURM_CONF" || fail "slurmd did not start: $(tail -n 5 "$CLUSTER/slurmd.log" 2>/dev/null)"
started slurmd "$CLUSTER/slurmd.pid"
for _ in $(seq 1 150); do
  [ "$(sinfo -h -n "$HOST" -o %t 2>/dev/null)" = idle ] && break
  sleep 0.2
done
[ "$(sinfo -h -n "$HOST" -o %t 2>/dev/null)" = idle ] && echo "node $HOST idle, $SECONDS s after the start" >&2 || fail "node $HOST not idle after 30 s: $(sinfo 2>&1 | tail -n 2); $(tail -n 5 "$CLUSTER/slurmctld.log")"

# The documented batch script and merge command (docs/scenarios.md, the two sh blocks after
# "#### Slurm job array"), with the dataset replaced.
DOC="$ROOT/docs/scenarios.md"
awk -v script="$RUN/sweep-array.sh" -v merge="$RUN/merge.sh" '
  /^#### / { on = ($0 == "#### Slurm job array") }
  on && /^```sh$/ { n++; inside = 1; next }
  inside && /^```$/ { inside = 0; next }
  inside && n == 1 { print > script }
  inside && n == 2 { print > merge }' "$DOC"
[ -s "$RUN/sweep-array.sh" ] && [ -s "$RUN/merge.sh" ] || fail "no batch script and merge command under '#### Slurm job array' in $DOC"
[ "$(grep -c 'knelpunt sweep nl ' "$RUN/sweep-array.sh")" = 1 ] || fail "the documented batch script does not run 'knelpunt sweep nl ' once"
sed -i "s|knelpunt sweep nl |knelpunt sweep $ROOT/datasets/tiny |" "$RUN/sweep-array.sh"
grep -q 'knelpunt merge ' "$RUN/merge.sh" || fail "the documented merge command does not run 'knelpunt merge'"

cat > "$RUN/sweeps/miek-late.toml" <<'SPEC'
name = "tiny delays for the Slurm array test"
years = "2028-2030"

[monte_carlo]
samples = 8
seed = 2025

[[delay]]
status = "planned"
values = [0, 1, 2, 3]
weights = [0.4, 0.3, 0.2, 0.1]
SPEC

# The documented script runs `knelpunt` from PATH (sbatch passes the environment on).
export PATH="$(dirname "$KNELPUNT"):$PATH"
cd "$RUN"
if [ -n "$FAIL_TASK" ]; then
  mkdir -p runs/miek-late
  echo "not a sweep folder: task $FAIL_TASK must fail" > "runs/miek-late/shard-$FAIL_TASK"
fi
SUBMITTED="$(date +%s)"
set +e
timeout 300 sbatch --wait --parsable --array="1-$TASKS" --cpus-per-task=1 --time=10 --output='slurm-%A_%a.out' sweep-array.sh > sbatch.out 2> sbatch.err
SBATCH_STATUS=$?
set -e
JOB="$(cut -d';' -f1 sbatch.out)"
echo "job array $JOB: $TASKS tasks, sbatch --wait exited $SBATCH_STATUS after $(($(date +%s) - SUBMITTED)) s" >&2
if [ "$SBATCH_STATUS" -ne 0 ]; then
  for log in slurm-*.out; do
    [ -s "$log" ] && { echo "--- $log"; tail -n 5 "$log"; } >&2
  done
  fail "the job array failed (sbatch --wait exited $SBATCH_STATUS: $(cat sbatch.err))"
fi
JOB=""
for k in $(seq 1 "$TASKS"); do
  [ -s "runs/miek-late/shard-$k/sweep.journal" ] || fail "task $k wrote no runs/miek-late/shard-$k/sweep.journal"
done

bash merge.sh > merge.log 2>&1 || fail "the documented merge failed: $(cat merge.log)"
knelpunt sweep "$ROOT/datasets/tiny" --spec sweeps/miek-late.toml --out runs/miek-late/unsharded --quiet > unsharded.log 2>&1 \
  || fail "the unsharded sweep failed: $(cat unsharded.log)"
[ "$(ls runs/miek-late/all)" = "$(ls runs/miek-late/unsharded)" ] \
  || fail "merged files ($(ls runs/miek-late/all | tr '\n' ' ')) differ from unsharded ($(ls runs/miek-late/unsharded | tr '\n' ' '))"
for file in $(ls runs/miek-late/unsharded); do
  cmp "runs/miek-late/all/$file" "runs/miek-late/unsharded/$file" >&2 || fail "merged $file differs from the unsharded run's"
done
echo "merged = unsharded, byte for byte: $(ls runs/miek-late/all | tr '\n' ' ')" >&2

# The Kubernetes Indexed Job recipe (docs/scenarios.md, after "#### Kubernetes Indexed Job") runs
# the same shard and merge commands: its container command for every completion index, here one
# after the other without Kubernetes (volumes /specs and /runs mapped to folders here, the same
# dataset replacement), then its merge; the result must equal the unsharded run too.
awk '/^#### / { on = ($0 == "#### Kubernetes Indexed Job") }
  on && /^ *- >$/ { args = 1; next }
  args && /^ *(volumeMounts:|- name:)/ { exit }
  args { sub(/^ +/, ""); printf "%s ", $0 }' "$DOC" > k8s-command.sh
K8S_MERGE="$(awk '/^#### / { on = ($0 == "#### Kubernetes Indexed Job") } on' "$DOC" | grep -o 'knelpunt merge /runs/[^`]*' | head -n 1)"
COMPLETIONS="$(awk '/^#### / { on = ($0 == "#### Kubernetes Indexed Job") } on && /^ *completions:/ { print $2; exit }' "$DOC")"
grep -q 'knelpunt sweep nl .*--shard' k8s-command.sh && [ -n "$K8S_MERGE" ] && [ -n "$COMPLETIONS" ] \
  || fail "no container command, completions or merge command under '#### Kubernetes Indexed Job' in $DOC"
mkdir -p k8s
sed -i "s|knelpunt sweep nl |knelpunt sweep $ROOT/datasets/tiny |; s|/specs/|$RUN/sweeps/|g; s|/runs/|$RUN/k8s/|g" k8s-command.sh
for ((index = 0; index < COMPLETIONS; index++)); do
  JOB_COMPLETION_INDEX=$index sh -c "$(cat k8s-command.sh) --quiet" > k8s.log 2>&1 || fail "Kubernetes index $index failed: $(cat k8s.log)"
done
sh -c "$(echo "$K8S_MERGE" | sed "s|/runs/|$RUN/k8s/|g")" > k8s.log 2>&1 || fail "the Kubernetes recipe's merge failed: $(cat k8s.log)"
for file in $(ls runs/miek-late/unsharded); do
  cmp "k8s/miek-late/all/$file" "runs/miek-late/unsharded/$file" >&2 || fail "the Kubernetes recipe's merged $file differs from the unsharded run's"
done
echo "Kubernetes recipe ($COMPLETIONS indices, run in turn): merged = unsharded, byte for byte" >&2
