package io.tickwire.feed.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.LIST;

import io.tickwire.feed.redis.RedisKeys;
import io.tickwire.testing.RedisServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The publisher as a user runs it: {@link RedisPublisherMain#main} in a JVM of its own, given
 * arguments and an environment, its exit code and output read as a shell would; and, publishing
 * into a real {@code redis-server}, what its options did, seen in Redis.
 */
class PublisherProcessTest {

    private static final Duration EXIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private final List<Process> started = new ArrayList<>();

    /** A finished run: exit code, stdout and stderr. */
    record Run(int exit, String out, String err) {
    }

    @AfterEach
    void stopPublishers() throws InterruptedException {
        for (Process p : started) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** Starts the publisher with {@code args} and, in its environment, {@code env} and no other TICKWIRE_ variable. */
    Process start(Map<String, String> env, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                RedisPublisherMain.class.getName()));
        command.addAll(List.of(args));
        String name = "run-" + started.size();
        ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(dir.resolve(name + ".out").toFile())
                .redirectError(dir.resolve(name + ".err").toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith(EnvironmentDefaults.PREFIX));
        pb.environment().putAll(env);
        Process p = pb.start();
        started.add(p);
        return p;
    }

    /** Runs the publisher to its end (it is expected to end by itself). */
    Run run(Map<String, String> env, String... args) throws Exception {
        Process p = start(env, args);
        assertThat(p.waitFor(EXIT.toMillis(), TimeUnit.MILLISECONDS)).as("the publisher ended by itself").isTrue();
        String name = "run-" + (started.size() - 1);
        return new Run(p.exitValue(), Files.readString(dir.resolve(name + ".out")),
                Files.readString(dir.resolve(name + ".err")));
    }

    @Nested
    class TheCommandLine {

        @Test
        void helpListsEveryOptionWithItsVariableAndDefaultAndExitsZero() throws Exception {
            Run help = run(Map.of(), "--help");
            assertThat(help.exit()).as(help.err()).isZero();
            for (var option : PublisherOptionsTest.configurableOptions()) {
                assertThat(help.out()).contains(option.longestName() + "=", "Env: " + EnvironmentDefaults.variable(option));
            }
            assertThat(help.out()).contains("Default: 1000", "Default: 500", "Default: 1.0", "Default: 1000000");
        }

        @Test
        void helpShowsWhatTheEnvironmentSetsButNeverAPassword() throws Exception {
            Run help = run(Map.of("TICKWIRE_RATE", "4321", "TICKWIRE_PASSWORD", "hunter2",
                    "TICKWIRE_REDIS", "redis://:hunter3@127.0.0.1:6379"), "--help");
            assertThat(help.out()).contains("Default: 4321").doesNotContain("hunter2", "hunter3");
        }

        @Test
        void versionNamesTheProgramAndExitsZero() throws Exception {
            Run version = run(Map.of(), "--version");
            assertThat(version.exit()).isZero();
            assertThat(version.out()).startsWith("tickwire-publisher ");
        }

        @Test
        void aMisspelledOptionIsRefusedWithExitCode2NamingItAndTheNearestOne() throws Exception {
            Run run = run(Map.of(), "--redis=redis://127.0.0.1:1", "--rates=5000");
            assertThat(run.exit()).isEqualTo(2);
            assertThat(run.err()).contains("Unknown option: '--rates=5000'", "--rate");
            assertThat(run.out()).isEmpty();
        }

        @Test
        void aBadValueFromTheEnvironmentIsRefusedNamingTheVariable() throws Exception {
            Run run = run(Map.of("TICKWIRE_RATE", "fast"), "--redis=redis://127.0.0.1:1");
            assertThat(run.exit()).isEqualTo(2);
            assertThat(run.err()).contains("--rate", "'fast'", "TICKWIRE_RATE");
        }

        @Test
        void noRedisAtAllIsRefusedWithExitCode2() throws Exception {
            Run run = run(Map.of());
            assertThat(run.exit()).isEqualTo(2);
            assertThat(run.err()).contains("--redis", "--sentinel");
        }
    }

    @Nested
    class PublishingIntoRedis {

        RedisServer redis;

        @AfterEach
        void stopRedis() {
            if (redis != null) {
                redis.close();
            }
        }

        @Test
        void theEnvironmentAloneConfiguresThePublisher() throws Exception {
            redis = RedisServer.start(dir.resolve("redis"));
            start(Map.of("TICKWIRE_REDIS", redis.url(), "TICKWIRE_SYMBOLS", "ALPHA,BRAVO", "TICKWIRE_RATE", "50",
                    "TICKWIRE_STREAM_MAX_LEN", "4321"));

            awaitPublished();
            assertThat(redis.call("HKEYS", RedisKeys.INSTRUMENTS)).asInstanceOf(LIST).containsExactlyInAnyOrder("ALPHA", "BRAVO");
            assertThat(redis.call("HGET", RedisKeys.CONFIG, "stream-max-len")).isEqualTo("4321");
            assertThat(redis.call("HKEYS", RedisKeys.LATEST)).asInstanceOf(LIST).isSubsetOf("ALPHA", "BRAVO");
        }

        @Test
        void theCommandLineWinsOverTheEnvironment() throws Exception {
            redis = RedisServer.start(dir.resolve("redis"));
            start(Map.of("TICKWIRE_REDIS", "redis://127.0.0.1:1", "TICKWIRE_SYMBOLS", "ALPHA,BRAVO",
                            "TICKWIRE_STREAM_MAX_LEN", "4321"),
                    "--redis=" + redis.url(), "--symbols=CHARLIE", "--stream-max-len=8765", "--rate=50");

            awaitPublished();
            assertThat(redis.call("HKEYS", RedisKeys.INSTRUMENTS)).asInstanceOf(LIST).containsExactly("CHARLIE");
            assertThat(redis.call("HGET", RedisKeys.CONFIG, "stream-max-len")).isEqualTo("8765");
        }

        /** Until the publisher's first quote is in Redis: its instruments and settings are there before it. */
        private void awaitPublished() {
            long deadline = System.nanoTime() + EXIT.toNanos();
            while (!(redis.call("HLEN", RedisKeys.LATEST) instanceof Long n && n > 0)) {
                assertThat(started.get(started.size() - 1).isAlive()).as("the publisher runs").isTrue();
                if (System.nanoTime() - deadline > 0) {
                    throw new AssertionError("a hang: no quote published after " + EXIT);
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
            }
        }
    }
}
