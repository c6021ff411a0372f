/**
 * JMH benchmarks of the hot paths. Build with {@code mvn -q -pl benchmarks -am package -DskipTests},
 * run with {@code java -jar benchmarks/target/benchmarks.jar [regex]}.
 *
 * <p>Starting points: {@link io.lacquer.benchmarks.LookupBenchmark}.
 */
package io.lacquer.benchmarks;
