#!/usr/bin/env bash
# Stops the daemons started by slurm-up.sh DIR (no service manager runs here: by pid files).
D=$(cd "$1" && pwd)
for pid in "$D/slurm/run/slurmd.pid" "$D/slurm/run/slurmctld.pid" "$D/munge/munged.pid"; do
  [ -f "$pid" ] && kill "$(cat "$pid")" 2>/dev/null || true
done
exit 0
