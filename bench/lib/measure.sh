# Sourced by the benchmarks that are measurement ITs of tests/ (they run only with
# -Dmeridian.measure=true): builds the jar, then runs the IT under /tmp/bench.lock and prints
# its result lines.
#   measure_it IT_CLASS ROUNDS LINE_PREFIX
measure_it() {
  local it=$1 rounds=$2 prefix=$3
  mvn -B -q -o -DskipTests -pl cli -am install
  (
    flock 9
    mvn -B -o -pl tests verify -Dit.test="$it" -Dtest=none \
        -Dsurefire.failIfNoSpecifiedTests=false -Dmeridian.measure=true \
        -Dmeridian.measure.rounds="$rounds" | grep "$prefix"
  ) 9>>/tmp/bench.lock
}
