#!/usr/bin/env bash
# Starts a one-node Slurm cluster on localhost (recipe: ../shared/CLUSTER.md), as root.
# Usage: test/cluster/slurm-up.sh DIR   (DIR: scratch folder for state; prints the SLURM_CONF path)
# Needs Debian's slurmctld, slurmd, slurm-client and munge (.ci/run installs them).
set -euo pipefail
D=$(mkdir -p "$1" && cd "$1" && pwd)
chmod 755 "$D"  # munged runs as the munge user and must reach its folder
mkdir -p "$D/munge" "$D/slurm/state" "$D/slurm/spool" "$D/slurm/log" "$D/slurm/run"
cat > "$D/slurm/slurm.conf" <<CONF
ClusterName=test
SlurmctldHost=localhost
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$D/munge/munge.socket.2
SlurmUser=root
SlurmdUser=root
StateSaveLocation=$D/slurm/state
SlurmdSpoolDir=$D/slurm/spool
SlurmctldPidFile=$D/slurm/run/slurmctld.pid
SlurmdPidFile=$D/slurm/run/slurmd.pid
SlurmctldLogFile=$D/slurm/log/slurmctld.log
SlurmdLogFile=$D/slurm/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
SwitchType=switch/none
MailProg=/bin/true
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
SlurmdParameters=config_overrides
MinJobAge=600
NodeName=localhost CPUs=4 RealMemory=1000 State=UNKNOWN
PartitionName=debug Nodes=localhost Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF="$D/slurm/slurm.conf"
chown munge:munge "$D/munge" && chmod 755 "$D/munge"
if [ ! -f /etc/munge/munge.key ]; then
  dd if=/dev/urandom bs=1 count=1024 of=/etc/munge/munge.key 2>/dev/null
  chown munge:munge /etc/munge/munge.key && chmod 400 /etc/munge/munge.key
fi
runuser -u munge -- munged -S "$D/munge/munge.socket.2" --pid-file="$D/munge/munged.pid" --log-file="$D/munge/munged.log" --seed-file="$D/munge/munged.seed"
slurmctld -f "$SLURM_CONF"
slurmd -f "$SLURM_CONF" -N localhost
for _ in $(seq 1 60); do
  state=$(timeout 5 sinfo -h -N -o %T 2>/dev/null || true)
  if [ "$state" = "idle" ]; then echo "$SLURM_CONF"; exit 0; fi
  sleep 0.5
done
echo "slurm did not come up; see $D/slurm/log" >&2
exit 1
