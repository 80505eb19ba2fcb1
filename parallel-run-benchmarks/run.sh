#!/usr/bin/env bash
# Runs every benchmark of docs/performance.md and rewrites that page. Takes about 10 minutes on a
# 2-core machine with nothing else running (9 min 26 s at a load average of 1.5 to 5); other work
# on the machine makes it longer and its figures noisier.
# Usage: parallel-run-benchmarks/run.sh   (from anywhere; needs JDK 17+, Maven, wrk)
#
# Environment knobs, for quick looks only (the page records what was used):
#   QUICK=1           shorter JMH runs and load rounds
#   RESULTS=dir       where raw results go (default parallel-run-benchmarks/target/results)
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
results="${RESULTS:-$here/target/results}"
started=$(date +%s)

if ! command -v wrk >/dev/null 2>&1; then
  echo "installing wrk (Debian package)" >&2
  if [ "$(id -u)" = 0 ]; then apt_get="apt-get"; else apt_get="sudo apt-get"; fi
  $apt_get install -y wrk >/dev/null 2>&1 || { $apt_get update >/dev/null && $apt_get install -y wrk >/dev/null; }
fi

cd "$root"
mvn -B -q -DskipTests compile -pl parallel-run-benchmarks -am
cp="$here/target/classes:$(cat "$here/target/benchmark.classpath")"
rm -rf "$results"
mkdir -p "$results"

if [ "${QUICK:-0}" = 1 ]; then
  jmh_filter=(-f 1 -wi 2 -i 3 -w 1s -r 1s)
  jmh_publisher=(-f 1 -wi 2 -i 3 -w 1s -r 1s)
  jmh_compare=(-f 1 -wi 1 -i 2 -w 1s -r 1s)
  probe_rounds=3
  rounds=2; seconds=5
else
  jmh_filter=(-f 1 -wi 4 -i 5 -w 1s -r 1s)
  jmh_publisher=(-f 1 -wi 3 -i 4 -w 1s -r 1s)
  # one warm-up second measured the JIT, not the code: the 64 KB cases need a few seconds to settle
  jmh_compare=(-f 1 -wi 1 -w 3s -i 2 -r 1s)
  probe_rounds=5
  rounds=5; seconds=8
fi

{
  echo "| | |"
  echo "| --- | --- |"
  echo "| date (UTC) | $(date -u '+%Y-%m-%d %H:%M') |"
  echo "| machine | $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(free -g | awk '/Mem:/ {print $2}') GiB |"
  echo "| JVM | $(java -version 2>&1 | sed -n 2p) |"
  echo "| load average at start | $(cut -d' ' -f1-3 /proc/loadavg) |"
  echo "| commit | $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown) |"
  echo "| command | \`parallel-run-benchmarks/run.sh\`${QUICK:+ (QUICK=$QUICK)} |"
} > "$results/machine.md"

jmh() { java -cp "$cp" org.openjdk.jmh.Main "$@"; }

echo "== part 1: filter cost (JMH)" >&2
echo "Command: \`FilterBenchmark ${jmh_filter[*]} -prof gc\`; load average before: $(cut -d' ' -f1-3 /proc/loadavg).

" > "$results/part1-command.md"
jmh FilterBenchmark "${jmh_filter[@]}" -prof gc -rf json -rff "$results/part1.json" > "$results/part1.log"
java -Xms1g -Xmx1g -cp "$cp" io.parallelrun.benchmarks.filter.RequestThreadAllocation "$probe_rounds" > "$results/part1-alloc.md"
jmh PublisherBenchmark "${jmh_publisher[@]}" -prof gc -rf json -rff "$results/publisher.json" > "$results/publisher.log"

echo "== part 2: legacy app under load (wrk)" >&2
java -cp "$cp" io.parallelrun.benchmarks.load.LegacyLoad "$results/part2.md" "$rounds" "$seconds" 8 > "$results/part2.log" 2>&1

echo "== part 3: JSON comparators (JMH)" >&2
echo "Command: \`ComparatorBenchmark ${jmh_compare[*]}\`; load average before: $(cut -d' ' -f1-3 /proc/loadavg).

" > "$results/part3-command.md"
jmh ComparatorBenchmark "${jmh_compare[@]}" -rf json -rff "$results/part3.json" > "$results/part3.log" 2>&1 \
  || echo "part 3 failed: see $results/part3.log" >&2

echo "== part 4: receiver throughput" >&2
java -cp "$cp" io.parallelrun.benchmarks.load.ReceiverLoad "$results/part4.md" "$seconds" "$rounds" > "$results/part4.log" 2>&1 \
  || echo "part 4 failed: see $results/part4.log" >&2

echo "== part 5: memory under a dead candidate" >&2
java -Xms512m -Xmx512m -cp "$cp" io.parallelrun.benchmarks.load.DeadCandidateMemory "$results/part5.md" 50000 $((16 * 1024 * 1024)) \
  > "$results/part5.log" 2>&1

echo "
Total time of this run: $(( ($(date +%s) - started) / 60 )) min $(( ($(date +%s) - started) % 60 )) s; load average at the end: $(cut -d' ' -f1-3 /proc/loadavg).
" >> "$results/machine.md"
if [ -f "$root/parallel-run-benchmarks/NOTES.md" ]; then cp "$root/parallel-run-benchmarks/NOTES.md" "$results/notes.md"; fi
java -cp "$cp" io.parallelrun.benchmarks.Report "$results" "$root/docs/performance.md"
echo "wrote $root/docs/performance.md" >&2
