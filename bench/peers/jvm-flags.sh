# JVM flags of the two JVM servers in the bench (tickwire, bare-netty), one set so that both run
# alike. Sourced by their start.sh.
#
# A fixed 512 MiB heap (no resizing during a run) and the Parallel collector, which collects in the
# pause only: no concurrent GC threads competing for the pinned server core(s) as G1's would. On a
# single pinned CPU the JVM would otherwise pick Serial, on two or more G1, so this keeps the
# collector the same whatever BENCH_SERVER_CPUS is. AlwaysPreTouch faults the heap in at start, not
# during the run. IPv4 only: everything is on 127.0.0.1.
# BENCH_JVM_GC replaces the collector flag (say -XX:+UseZGC) to compare collectors on both servers.
JVM_FLAGS=(-Xms512m -Xmx512m ${BENCH_JVM_GC:--XX:+UseParallelGC} -XX:+AlwaysPreTouch -Djava.net.preferIPv4Stack=true)
