package io.tickwire.feed.simulator;

import io.lettuce.core.RedisURI;
import io.tickwire.feed.redis.RedisFeedSettings;
import io.tickwire.feed.redis.Sentinels;
import io.tickwire.feed.redis.WaitForReplicas;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Help.Visibility;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The publisher's command line, parsed by picocli: {@code --help} and {@code --version}; an
 * unknown or misspelled option ({@code --rates=5000}) refused with the nearest known ones and exit
 * code 2, as is a value of the wrong type; every option also an environment variable
 * ({@link EnvironmentDefaults}: {@code TICKWIRE_RATE}, {@code TICKWIRE_SENTINEL_MASTER} …).
 *
 * <p>Why picocli and not Spring Boot's binding: the publisher is a plain {@code main} without
 * Spring (its jar is the simulator, the backplane and Lettuce), and Spring Boot's binding refuses
 * no unknown option and prints no help; picocli gives help, suggestions for typos, exit code 2
 * and defaults from the environment in one small jar with no dependencies of its own.
 *
 * <p>The names and meanings are those the hand-written parser had, so scripts keep working; the
 * command these options belong to, its description and exit codes, is {@link RedisPublisherMain}.
 */
final class PublisherOptions {

    /** The command these options are mixed into: its command line for the errors of {@link #redisUri()} and the rest. */
    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    /** Its value never shown in the help (a password may be in it), nor a password's. */
    @Option(names = "--redis", paramLabel = "URI", order = 1, showDefaultValue = Visibility.NEVER,
            description = "One Redis, as a Lettuce URI (a password may go in it: redis://:secret@host:6379).")
    String redis;

    @Option(names = "--sentinel", paramLabel = "HOST:PORT,...", order = 2,
            description = "Redis Sentinel: the sentinels to ask where the primary is (port 26379 if left out).")
    String sentinel;

    @Option(names = "--sentinel-master", paramLabel = "NAME", order = 3,
            description = "The name the sentinels watch (sentinel monitor NAME …).")
    String sentinelMaster;

    @Option(names = "--password", paramLabel = "SECRET", order = 4, showDefaultValue = Visibility.NEVER,
            description = "The data nodes' password (with --redis, in place of the URI's).")
    String password;

    @Option(names = "--username", paramLabel = "NAME", order = 5, description = "The data nodes' ACL user, with --password.")
    String username;

    @Option(names = "--sentinel-password", paramLabel = "SECRET", order = 6, showDefaultValue = Visibility.NEVER,
            description = "The sentinels' own password.")
    String sentinelPassword;

    @Option(names = "--sentinel-username", paramLabel = "NAME", order = 7, description = "The sentinels' own ACL user.")
    String sentinelUsername;

    @Option(names = "--wait-replicas", paramLabel = "N", order = 8, defaultValue = "0",
            description = "A call counts as published only once WAIT reports N replicas holding it; 0: no WAIT.")
    int waitReplicas;

    @Option(names = "--wait-timeout", paramLabel = "MS", order = 9, defaultValue = "1000",
            description = "How long one WAIT waits, in milliseconds.")
    long waitTimeout;

    @Option(names = "--rate", paramLabel = "QUOTES/S", order = 10, defaultValue = "1000",
            description = "Quotes per second over all symbols (as tickwire.feed.rate).")
    double rate;

    @Option(names = "--symbols", paramLabel = "SPEC", order = 11, defaultValue = "", showDefaultValue = Visibility.NEVER,
            description = "Blank: the built-in market; a number: that many symbols; or a list: AAPL,MSFT,EURUSD.")
    String symbols;

    @Option(names = "--seed", paramLabel = "N", order = 12,
            description = "Same seed, same quotes; unset: a random seed, logged at start.")
    Long seed;

    @Option(names = "--zipf-exponent", paramLabel = "X", order = 13, defaultValue = "1.0",
            description = "Popularity skew over the symbols: 0 uniform, 1 classic Zipf.")
    double zipfExponent;

    @Option(names = "--stream-max-len", paramLabel = "N", order = 14,
            defaultValue = "" + RedisFeedSettings.DEFAULT_STREAM_MAX_LEN,
            description = "About how many quotes the stream keeps (XADD MAXLEN ~).")
    long streamMaxLen;

    @Option(names = "--batch", paramLabel = "N", order = 15, defaultValue = "500",
            description = "Most quotes in one call.")
    int batch;

    @Option(names = "--linger", paramLabel = "MS", order = 16, defaultValue = "1",
            description = "How long a call waits for more quotes, in milliseconds.")
    long linger;

    /** A command line over {@code command} (which mixes these options in), its defaults from {@code environment}. */
    static CommandLine commandLine(Object command, Map<String, String> environment) {
        CommandLine cl = new CommandLine(command);
        cl.setDefaultValueProvider(new EnvironmentDefaults(environment));
        cl.setHelpFactory(EnvironmentDefaults.helpFactory());
        cl.setParameterExceptionHandler(PublisherOptions::refuse);
        return cl;
    }

    /**
     * A bad command line: what is wrong, the known options nearest a misspelled one, and where the
     * rest is, on stderr; exit code 2. Not the whole help, which would bury the one line that matters.
     */
    private static int refuse(ParameterException e, String[] args) {
        CommandLine cl = e.getCommandLine();
        PrintWriter err = cl.getErr();
        String message = e.getMessage();
        if (e.getArgSpec() instanceof OptionSpec option && EnvironmentDefaults.configurable(option)
                && Arrays.stream(args).noneMatch(a -> a.equals(option.longestName())
                        || a.startsWith(option.longestName() + "="))) {
            message += " (from " + EnvironmentDefaults.variable(option) + ")";
        }
        err.println(cl.getColorScheme().errorText(message));
        UnmatchedArgumentException.printSuggestions(e, err);
        err.println("--help lists every option and its environment variable.");
        err.flush();
        return cl.getCommandSpec().exitCodeOnInvalidInput();
    }

    /**
     * Where Redis is: {@code --redis}, or {@code --sentinel} and {@code --sentinel-master} with
     * their credentials. One of the two, or a {@link ParameterException} (exit code 2).
     */
    RedisURI redisUri() {
        if ((redis == null) == (sentinel == null)) {
            throw new ParameterException(spec.commandLine(), "Give exactly one of --redis (TICKWIRE_REDIS) and "
                    + "--sentinel (TICKWIRE_SENTINEL) with --sentinel-master");
        }
        try {
            RedisURI.Builder b = sentinel == null ? RedisURI.builder(RedisURI.create(redis))
                    : Sentinels.primary(sentinelMaster, Sentinels.nodes(sentinel), sentinelUsername, sentinelPassword);
            if (password != null && !password.isEmpty()) {
                b = username != null && !username.isEmpty() ? b.withAuthentication(username, password.toCharArray())
                        : b.withPassword(password.toCharArray());
            }
            return b.build();
        }
        catch (IllegalArgumentException e) {
            // Sentinels' messages name their option; Lettuce's about a URI do not.
            throw new ParameterException(spec.commandLine(), (sentinel == null ? "--redis: " : "") + e.getMessage(), e);
        }
    }

    WaitForReplicas waitFor() {
        return valid(() -> new WaitForReplicas(waitReplicas, Duration.ofMillis(waitTimeout)));
    }

    /** The simulator's settings; the seed drawn at random when none is given. */
    FeedConfig feedConfig() {
        long s = seed != null ? seed : new SplittableRandom().nextLong();
        return valid(() -> FeedConfig.of(s).withUniverse(SymbolUniverse.parse(symbols)).withRate(rate)
                .withZipfExponent(zipfExponent));
    }

    int batch() {
        return valid(() -> {
            if (batch < 1) {
                throw new IllegalArgumentException("--batch must be at least 1, not " + batch);
            }
            return batch;
        });
    }

    Duration linger() {
        return valid(() -> {
            if (linger < 1) {
                throw new IllegalArgumentException("--linger must be at least 1 ms, not " + linger);
            }
            return Duration.ofMillis(linger);
        });
    }

    long streamMaxLen() {
        return valid(() -> {
            if (streamMaxLen < 1) {
                throw new IllegalArgumentException("--stream-max-len must be at least 1, not " + streamMaxLen);
            }
            return streamMaxLen;
        });
    }

    /** A value the settings refuse is a bad option value: exit code 2 with its message, as picocli's own. */
    private <T> T valid(Supplier<T> settings) {
        try {
            return settings.get();
        }
        catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }
}
