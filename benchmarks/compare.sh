#!/usr/bin/env bash
# Side-by-side cost of tracing one workload (benchmarks' Workload: 5 nested methods, session → run →
# step → child run → tool, annotated with Ratri's annotations, OpenTelemetry's @WithSpan and Elastic
# APM's @CaptureTransaction/@CaptureSpan) under:
#   none        no agent
#   floor-record   no agent; the same calls record their own ends (two nanoTime readings and two
#               64-byte records per call into the thread's preallocated ring; Workload calls=floor-record):
#               the least any tracer that records both ends of every call pays with its exporter off
#   floor-handoff  the same plus one consumer thread that reads every record (calls=floor-handoff): the
#               least a tracer pays whose events reach another thread; bounded, the calls never wait,
#               records without room are dropped and counted (floor_dropped, in the dropped column);
#               the floors' first call and RSS include their 64 MB ring: only their per-call figures count
#   otel        OpenTelemetry Java agent 2.21.0 (@WithSpan), all exporters off
#   elastic     Elastic APM Java agent 1.52.0 (@CaptureTransaction on the top method, @CaptureSpan on
#               the nested ones), with everything that sends, polls, samples or logs off (below)
#   ratri-none  this agent, exporter=none (events built and queued, then discarded)
#   ratri-jsonl this agent, default jsonl sink
# each with the JVM's default heap sizing and with a fixed 512 MB heap (-Xms512m -Xmx512m): G1 grows
# a default heap with the allocation rate, so extra peak RSS is given both ways. A traced call's cost
# is given twice: wall time on the application thread (ns/call), and the whole process's CPU time
# (cpu-ns/call: all threads, so an exporter, GC and JIT count; over the timed rounds and until the
# process is quiet after them, so an exporter's backlog counts too). The floors' extras are also given
# as fractions of each peer's (floor/otel, floor/elastic): the share of a peer's cost no tracer avoids.
# Elastic's "exporter off" (its docs' configuration reference, one system property each):
#   disable_send=true               events are built and ended, then dropped before any serialisation
#                                   or connection (the counterpart of OpenTelemetry's exporter none)
#   central_config=false            no polling of the APM server for configuration
#   cloud_provider=NONE             no cloud metadata requests at start
#   metrics_interval=0s, breakdown_metrics=false   no metric collection (OTel: metrics exporter none)
#   span_stack_trace_min_duration=-1ms   no stack trace per span (spans here are far below its 5 ms
#                                   default anyway; neither other agent captures stacks)
#   disable_instrumentations=opentelemetry-annotations   Elastic also honours OpenTelemetry's @WithSpan
#                                   (on the same methods here): it would record 9 spans per iteration
#   application_packages=sh.ratri.benchmarks   the workload's package; @CaptureSpan matching and
#                                   stack-frame classification are limited to it
#   service_name=ratri-workload     no service-name discovery
#   log_level=OFF                   no agent log lines (it logs to stdout by default)
# Everything else (sampling rate 1.0, span limits, instrumentation set) is Elastic's default.
# compare.sh checks once, with Elastic's log at DEBUG, that it starts a transaction and its spans for
# the workload, so the comparison is with an agent that really traces.
# Runs alternate (ROUNDS rounds, each config and heap once per round) so that noise from a shared
# machine spreads over all of them; tables give the median of the rounds and each round's values.
# Then, for the jsonl sink: the highest paced rate sustained with zero drops, and application latency
# with a healthy vs a stalled sink (the sink's file is a FIFO nobody reads). Peer jars come from Maven
# Central through Maven.
#
# usage: benchmarks/compare.sh   (env: ROUNDS=3 WARMUP=200000 ITERATIONS=200000 HEAPS="default 512m"
#                                 CONFIGS="none floor-record floor-handoff otel elastic ratri-none
#                                 ratri-jsonl" RATES="…"
#                                 LATENCY_RATE=100000 JSONL_DIR=…; RATES= or LATENCY_ROUNDS=0 skip parts)
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
ROUNDS=${ROUNDS:-3}
WARMUP=${WARMUP:-200000}
ITERATIONS=${ITERATIONS:-200000}
HEAPS=${HEAPS:-"default 512m"}
CONFIGS=${CONFIGS:-"none floor-record floor-handoff otel elastic ratri-none ratri-jsonl"}
RATES=${RATES-"100000 250000 300000 400000"}
JSONL_DIR=${JSONL_DIR:-}   # where the jsonl sink writes (default: a temp dir); e.g. /dev/shm to take the disk out
LATENCY_RATE=${LATENCY_RATE:-100000}
LATENCY_ROUNDS=${LATENCY_ROUNDS:-$ROUNDS}
OTEL_VERSION=2.21.0
ELASTIC_VERSION=1.52.0
BENCH_JAR=$ROOT/benchmarks/target/ratri-benchmarks.jar
AGENT_JAR=$ROOT/agent/target/ratri-agent.jar
PEERS=$ROOT/benchmarks/target/peers
OTEL_JAR=$PEERS/opentelemetry-javaagent-$OTEL_VERSION.jar
ELASTIC_JAR=$PEERS/elastic-apm-agent-$ELASTIC_VERSION.jar
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
if [[ ! -f $ELASTIC_JAR ]]; then
  mvn -B -ntp -q dependency:copy -Dartifact=co.elastic.apm:elastic-apm-agent:$ELASTIC_VERSION \
      -DoutputDirectory="$PEERS"
fi
for tool in time bc; do command -v "$tool" >/dev/null && [[ $tool != time || -x /usr/bin/time ]] && continue
  apt-get install -y -qq "$tool" >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq "$tool" >/dev/null; }
done

ELASTIC_LOG_LEVEL=OFF
agent_args() {
  case $1 in
    none | floor-*) ;;
    otel) echo "-javaagent:$OTEL_JAR -Dotel.traces.exporter=none -Dotel.metrics.exporter=none -Dotel.logs.exporter=none" ;;
    elastic) echo "-javaagent:$ELASTIC_JAR -Delastic.apm.disable_send=true -Delastic.apm.central_config=false \
-Delastic.apm.cloud_provider=NONE -Delastic.apm.metrics_interval=0s -Delastic.apm.breakdown_metrics=false \
-Delastic.apm.span_stack_trace_min_duration=-1ms -Delastic.apm.application_packages=sh.ratri.benchmarks \
-Delastic.apm.disable_instrumentations=opentelemetry-annotations -Delastic.apm.service_name=ratri-workload -Delastic.apm.log_level=$ELASTIC_LOG_LEVEL" ;;
    ratri-none) echo "-javaagent:$AGENT_JAR=exporter=none" ;;
    ratri-jsonl) echo "-javaagent:$AGENT_JAR=jsonl.dir=$EVENTS" ;;
  esac
}

heap_args() { [[ $1 == default ]] || echo "-Xms$1 -Xmx$1"; }

calls_args() { [[ $1 != floor-* ]] || echo "calls=$1"; }

# run CONFIG HEAP WORKLOAD-ARGS… : prints the workload line, the agent's exit line, and peak RSS
run() {
  local config=$1 heap=$2; shift 2
  rm -rf "$EVENTS"
  # shellcheck disable=SC2046
  /usr/bin/time -v -o "$WORK/time.txt" java $(heap_args "$heap") $(agent_args "$config") \
      -Dlaunch.epoch.micros="$(date +%s%6N)" \
      -cp "$BENCH_JAR" sh.ratri.benchmarks.workload.Workload $(calls_args "$config") "$@" >"$WORK/out.txt" 2>"$WORK/err.txt"
  local rss; rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$WORK/time.txt")
  local dropped; dropped=$(grep -o '[0-9]* dropped' "$WORK/err.txt" | awk '{print $1}' || true)
  local line; line=$(grep '^workload:' "$WORK/out.txt" || true)
  dropped=${dropped:-$(field floor_dropped "$line")}
  echo "$line rss_kb=$rss dropped=${dropped:-0}"
  rm -rf "$EVENTS"
}

field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<"$2"; }
median() { sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), \
$(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo), $(java -version 2>&1 | head -1), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
echo "workload: warmup=$WARMUP iterations=$ITERATIONS rounds=5 (per JVM) x $ROUNDS alternating rounds, heaps: $HEAPS"

if [[ " $CONFIGS " == *" elastic "* ]]; then
  # Elastic traces the workload: its debug log names the transaction and the spans it starts
  ELASTIC_LOG_LEVEL=DEBUG run elastic default warmup=0 iterations=1 rounds=1 >/dev/null
  transactions=$(grep -c 'startTransaction' "$WORK/out.txt" || true)
  spans=$(grep -c 'startSpan' "$WORK/out.txt" || true)
  echo "elastic check: $transactions transactions and $spans spans started for 2 iterations (first call + 1; expect 2 and 8)"
  if (( transactions < 1 || spans != 4 * transactions )); then
    echo "elastic does not trace the workload: its comparison would be meaningless" >&2
    exit 1
  fi
fi
echo
for round in $(seq 1 "$ROUNDS"); do
  for heap in $HEAPS; do
    for config in $CONFIGS; do
      line=$(run "$config" "$heap" warmup="$WARMUP" iterations="$ITERATIONS" rounds=5)
      echo "round $round heap $heap $config: $line"
      echo "$heap $config $(field ns_per_call "$line") $(field startup_ms "$line") $(field rss_kb "$line") \
$(field dropped "$line") $(field first_call_ms "$line") $round $(field first_call_cpu_ms "$line") \
$(field cpu_ns_per_call "$line")" >>"$WORK/results.txt"
    done
  done
done

# columns of results.txt: heap config ns/call start-ms rss-kB dropped 1st-call-ms round 1st-call-cpu-ms
# cpu-ns/call (all threads of the process, timed rounds until its threads are quiet again)
med() { awk -v h="$1" -v c="$2" -v k="$3" '$1 == h && $2 == c {print $k}' "$WORK/results.txt" | median; }
extra() { echo "$(med "$1" "$2" "$3") - $(med "$1" none "$3")" | bc -l; }
ratio() { # heap ours peer column: (ours - none) / (peer - none), medians of the same run
  echo "scale=3; ($(med "$1" "$2" "$4") - $(med "$1" none "$4")) / ($(med "$1" "$3" "$4") - $(med "$1" none "$4"))" | bc -l
}
for heap in $HEAPS; do
  echo
  echo "heap $heap: medians of $ROUNDS rounds; extra = over the no-agent run (none) of the same heap"
  printf '%-12s %10s %10s %12s %10s %10s %10s %12s %12s %10s %10s %10s\n' config ns/call overhead cpu-ns/call \
      cpu-extra start-ms start-extra 1st-call-ms 1st-extra rss-MB rss-extra dropped
  for config in $CONFIGS; do
    printf '%-12s %10.1f %10.1f %12.1f %10.1f %10.1f %10.1f %12.1f %12.1f %10.1f %10.1f %10s\n' "$config" \
        "$(med "$heap" "$config" 3)" "$(extra "$heap" "$config" 3)" \
        "$(med "$heap" "$config" 10)" "$(extra "$heap" "$config" 10)" \
        "$(med "$heap" "$config" 4)" "$(extra "$heap" "$config" 4)" \
        "$(med "$heap" "$config" 7)" "$(extra "$heap" "$config" 7)" \
        "$(echo "$(med "$heap" "$config" 5) / 1024" | bc -l)" "$(echo "$(extra "$heap" "$config" 5) / 1024" | bc -l)" \
        "$(med "$heap" "$config" 6)"
  done
  echo "per round (launch → main ms / → end of first traced call ms / main thread's CPU ms until then / ns per call /"
  echo "  CPU ns per call, all threads / peak RSS MB):"
  for config in $CONFIGS; do
    printf '  %-12s' "$config"
    awk -v h="$heap" -v c="$config" '$1 == h && $2 == c {printf "  r%d %s / %s / %s / %s / %s / %.1f", $8, $4, $7, $9, $3, $10, $5 / 1024}' \
        "$WORK/results.txt"
    echo
  done
  for peer in otel elastic; do
    [[ " $CONFIGS " == *" $peer "* && " $CONFIGS " == *" ratri-none "* ]] || continue
    echo "ratios ours/$peer (extras over none, heap $heap):"
    echo "  per traced call, exporter=none: $(ratio "$heap" ratri-none $peer 3)   jsonl: $(ratio "$heap" ratri-jsonl $peer 3)"
    echo "  CPU per traced call, all threads, exporter=none: $(ratio "$heap" ratri-none $peer 10)   jsonl: $(ratio "$heap" ratri-jsonl $peer 10)"
    echo "  launch → main:                  $(ratio "$heap" ratri-none $peer 4)"
    echo "  launch → end of 1st traced call: $(ratio "$heap" ratri-none $peer 7)   (includes weaving the annotated class)"
    echo "  main thread's CPU until then:   $(ratio "$heap" ratri-none $peer 9)"
    echo "  extra peak RSS, exporter=none:  $(ratio "$heap" ratri-none $peer 5)   jsonl: $(ratio "$heap" ratri-jsonl $peer 5)"
  done
  for peer in otel elastic; do
    [[ " $CONFIGS " == *" $peer "* ]] || continue
    wall='' cpu=''
    for floor in floor-record floor-handoff; do
      [[ " $CONFIGS " == *" $floor "* ]] || continue
      wall+=" ${floor#floor-} $(ratio "$heap" "$floor" $peer 3)"
      cpu+=" ${floor#floor-} $(ratio "$heap" "$floor" $peer 10)"
    done
    if [[ -n $wall ]]; then
      echo "floor/$peer: per call$wall; CPU per call, all threads:$cpu   (extras over none, heap $heap)"
    fi
  done
done
ours=$(stat -c %s "$AGENT_JAR")
for peer_jar in "$OTEL_JAR" "$ELASTIC_JAR"; do
  theirs=$(stat -c %s "$peer_jar")
  echo "agent jar: $(echo "scale=2; $ours / 1048576" | bc) MiB vs $(basename "$peer_jar") \
$(echo "scale=2; $theirs / 1048576" | bc) MiB = $(echo "scale=3; $ours / $theirs" | bc)"
done

[[ -n $RATES ]] && echo && echo "jsonl: paced traced calls/s for 3 s each, alternating rounds; a rate counts only with 0 dropped"
for round in $(seq 1 "$ROUNDS"); do
  for rate in $RATES; do
    line=$(run ratri-jsonl default warmup=0 rate="$rate" seconds=3)
    echo "round $round rate $rate: $line"
  done
done

(( LATENCY_ROUNDS > 0 )) && echo && echo "stalled sink: iteration latency (5 traced calls) at $LATENCY_RATE traced calls/s, healthy vs stalled jsonl sink"
for round in $(seq 1 "$LATENCY_ROUNDS"); do
  healthy=$(run ratri-jsonl default warmup=5000 rate="$LATENCY_RATE" seconds=5 latency=true)
  stalled=$(run ratri-jsonl default warmup=5000 rate="$LATENCY_RATE" seconds=5 latency=true stall="$EVENTS")
  echo "round $round healthy: $healthy"
  echo "round $round stalled: $stalled"
  echo "round $round p99 stalled/healthy: $(echo "scale=3; $(field p99 "$stalled") / $(field p99 "$healthy")" | bc -l)"
done
