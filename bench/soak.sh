#!/usr/bin/env bash
# Chaos soak on a real local cluster and Kafka broker (flink-cluster/src/test/java/io/connwatch/ops/SoakIT.java):
# a writer appends to followed log files (rotating them), the TaskManager is killed -9 at random moments
# and the JobManager once, and in the end every report (files and committed Kafka topics) is compared
# with a recount of every line written. CI runs a 2-minute version; this runs it longer.
#
#   bench/soak.sh [--minutes N] [--rate LINES_PER_SECOND]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
MINUTES=30
RATE=2000
while [ $# -gt 0 ]; do
  case "$1" in
    --minutes) MINUTES=$2; shift 2 ;;
    --rate) RATE=$2; shift 2 ;;
    *) sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
  esac
done
mkdir -p bench/results
LOG="bench/results/soak-$(date -u +%Y-%m-%d)-${MINUTES}min.log"
# Only the soak: no unit tests, no other integration test.
mvn -B verify -pl kafka-broker,flink-job,flink-cluster -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false \
  -Dit.test=SoakIT -Dsoak.minutes="$MINUTES" -Dsoak.rate="$RATE" 2>&1 | tee "$LOG" | grep -E '^soak:|Tests run|BUILD|ERROR' || true
grep -q '^soak:' "$LOG" && grep -q 'BUILD SUCCESS' "$LOG"
