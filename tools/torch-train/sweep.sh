#!/usr/bin/env bash
# Fine-tune several phases side by side on one GPU, all from one checkpoint and for the same wall time,
# then keep each one's generator (13.6 MB at ngf 16: under the 16 MiB a file the device tool returns) and logs.
# A phase still running GRACE seconds (default 120) after its planned end is stopped; its last checkpoint is kept.
# Used on the GPU machine lent through `device`; each phase is one train.py process.
# Usage: sweep.sh DATA INIT OUT MINUTES "NAME TRAIN_ARGS..." ["NAME TRAIN_ARGS..." ...]
set -u
here=$(cd "$(dirname "$0")" && pwd)
data=$1 init=$2 out=$3 minutes=$4
shift 4
py=${PYTHON:-python3}
runs=${RUNS:-/tmp/sweep}
mkdir -p "$out" "$runs"
names=()
for spec in "$@"; do
  read -r name args <<<"$spec"
  names+=("$name")
  # shellcheck disable=SC2086  # args is a list of flags
  PYTHONUNBUFFERED=1 timeout "$(awk "BEGIN{print int($minutes*60)+${GRACE:-120}}")" "$py" "$here/train.py" --data "$data" --out "$runs/$name" --init "$init" --minutes "$minutes" \
    --threads 2 --sample-every 20000 --ckpt-every 5000 $args >"$runs/$name.log" 2>&1 &
done
wait
status=0
for name in "${names[@]}"; do
  tail -n 2 "$runs/$name.log"
  if [ -f "$runs/$name/checkpoint.pt" ]; then
    "$py" "$here/slim_checkpoint.py" "$runs/$name/checkpoint.pt" "$out/$name.pt" --generator-only || status=1
  else
    echo "$name: no checkpoint"; status=1
  fi
done
tar -czf "$out/logs.tgz" --exclude=samples --exclude="*.pt" --exclude="*.tmp" -C "$runs" .
exit $status
