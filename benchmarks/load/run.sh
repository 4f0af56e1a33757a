#!/usr/bin/env bash
# Load benchmark of POST QuestionnaireResponse/$assess: the RecoveryLink endpoint (token check,
# rules, full result Bundle, audit row and screening count) side by side with a plain HAPI
# RestfulServer peer (parse, sum, three resources back), both driven by wrk on this machine in
# one run, with the same bodies: the shipped AUDIT response, each request with an identifier of
# its own, so that every one is a distinct screening.
#
#   mvn -B -q -pl benchmarks -am -DskipTests package
#   benchmarks/load/run.sh
#   # both servers with bin/run's JVM options (bin/jvm.options) and MALLOC_ARENA_MAX=2, unless
#   # JAVA_OPTS="..." says otherwise; WARM=120 DURATION=30
#   OURS_JAR=other/recoverylink-server.jar ... measures another build of ours against the peer
#
# Prints one Markdown table row per server and connection count, the ratio ours/peer at 64
# connections, the time from `java -jar` to our readiness line and each server's peak resident
# memory since its start (the kernel's high-water mark). Then it checks what ours kept: it
# sends a few more responses twice each, reads the IBA report, stops ours with SIGTERM and
# counts the rows in its H2 file. The report's screening count must equal the distinct
# responses answered (each once, resends not again), and the audit rows the calls answered;
# the script exits 1 when either does not.
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
jar=${OURS_JAR:-$root/server/target/recoverylink-server.jar} # another build: before and after
bench=$root/benchmarks/target/benchmarks.jar
body=$root/examples/src/main/resources/examples/audit-response.json
# Two minutes' warm-up: on 2 processors under full load the JIT compiler shares them with the
# load, and ours, with far more code on its path than the peer, was still compiling its hot
# methods a minute in (benchmarks/README.md, "Measured before the compiler was done").
warm=${WARM:-120}
duration=${DURATION:-30}
java_opts=${JAVA_OPTS-@$root/bin/jvm.options} # set and empty: the JVM's own defaults
export MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2} # as bin/run sets it, for both servers
ours_port=${OURS_PORT:-18480}
peer_port=${PEER_PORT:-18481}
resends=20
command -v wrk >/dev/null || { echo "wrk is needed (Debian: apt-get install wrk)" >&2; exit 1; }
command -v jq >/dev/null || { echo "jq is needed (Debian: apt-get install jq)" >&2; exit 1; }
grep -q '"FR-2026-000481"' "$body" || { echo "$body: no identifier FR-2026-000481" >&2; exit 1; }

work=$(mktemp -d)
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait || true; rm -rf "$work"; }
trap cleanup EXIT

wait_ready() { # $1 log, $2 pid: until the readiness line, or fail if the server died
  until grep -q 'ready at' "$1" 2>/dev/null; do
    kill -0 "$2" 2>/dev/null || { cat "$1" >&2; exit 1; }
    sleep 0.02
  done
}

# Ours: time from launch to the readiness line. Reports exact (no rounding) for the check.
metrics_token=$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')
started=$(date +%s%N)
# shellcheck disable=SC2086
RECOVERYLINK_METRICS_TOKEN=$metrics_token java $java_opts -jar "$jar" --data "$work/data" \
  --port "$ours_port" --report-rounding 1 >"$work/ours.log" 2>&1 &
pids+=($!); ours_pid=$!
wait_ready "$work/ours.log" "$ours_pid"
ready_ms=$(( ($(date +%s%N) - started) / 1000000 ))
ours_base="http://127.0.0.1:$ours_port/fhir"
token=$(java -jar "$jar" token --role gp --org A81001 --data "$work/data" --ttl 7200 \
  --base-url "$ours_base") # the audience the server checks
commissioner=$(java -jar "$jar" token --role commissioner --org essex-cc --data "$work/data" \
  --ttl 7200 --base-url "$ours_base")

# shellcheck disable=SC2086
java $java_opts -cp "$bench" org.recoverylink.benchmarks.peer.PlainHapiServer "$peer_port" \
  >"$work/peer.log" 2>&1 &
pids+=($!); peer_pid=$!
wait_ready "$work/peer.log" "$peer_pid"

answered_200() { # $assess calls ours has answered 200 so far, by its own metrics
  curl -sf -H "Authorization: Bearer $metrics_token" "http://127.0.0.1:$ours_port/metrics" \
    | awk '/^http_server_requests_seconds_count/ && /assess/ && /status="200"/ {n += $NF}
           END {printf "%d\n", n}'
}
answered_before=$(answered_200) # the server's own warm-up, which stores nothing

script() { # $1: file, $2: identifier prefix, $3: extra header line
  cat >"$1" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/fhir+json"
$3
local f = io.open("$body", "r")
local template = f:read("*a")
f:close()
-- Each request its own response: the shipped identifier replaced by prefix-thread-counter.
local at = string.find(template, "FR-2026-000481", 1, true)
local before, after = string.sub(template, 1, at - 1), string.sub(template, at + 14)
local threads, counter = 0, 0
function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end
function request()
  counter = counter + 1
  return wrk.format(nil, nil, nil, before .. "$2-" .. tid .. "-" .. counter .. after)
end
LUA
}

peak_rss() { # a process's largest resident set since it started, in MB: the kernel's own
  # high-water mark, exact, where sampling ps twice a second missed peaks between samples and,
  # starting processes on the same 2 processors, added to the very latencies being measured
  awk '/^VmHWM:/ {printf "%d\n", $2 / 1024}' "/proc/$1/status"
}

declare -A rps p99 errors rss
measure() { # $1 name, $2 pid, $3 port, $4 connections, $5 seconds, $6 phase
  local url="http://127.0.0.1:$3/fhir/QuestionnaireResponse/\$assess" out key="$1-$4"
  local auth=""; [ "$1" = ours ] && auth="wrk.headers[\"Authorization\"] = \"Bearer $token\""
  script "$work/$1-$6.lua" "$1-$6" "$auth"
  out=$(wrk -t2 -c"$4" -d"$5"s --latency -s "$work/$1-$6.lua" "$url")
  [ "$6" = warm ] && return
  rss[$key]=$(peak_rss "$2")
  rps[$key]=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p99[$key]=$(awk '$1 == "99%" {print $2}' <<<"$out")
  errors[$key]=$(awk '/Non-2xx/ {print $5} /Socket errors/ {print}' <<<"$out" | tr '\n' ' ')
  echo "| $1 | $4 | ${rps[$key]} | ${p99[$key]} | ${errors[$key]:-0} | ${rss[$key]} |"
}

shown_opts=$java_opts # an argument file's options, as the JVM reads them
[[ $java_opts == @* ]] && shown_opts="$java_opts: $(sed 's/#.*//' "${java_opts#@}" | xargs)"
echo "ours: ready ${ready_ms} ms after java -jar; JAVA_OPTS='${shown_opts}', MALLOC_ARENA_MAX=$MALLOC_ARENA_MAX; warm-up ${warm}s, runs ${duration}s; $(nproc) processors, load average $(cut -d' ' -f1-3 /proc/loadavg) before"
echo "| server | connections | requests/s | p99 | errors | peak RSS MB |"
echo "| --- | --- | --- | --- | --- | --- |"
for name in peer ours; do
  if [ "$name" = ours ]; then pid=$ours_pid port=$ours_port; else pid=$peer_pid port=$peer_port; fi
  measure "$name" "$pid" "$port" 64 "$warm" warm # JIT warm-up, not reported
  measure "$name" "$pid" "$port" 64 "$duration" c64
  measure "$name" "$pid" "$port" 8 "$duration" c8
done
echo "ratio ours/peer at 64 connections: $(awk -v o="${rps[ours-64]}" -v p="${rps[peer-64]}" \
  'BEGIN {printf "%.2f", o / p}'); p99 at 8 connections: ours ${p99[ours-8]}, peer ${p99[peer-8]}; load average $(cut -d' ' -f1-3 /proc/loadavg) after"

# What ours kept. Then a few more responses, each sent twice: the second must not count again.
kill "$peer_pid"
answered_load=$(( $(answered_200) - answered_before ))
for i in $(seq 1 $resends); do
  for time in 1 2; do
    sed "s/\"FR-2026-000481\"/\"resent-$i\"/" "$body" | curl -sf -o /dev/null -X POST \
      -H "Authorization: Bearer $token" -H "Content-Type: application/fhir+json" \
      --data-binary @- "$ours_base/QuestionnaireResponse/\$assess" \
      || { echo "a resent response was not answered 200" >&2; exit 1; }
  done
done
answered=$(( $(answered_200) - answered_before ))
distinct=$(( answered_load + resends ))
today=$(date -u +%F)
report=$(curl -sf -H "Authorization: Bearer $commissioner" -H "Accept: application/fhir+json" \
  "$ours_base/Measure/iba-activity/\$evaluate-measure?periodStart=$(date -u -d "$today -1 day" +%F)&periodEnd=$(date -u -d "$today +1 day" +%F)")
reported=$(jq '.group[] | select(.code.coding[0].code == "screenings") | .population[0].count' \
  <<<"$report")
kill -TERM "$ours_pid"; wait "$ours_pid" || true # a clean stop writes the last rows
counts=$(java -cp "$jar" org.h2.tools.Shell -url "jdbc:h2:file:$work/data/recoverylink;IFEXISTS=TRUE" \
  -user recoverylink -password "" -sql "SELECT (SELECT COUNT(*) FROM audit_event WHERE
  operation = 'POST QuestionnaireResponse/\$assess' AND outcome = 200) AS audited,
  (SELECT COUNT(*) FROM screening) AS stored" | awk 'NR == 2 {print $1, $3}')
read -r audited stored <<<"$counts"
echo "ours answered $answered \$assess calls 200: $answered_load under load, then $resends more responses twice each ($distinct distinct); IBA report screenings: $reported; screening rows after SIGTERM: $stored; audit rows of answered \$assess calls: $audited"
if [ "$reported" = "$distinct" ] && [ "$stored" = "$distinct" ] && [ "$audited" = "$answered" ]; then
  echo "check: every distinct response counted once, every answered call audited"
else
  echo "CHECK FAILED: expected $distinct screenings and $answered audit rows" >&2
  exit 1
fi
