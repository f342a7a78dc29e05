package io.tickwire.feed.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import io.lettuce.core.RedisCredentials;
import io.lettuce.core.RedisURI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;

/**
 * The publisher's options as its command line reads them, in this JVM with an environment of the
 * test's making: where Redis is, and every option from its {@code TICKWIRE_*} variable, the command
 * line winning. The process as a user runs it is {@link PublisherProcessTest}'s.
 */
class PublisherOptionsTest {

    /** The publisher's options after parsing {@code args} with {@code environment}; nothing is started. */
    static PublisherOptions parse(Map<String, String> environment, String... args) {
        RedisPublisherMain main = new RedisPublisherMain();
        PublisherOptions.commandLine(main, environment).parseArgs(args);
        return main.options;
    }

    static List<OptionSpec> configurableOptions() {
        CommandLine cl = PublisherOptions.commandLine(new RedisPublisherMain(), Map.of());
        return cl.getCommandSpec().options().stream().filter(EnvironmentDefaults::configurable).toList();
    }

    static RedisCredentials credentials(RedisURI uri) {
        return uri.getCredentialsProvider().resolveCredentials().block();
    }

    @Nested
    class WhereRedisIs {

        @Test
        void redisIsOneRedisItsPasswordInTheUrl() {
            RedisURI uri = parse(Map.of(), "--redis=redis://:secret@127.0.0.1:6390").redisUri();
            assertThat(uri.getSentinels()).isEmpty();
            assertThat(uri.getPort()).isEqualTo(6390);
            assertThat(credentials(uri).getPassword()).containsExactly("secret".toCharArray());
        }

        @Test
        void passwordAndUsernameGoWithRedisToo() {
            RedisURI uri = parse(Map.of("TICKWIRE_PASSWORD", "data"), "--redis=redis://127.0.0.1:6390",
                    "--username=publisher").redisUri();
            assertThat(credentials(uri).getUsername()).isEqualTo("publisher");
            assertThat(credentials(uri).getPassword()).containsExactly("data".toCharArray());
        }

        @Test
        void sentinelNamesTheSentinelsAndTheMasterWithTheDataNodesAndTheSentinelsPasswordsApart() {
            RedisURI uri = parse(Map.of(), "--sentinel=127.0.0.1:26379,127.0.0.1:26380", "--sentinel-master=tickwire",
                    "--password=data", "--username=publisher", "--sentinel-password=watch").redisUri();
            assertThat(uri.getSentinelMasterId()).isEqualTo("tickwire");
            assertThat(uri.getSentinels()).extracting(RedisURI::getHost, RedisURI::getPort)
                    .containsExactly(tuple("127.0.0.1", 26379), tuple("127.0.0.1", 26380));
            assertThat(credentials(uri).getUsername()).isEqualTo("publisher");
            assertThat(credentials(uri).getPassword()).containsExactly("data".toCharArray());
            assertThat(credentials(uri.getSentinels().get(1)).getPassword()).containsExactly("watch".toCharArray());
        }

        @Test
        void sentinelWithoutAMasterNameIsAClearError() {
            assertThatThrownBy(() -> parse(Map.of(), "--sentinel=127.0.0.1:26379").redisUri())
                    .isInstanceOf(ParameterException.class).hasMessageContaining("--sentinel-master");
        }

        @Test
        void neitherOrBothOfRedisAndSentinelIsAClearError() {
            assertThatThrownBy(() -> parse(Map.of()).redisUri())
                    .isInstanceOf(ParameterException.class).hasMessageContaining("--redis").hasMessageContaining("--sentinel");
            assertThatThrownBy(() -> parse(Map.of("TICKWIRE_SENTINEL", "127.0.0.1:26379"),
                    "--redis=redis://127.0.0.1:6379").redisUri()).isInstanceOf(ParameterException.class);
        }
    }

    @Nested
    class FromTheEnvironment {

        @Test
        void eachOptionHasTheVariableOfItsNameInUpperSnakeCase() {
            assertThat(configurableOptions()).extracting(EnvironmentDefaults::variable).contains(
                    "TICKWIRE_RATE", "TICKWIRE_REDIS", "TICKWIRE_SENTINEL", "TICKWIRE_SENTINEL_MASTER",
                    "TICKWIRE_PASSWORD", "TICKWIRE_USERNAME", "TICKWIRE_SENTINEL_PASSWORD", "TICKWIRE_SENTINEL_USERNAME",
                    "TICKWIRE_WAIT_REPLICAS", "TICKWIRE_WAIT_TIMEOUT", "TICKWIRE_SYMBOLS", "TICKWIRE_SEED",
                    "TICKWIRE_ZIPF_EXPONENT", "TICKWIRE_STREAM_MAX_LEN", "TICKWIRE_BATCH", "TICKWIRE_LINGER");
        }

        @Test
        void everyOptionTakesItsVariablesValue() {
            Map<String, String> env = new HashMap<>();
            configurableOptions().forEach(o -> env.put(EnvironmentDefaults.variable(o), "7"));
            PublisherOptions options = parse(env);
            assertThat(valuesOf(options)).as("every option's value").containsOnly("7");
        }

        @Test
        void theCommandLineWinsOverTheEnvironment() {
            Map<String, String> env = new HashMap<>();
            List<String> args = new ArrayList<>();
            for (OptionSpec o : configurableOptions()) {
                env.put(EnvironmentDefaults.variable(o), "7");
                args.add(o.longestName() + "=8");
            }
            PublisherOptions options = parse(env, args.toArray(String[]::new));
            assertThat(valuesOf(options)).containsOnly("8");
        }

        @Test
        void aBlankVariableIsUnsetAndTheDefaultHolds() {
            PublisherOptions options = parse(Map.of("TICKWIRE_RATE", " ", "TICKWIRE_BATCH", ""));
            assertThat(options.rate).isEqualTo(1000.0);
            assertThat(options.batch()).isEqualTo(500);
        }

        @Test
        void withoutEnvironmentTheDefaultsAreThoseOfTheHandWrittenParser() {
            PublisherOptions options = parse(Map.of(), "--redis=redis://127.0.0.1:6379");
            assertThat(options.feedConfig().rate()).isEqualTo(1000.0);
            assertThat(options.feedConfig().zipfExponent()).isEqualTo(1.0);
            assertThat(options.feedConfig().universe().size()).isEqualTo(SymbolUniverse.builtIn().size());
            assertThat(options.batch()).isEqualTo(500);
            assertThat(options.linger().toMillis()).isEqualTo(1);
            assertThat(options.streamMaxLen()).isEqualTo(1_000_000);
            assertThat(options.waitFor().waits()).isFalse();
            assertThat(options.waitFor().timeout().toMillis()).isEqualTo(1000);
        }

        /** Each option's value as text, numbers without a fraction written as whole numbers. */
        private List<String> valuesOf(PublisherOptions options) {
            CommandLine cl = options.spec.commandLine();
            return cl.getCommandSpec().options().stream().filter(EnvironmentDefaults::configurable).map(o -> {
                Object v = o.getValue();
                return v instanceof Number n && n.doubleValue() == n.longValue() ? Long.toString(n.longValue())
                        : String.valueOf(v);
            }).toList();
        }
    }

    @Nested
    class BadValues {

        @Test
        void aValueTheSettingsRefuseIsAParameterErrorNamingTheOption() {
            assertThatThrownBy(() -> parse(Map.of(), "--linger=0").linger())
                    .isInstanceOf(ParameterException.class).hasMessageContaining("--linger");
            assertThatThrownBy(() -> parse(Map.of("TICKWIRE_WAIT_REPLICAS", "1"), "--wait-timeout=0").waitFor())
                    .isInstanceOf(ParameterException.class).hasMessageContaining("wait-timeout");
            assertThatThrownBy(() -> parse(Map.of(), "--rate=-5").feedConfig())
                    .isInstanceOf(ParameterException.class).hasMessageContaining("rate");
        }

        @Test
        void aValueOfTheWrongTypeIsRefusedWhileParsing() {
            assertThatThrownBy(() -> parse(Map.of(), "--rate=fast"))
                    .isInstanceOf(ParameterException.class).hasMessageContaining("--rate").hasMessageContaining("fast");
            assertThatThrownBy(() -> parse(Map.of("TICKWIRE_BATCH", "many")))
                    .isInstanceOf(ParameterException.class).hasMessageContaining("--batch");
        }
    }
}
