package io.tickwire.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** CPU time and resident memory of processes, from {@code /proc} (Linux): per process, not per core. */
final class ProcStat {

    private ProcStat() {
    }

    /** The processes and all their descendants (nginx's master forks its workers). */
    static List<Long> withDescendants(List<Long> pids) {
        java.util.Set<Long> all = new java.util.LinkedHashSet<>(pids);
        boolean grew = true;
        while (grew) {
            grew = false;
            for (ProcessHandle p : ProcessHandle.allProcesses().toList()) {
                if (!all.contains(p.pid()) && p.parent().map(parent -> all.contains(parent.pid())).orElse(false)) {
                    grew |= all.add(p.pid());
                }
            }
        }
        return List.copyOf(all);
    }

    /** utime + stime of the processes, in seconds; processes that are gone count 0. */
    static double cpuSeconds(List<Long> pids) {
        long ticks = 0;
        for (long pid : pids) {
            try {
                String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]);
            }
            catch (Exception e) {
                // gone
            }
        }
        return ticks / 100.0;
    }

    /** Resident set size of the processes, bytes. */
    static long rssBytes(List<Long> pids) {
        long kb = 0;
        for (long pid : pids) {
            try {
                for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                    if (line.startsWith("VmRSS:")) {
                        kb += Long.parseLong(line.replaceAll("[^0-9]", ""));
                    }
                }
            }
            catch (Exception e) {
                // gone
            }
        }
        return kb * 1024;
    }

    /**
     * Heap in use after a full collection, bytes, for a JVM among {@code pids} ({@code jcmd
     * GC.run}, then {@code jstat -gc}); -1 when none is a JVM.
     */
    static long heapAfterGc(List<Long> pids) {
        for (long pid : pids) {
            // jcmd attaches by sending SIGQUIT, which ends a Node process and gracefully stops nginx: JVMs only.
            boolean jvm = ProcessHandle.of(pid).flatMap(p -> p.info().command())
                    .map(c -> c.endsWith("/java")).orElse(false);
            if (!jvm) {
                continue;
            }
            try {
                if (!run("jcmd", Long.toString(pid), "GC.run").contains("Command executed successfully")) {
                    continue;
                }
                String[] lines = run("jstat", "-gc", Long.toString(pid)).trim().split("\n");
                String[] names = lines[0].trim().split("\\s+");
                String[] values = lines[1].trim().split("\\s+");
                double kb = 0;
                for (int i = 0; i < names.length; i++) {
                    if (List.of("S0U", "S1U", "EU", "OU").contains(names[i])) {
                        kb += Double.parseDouble(values[i]);
                    }
                }
                return (long) (kb * 1024);
            }
            catch (Exception e) {
                // not a JVM, or gone
            }
        }
        return -1;
    }

    private static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor();
        return out;
    }

    static long self() {
        return ProcessHandle.current().pid();
    }
}
