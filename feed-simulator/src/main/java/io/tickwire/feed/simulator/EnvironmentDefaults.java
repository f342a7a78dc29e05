package io.tickwire.feed.simulator;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Help;
import picocli.CommandLine.Help.Ansi.Text;
import picocli.CommandLine.Help.ColorScheme;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.IHelpFactory;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Every option of the publisher also read from an environment variable, the way containers and
 * systemd configure a process: {@code --sentinel-master} from {@code TICKWIRE_SENTINEL_MASTER},
 * {@code TICKWIRE_} and the option's name in upper snake case ({@link #variable}). A value on the
 * command line wins over the environment, which wins over the option's own default; a variable set
 * but blank counts as unset. The names come from this one rule, and {@code --help} shows each
 * under its option ({@link #helpFactory}), so the help and the names cannot drift apart.
 */
final class EnvironmentDefaults implements IDefaultValueProvider {

    static final String PREFIX = "TICKWIRE_";

    private final Map<String, String> environment;

    EnvironmentDefaults(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    /** The environment variable of {@code option}: {@code --wait-timeout} is {@code TICKWIRE_WAIT_TIMEOUT}. */
    static String variable(OptionSpec option) {
        return PREFIX + option.longestName().replaceFirst("^-+", "").replace('-', '_').toUpperCase(Locale.ROOT);
    }

    /** Whether an option takes a value from the environment: all but {@code --help} and {@code --version}. */
    static boolean configurable(OptionSpec option) {
        return !option.usageHelp() && !option.versionHelp();
    }

    /** The variable's value; {@code null} (picocli then takes the option's own default) when unset or blank. */
    @Override
    public String defaultValue(ArgSpec arg) {
        if (!(arg instanceof OptionSpec option) || !configurable(option)) {
            return null;
        }
        String value = environment.get(variable(option));
        return value == null || value.isBlank() ? null : value;
    }

    /**
     * Help that adds a line {@code Env: TICKWIRE_…} under each option's description (after its
     * {@code Default:}, which shows the value the environment gives, if it gives one).
     */
    static IHelpFactory helpFactory() {
        return (CommandSpec spec, ColorScheme scheme) -> new Help(spec, scheme) {
            @Override
            public IOptionRenderer createDefaultOptionRenderer() {
                IOptionRenderer standard = super.createDefaultOptionRenderer();
                return (option, labels, colors) -> {
                    Text[][] rows = standard.render(option, labels, colors);
                    if (!configurable(option) || rows.length == 0) {
                        return rows;
                    }
                    Text[] env = new Text[rows[0].length];
                    Arrays.fill(env, colors.text(""));
                    env[env.length - 1] = colors.text("Env: " + variable(option));
                    Text[][] out = Arrays.copyOf(rows, rows.length + 1);
                    out[rows.length] = env;
                    return out;
                };
            }
        };
    }
}
