#!/usr/bin/env bash
# Fuzzes each target for a long time (default 600 s each), a few at once.
#
#   parallel-run-fuzz/run-long.sh [seconds] [target ...]
#
# A target is Class#method, for example PayloadCodecFuzzTest#arbitraryBytes; without targets all
# are run. PARALLEL (default 2) targets run at the same time. Each writes its log to
# target/fuzz-logs/<target>.log, whose last lines hold libFuzzer's "Done N runs in S second(s)".
# A finding stops its target and is written to src/test/resources/.../<Class>Inputs/<method>/:
# fix the code, keep the input (renamed) as a regression input, run again.
set -euo pipefail
cd "$(dirname "$0")"

SECONDS_PER_TARGET="${1:-600}"
shift || true
TARGETS=("$@")
if [ ${#TARGETS[@]} -eq 0 ]; then
  TARGETS=(
    PayloadCodecFuzzTest#arbitraryBytes
    PayloadCodecFuzzTest#capturedMessages
    OperationRouterFuzzTest#lookupsAgreeWithAReference
    PayloadSignatureFuzzTest#verifyAgreesWithAReference
    JsonComparatorFuzzTest#twoDocuments
  )
fi
PARALLEL="${PARALLEL:-2}"

echo "== compiling (mvn -pl parallel-run-fuzz -am test-compile)"
(cd .. && mvn -B -q -pl parallel-run-fuzz -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/fuzz.classpath -Dmdep.includeScope=test)
# Run from a copy of the compiled classes, so that building on while the fuzzers run is safe.
SNAPSHOT="target/fuzz-classes-$$"
mkdir -p "$SNAPSHOT" target/fuzz-logs
cp -r target/test-classes "$SNAPSHOT/test"
cp -r ../parallel-run-core/target/classes "$SNAPSHOT/core"
CORE_CLASSES="$(cd .. && pwd)/parallel-run-core/target/classes"
CLASSPATH="$SNAPSHOT/test:$(sed "s#$CORE_CLASSES#$SNAPSHOT/core#" target/fuzz.classpath)"
trap 'rm -rf "$SNAPSHOT"' EXIT

run_target() {
  local target="$1"
  local log="target/fuzz-logs/${target//#/.}.log"
  echo "== fuzzing $target for ${SECONDS_PER_TARGET}s -> $log"
  if JAZZER_FUZZ=1 java -cp "$CLASSPATH" org.junit.platform.console.ConsoleLauncher execute \
      --disable-banner --details=summary --fail-if-no-tests \
      --select-class "io.parallelrun.fuzz.${target%%#*}" --include-methodname ".*#${target##*#}" \
      --config "jazzer.internal.arg.0=fuzz" \
      --config "jazzer.internal.arg.1=-max_total_time=$SECONDS_PER_TARGET" \
      >"$log" 2>&1; then
    echo "== $target: no finding; $(grep -E '^Done [0-9]+ runs' "$log" | tail -1)"
  else
    echo "== $target: FAILED, see $log"
    grep -E 'Test unit written|^Done [0-9]+ runs' "$log" || true
    return 1
  fi
}

status=0
pids=()
for target in "${TARGETS[@]}"; do
  run_target "$target" &
  pids+=($!)
  if [ ${#pids[@]} -ge "$PARALLEL" ]; then
    wait "${pids[0]}" || status=1
    pids=("${pids[@]:1}")
  fi
done
for pid in "${pids[@]}"; do
  wait "$pid" || status=1
done
exit $status
