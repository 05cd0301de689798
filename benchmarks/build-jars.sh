# Sourced by the compare-*.sh scripts from the repository root: builds the project and the JMH jar
# (benchmarks/target/benchmarks.jar), sets JAVA_HOME to the JDK 25 that ./activeseg found, and
# makes a temporary folder $tmp that is removed on exit.
./activeseg build >/dev/null
JAVA_HOME=$(./activeseg info 2>/dev/null | sed -n 's/^Java .*(.*, \(.*\))$/\1/p')
export JAVA_HOME MAVEN_OPTS="${MAVEN_OPTS:---sun-misc-unsafe-memory-access=allow}"
if command -v mvn >/dev/null 2>&1; then MVN=mvn; else MVN=./mvnw; fi
$MVN -q -B -Dstyle.color=never -DskipTests -pl java,benchmarks package 2>&1 | sed 's/\x1b\[0m//g' >&2
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
