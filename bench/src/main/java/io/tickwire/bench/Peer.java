package io.tickwire.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A server under test, started and stopped through its scripts under {@code bench/peers/<name>/}
 * (the contract is bench/peers/README.md): pinned to the server cores, stopped by PID.
 */
final class Peer implements AutoCloseable {

    private final Path peers;
    private final Path pidFile;
    private final List<Long> pids;

    private Peer(Path peers, Path pidFile, List<Long> pids) {
        this.peers = peers;
        this.pidFile = pidFile;
        this.pids = pids;
    }

    static Peer start(Path peers, String name, int port, int rate, int symbols, String serverCpus, String loadCpus,
                      Path logDir, long feedDelayMillis) throws IOException, InterruptedException {
        Path pidFile = Files.createTempFile("bench-" + name + "-", ".pids");
        ProcessBuilder pb = new ProcessBuilder("bash", peers.resolve(name).resolve("start.sh").toString(),
                Integer.toString(port), Integer.toString(rate), Integer.toString(symbols), pidFile.toString())
                .redirectErrorStream(true)
                .redirectOutput(logDir.resolve(name + "-start.log").toFile());
        pb.environment().put("BENCH_SERVER_CPUS", serverCpus);
        pb.environment().put("BENCH_LOAD_CPUS", loadCpus);
        pb.environment().put("BENCH_LOG_DIR", logDir.toString());
        pb.environment().put("BENCH_FEED_DELAY_MS", Long.toString(feedDelayMillis));
        pb.environment().put("BENCH_PEER_LOG", logDir.resolve(name + "-" + port + ".log").toString());
        Process p = pb.start();
        if (!p.waitFor(90, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException(name + " did not start: " + Files.readString(logDir.resolve(name + "-start.log")));
        }
        List<Long> pids = Files.readAllLines(pidFile).stream().map(String::trim).filter(s -> !s.isEmpty())
                .map(Long::parseLong).toList();
        return new Peer(peers, pidFile, pids);
    }

    /**
     * The server's processes: the first PID its script listed and that process's descendants (an
     * nginx master and its worker). Helpers listed after it, such as nchan's publisher, run on the
     * load cores and are not counted as the server.
     */
    List<Long> pids() {
        return ProcStat.withDescendants(pids.subList(0, 1));
    }

    @Override
    public void close() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("bash", peers.resolve("stop.sh").toString(), pidFile.toString())
                .inheritIO().start();
        p.waitFor(30, TimeUnit.SECONDS);
    }
}
