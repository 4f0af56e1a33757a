#!/usr/bin/env bash
# Load benchmark of POST QuestionnaireResponse/$assess: the RecoveryLink endpoint (token check,
# rules, full result Bundle, audit row) side by side with a plain HAPI RestfulServer peer
# (parse, sum, three resources back), both driven by wrk on this machine in one run.
#
#   mvn -B -q -pl benchmarks -am -DskipTests package
#   benchmarks/load/run.sh            # WARM=60 DURATION=30 JAVA_OPTS="..." to change
#
# Prints one Markdown table row per server and connection count, plus the time from
# `java -jar` to the readiness line and the peak resident memory under load.
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
jar=$root/server/target/recoverylink-server.jar
bench=$root/benchmarks/target/benchmarks.jar
body=$root/examples/src/main/resources/examples/audit-response.json
warm=${WARM:-60}
duration=${DURATION:-30}
java_opts=${JAVA_OPTS:-}
ours_port=${OURS_PORT:-18480}
peer_port=${PEER_PORT:-18481}
command -v wrk >/dev/null || { echo "wrk is needed (Debian: apt-get install wrk)" >&2; exit 1; }

work=$(mktemp -d)
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait || true; rm -rf "$work"; }
trap cleanup EXIT

wait_ready() { # $1 log, $2 pid: until the readiness line, or fail if the server died
  until grep -q 'ready at' "$1"; do
    kill -0 "$2" 2>/dev/null || { cat "$1" >&2; exit 1; }
    sleep 0.02
  done
}

# Ours: time from launch to the readiness line.
started=$(date +%s%N)
# shellcheck disable=SC2086
java $java_opts -jar "$jar" --data "$work/data" --port "$ours_port" >"$work/ours.log" 2>&1 &
pids+=($!); ours_pid=$!
wait_ready "$work/ours.log" "$ours_pid"
ready_ms=$(( ($(date +%s%N) - started) / 1000000 ))
token=$(java -jar "$jar" token --role gp --org A81001 --data "$work/data" --ttl 7200 \
  --base-url "http://127.0.0.1:$ours_port/fhir") # the audience the server checks

# shellcheck disable=SC2086
java $java_opts -cp "$bench" org.recoverylink.benchmarks.peer.PlainHapiServer "$peer_port" \
  >"$work/peer.log" 2>&1 &
pids+=($!); peer_pid=$!
wait_ready "$work/peer.log" "$peer_pid"

script() { # $1: file, $2: extra header line
  cat >"$1" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/fhir+json"
$2
local f = io.open("$body", "r")
wrk.body = f:read("*a")
f:close()
LUA
}
script "$work/ours.lua" "wrk.headers[\"Authorization\"] = \"Bearer $token\""
script "$work/peer.lua" ""

peak_rss() { # the largest resident set of a process while wrk runs, in MB
  local pid=$1 peak=0 rss
  while kill -0 "$pid" 2>/dev/null && [ -e "$work/running" ]; do
    rss=$(ps -o rss= -p "$pid" | tr -d ' '); [ "${rss:-0}" -gt "$peak" ] && peak=$rss
    sleep 0.5
  done
  echo $((peak / 1024))
}

measure() { # $1 name, $2 pid, $3 port, $4 connections, $5 seconds
  local url="http://127.0.0.1:$3/fhir/QuestionnaireResponse/\$assess" out rps p99 errors rss
  touch "$work/running"; peak_rss "$2" >"$work/rss" &
  out=$(wrk -t2 -c"$4" -d"$5"s --latency -s "$work/$1.lua" "$url")
  rm -f "$work/running"; wait $! 2>/dev/null || true; rss=$(cat "$work/rss")
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
  errors=$(awk '/Non-2xx/ {print $5} /Socket errors/ {print}' <<<"$out" | tr '\n' ' ')
  echo "| $1 | $4 | $rps | $p99 | ${errors:-0} | $rss |"
}

echo "ours: ready ${ready_ms} ms after java -jar; JAVA_OPTS='${java_opts}'; warm-up ${warm}s, runs ${duration}s"
echo "| server | connections | requests/s | p99 | errors | peak RSS MB |"
echo "| --- | --- | --- | --- | --- | --- |"
for name in peer ours; do
  if [ "$name" = ours ]; then pid=$ours_pid port=$ours_port; else pid=$peer_pid port=$peer_port; fi
  measure "$name" "$pid" "$port" 64 "$warm" >/dev/null # JIT warm-up, not reported
  measure "$name" "$pid" "$port" 64 "$duration"
  measure "$name" "$pid" "$port" 8 "$duration"
done
