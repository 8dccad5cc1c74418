#!/usr/bin/env bash
# Side-by-side cost of tracing one workload (benchmarks' Workload: 5 nested methods, session → run →
# step → child run → tool, annotated with Ratri's annotations and OpenTelemetry's @WithSpan) under:
#   none        no agent
#   otel        OpenTelemetry Java agent 2.21.0 (@WithSpan), all exporters off
#   ratri-none  this agent, exporter=none (events built and queued, then discarded)
#   ratri-jsonl this agent, default jsonl sink
# Runs alternate (ROUNDS rounds, each config once per round) so that noise from a shared machine
# spreads over all of them; the table gives the median of the rounds. Then, for the jsonl sink: the
# highest paced rate sustained with zero drops, and application latency with a healthy vs a stalled
# sink (the sink's file is a FIFO nobody reads). Peer jars come from Maven Central through Maven.
#
# usage: benchmarks/compare.sh            (env: ROUNDS=3 WARMUP=200000 ITERATIONS=200000 RATES="…")
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
ROUNDS=${ROUNDS:-3}
WARMUP=${WARMUP:-200000}
ITERATIONS=${ITERATIONS:-200000}
RATES=${RATES:-"100000 250000 300000 400000"}
JSONL_DIR=${JSONL_DIR:-}   # where the jsonl sink writes (default: a temp dir); e.g. /dev/shm to take the disk out
LATENCY_RATE=${LATENCY_RATE:-100000}
OTEL_VERSION=2.21.0
BENCH_JAR=$ROOT/benchmarks/target/ratri-benchmarks.jar
AGENT_JAR=$ROOT/agent/target/ratri-agent.jar
PEERS=$ROOT/benchmarks/target/peers
OTEL_JAR=$PEERS/opentelemetry-javaagent-$OTEL_VERSION.jar
WORK=$(mktemp -d "${TMPDIR:-/tmp}/ratri-compare.XXXXXX")
EVENTS=${JSONL_DIR:+$JSONL_DIR/ratri-compare-$$}
EVENTS=${EVENTS:-$WORK/events}
trap 'rm -rf "$WORK" "$EVENTS"' EXIT

if [[ ! -f $BENCH_JAR || ! -f $AGENT_JAR ]]; then
  (cd "$ROOT" && mvn -B -ntp -q -DskipTests package)
fi
if [[ ! -f $OTEL_JAR ]]; then
  mvn -B -ntp -q dependency:copy -Dartifact=io.opentelemetry.javaagent:opentelemetry-javaagent:$OTEL_VERSION \
      -DoutputDirectory="$PEERS"
fi
for tool in time bc; do command -v "$tool" >/dev/null && [[ $tool != time || -x /usr/bin/time ]] && continue
  apt-get install -y -qq "$tool" >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq "$tool" >/dev/null; }
done

agent_args() {
  case $1 in
    none) ;;
    otel) echo "-javaagent:$OTEL_JAR -Dotel.traces.exporter=none -Dotel.metrics.exporter=none -Dotel.logs.exporter=none" ;;
    ratri-none) echo "-javaagent:$AGENT_JAR=exporter=none" ;;
    ratri-jsonl) echo "-javaagent:$AGENT_JAR=jsonl.dir=$EVENTS" ;;
  esac
}

# run CONFIG WORKLOAD-ARGS… : prints the workload line, the agent's exit line, and peak RSS
run() {
  local config=$1; shift
  rm -rf "$EVENTS"
  # shellcheck disable=SC2046
  /usr/bin/time -v -o "$WORK/time.txt" java $(agent_args "$config") -Dlaunch.epoch.micros="$(date +%s%6N)" \
      -cp "$BENCH_JAR" sh.ratri.benchmarks.workload.Workload "$@" >"$WORK/out.txt" 2>"$WORK/err.txt"
  local rss; rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$WORK/time.txt")
  local dropped; dropped=$(grep -o '[0-9]* dropped' "$WORK/err.txt" | awk '{print $1}' || true)
  echo "$(grep '^workload:' "$WORK/out.txt") rss_kb=$rss dropped=${dropped:-0}"
  rm -rf "$EVENTS"
}

field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<"$2"; }
median() { sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), \
$(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo), $(java -version 2>&1 | head -1), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
echo "workload: warmup=$WARMUP iterations=$ITERATIONS rounds=5 (per JVM) x $ROUNDS alternating rounds"
echo
CONFIGS="none otel ratri-none ratri-jsonl"
for round in $(seq 1 "$ROUNDS"); do
  for config in $CONFIGS; do
    line=$(run "$config" warmup="$WARMUP" iterations="$ITERATIONS" rounds=5)
    echo "round $round $config: $line"
    echo "$config $(field ns_per_call "$line") $(field startup_ms "$line") $(field rss_kb "$line") $(field dropped "$line") \
$(field first_call_ms "$line")" >>"$WORK/results.txt"
  done
done

med() { awk -v c="$1" -v k="$2" '$1 == c {print $k}' "$WORK/results.txt" | median; }
echo
printf '%-12s %12s %12s %12s %12s %12s %12s %12s %10s\n' config ns/call overhead start-ms start-extra \
    1st-call-ms rss-MB rss-extra dropped
for config in $CONFIGS; do
  printf '%-12s %12.1f %12.1f %12.1f %12.1f %12.1f %12.1f %12.1f %10s\n' "$config" \
      "$(med "$config" 2)" "$(echo "$(med "$config" 2) - $(med none 2)" | bc -l)" \
      "$(med "$config" 3)" "$(echo "$(med "$config" 3) - $(med none 3)" | bc -l)" "$(med "$config" 6)" \
      "$(echo "$(med "$config" 4) / 1024" | bc -l)" "$(echo "($(med "$config" 4) - $(med none 4)) / 1024" | bc -l)" \
      "$(med "$config" 5)"
done
ratio() { echo "scale=3; ($(med "$1" "$3") - $(med none "$3")) / ($(med "$2" "$3") - $(med none "$3"))" | bc -l; }
echo
echo "ratios ours/OpenTelemetry (overheads over the no-agent baseline of the same run):"
echo "  per traced call, exporter=none: $(ratio ratri-none otel 2)   jsonl: $(ratio ratri-jsonl otel 2)"
echo "  start-to-main:                  $(ratio ratri-none otel 3)"
echo "  start to first traced call:     $(ratio ratri-none otel 6)   (includes weaving the annotated class)"
echo "  extra peak RSS, exporter=none:  $(ratio ratri-none otel 4)   jsonl: $(ratio ratri-jsonl otel 4)"
ours=$(stat -c %s "$AGENT_JAR"); theirs=$(stat -c %s "$OTEL_JAR")
echo "  agent jar: $(echo "scale=2; $ours / 1048576" | bc) MiB vs $(echo "scale=2; $theirs / 1048576" | bc) MiB = $(echo "scale=3; $ours / $theirs" | bc)"

echo
echo "jsonl: paced traced calls/s for 3 s each, alternating rounds; a rate counts only with 0 dropped"
for round in $(seq 1 "$ROUNDS"); do
  for rate in $RATES; do
    line=$(run ratri-jsonl warmup=0 rate="$rate" seconds=3)
    echo "round $round rate $rate: $line"
  done
done

echo
echo "stalled sink: iteration latency (5 traced calls) at $LATENCY_RATE traced calls/s, healthy vs stalled jsonl sink"
for round in $(seq 1 "$ROUNDS"); do
  healthy=$(run ratri-jsonl warmup=5000 rate="$LATENCY_RATE" seconds=5 latency=true)
  stalled=$(run ratri-jsonl warmup=5000 rate="$LATENCY_RATE" seconds=5 latency=true stall="$EVENTS")
  echo "round $round healthy: $healthy"
  echo "round $round stalled: $stalled"
  echo "round $round p99 stalled/healthy: $(echo "scale=3; $(field p99 "$stalled") / $(field p99 "$healthy")" | bc -l)"
done
