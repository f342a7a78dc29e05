package io.tickwire.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No test of the project puts an upper bound on elapsed time: a test asserts order, counts and
 * states, and waits for what should come soon with {@link Patience#PATIENCE}, a bound only a hang
 * reaches (tight bounds flaked on a busy 2-core CI machine). Scans every test source of every module
 * for the few forms such a bound takes. A lower bound, showing a timeout was honoured
 * ({@code took() >= timeout}), is fine and not matched; so are waits in virtual time.
 */
class NoTimeBoundsInTestsTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    /** JUnit's own time limits on a test or a block. */
    private static final Pattern JUNIT_LIMIT = Pattern.compile("\\bassertTimeout(Preemptively)?\\(|@Timeout\\b");

    /** An upper bound asserted on a line that measures time. */
    private static final Pattern UPPER = Pattern.compile("\\.(isLessThan|isLessThanOrEqualTo|isBetween)\\(");
    private static final Pattern MEASURED = Pattern.compile(
            "\\.took\\(\\)|\\belapsed\\b|System\\.nanoTime\\(\\)|System\\.currentTimeMillis\\(\\)|Duration\\.(ofNanos|between)\\(");

    /** A wait whose expiry fails the test, given a literal bound below {@link Patience#PATIENCE}. */
    private static final Pattern LITERAL_WAIT = Pattern.compile("\\b(atMost|verify|block|blockFirst|blockLast|awaitEnd"
            + "|responseTimeout|timeout|failsWithin|succeedsWithin|bindNow|disposeNow)\\(\\s*Duration\\.of(Millis|Seconds)\\(([\\d_]+)\\)");
    private static final Pattern BOUND_CONSTANT = Pattern.compile(
            "static final Duration (TIMEOUT|WAIT|PROMPT|GONE|DEADLINE) = Duration\\.of(Millis|Seconds)\\(([\\d_]+)\\)");
    private static final Pattern LITERAL_GET = Pattern.compile("\\b(get|orTimeout)\\(([\\d_]+)L?, TimeUnit\\.(MILLISECONDS|SECONDS)\\)");

    /** Absence shown by waiting a while: show it by order instead (a later marker arrives first, or alone). */
    private static final Pattern DURING = Pattern.compile("\\.during\\(");
    private static final Pattern REAL_NO_EVENT = Pattern.compile("\\.expectNoEvent\\(Duration\\.of(Nanos|Millis|Seconds)\\(");

    /** JavaScript and Python: a measured duration compared with a figure. */
    private static final Pattern SCRIPT_MEASURED = Pattern.compile(
            "performance\\.now\\(\\)|Date\\.now\\(\\)|time\\.monotonic\\(\\)|time\\.time\\(\\)|\\belapsed\\b");
    private static final Pattern SCRIPT_UPPER = Pattern.compile("\\bassert\\b.*<");

    /**
     * Known exceptions, each with its reason: {@code path:line text} fragments that may match.
     * Empty is the goal; add to it only for a lower bound the patterns mistake for an upper one.
     */
    /** name:fragment of a line that may stay; none today. */
    private static final Set<String> ALLOWED = Set.of();

    @Test
    void noTestSourcePutsAnUpperBoundOnElapsedTime() {
        List<Path> sources = testSources();
        assertTrue(sources.size() > 100, "found the test sources under " + ROOT + ": " + sources.size());
        List<String> offences = new ArrayList<>();
        for (Path source : sources) {
            List<String> lines = read(source);
            String name = ROOT.relativize(source).toString().replace('\\', '/');
            boolean script = !name.endsWith(".java");
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                String why = script ? scriptOffence(line) : javaOffence(lines, i);
                if (why != null && ALLOWED.stream().noneMatch(a -> a.startsWith(name + ":") && line.contains(a.substring(name.length() + 1)))) {
                    offences.add(name + ":" + (i + 1) + ": " + why + ": " + line.strip());
                }
            }
        }
        assertEquals(List.of(), offences, "upper bounds on elapsed time; assert order, counts and states, and wait "
                + "with Patience.PATIENCE:\n" + String.join("\n", offences));
    }

    private static String javaOffence(List<String> lines, int i) {
        String line = lines.get(i);
        if (JUNIT_LIMIT.matcher(line).find()) {
            return "a JUnit time limit";
        }
        if (UPPER.matcher(line).find() && MEASURED.matcher(line).find()) {
            return "an upper bound on a measured time";
        }
        Matcher wait = LITERAL_WAIT.matcher(line);
        while (wait.find()) {
            if (belowPatience(wait.group(3), wait.group(2))) {
                return "a wait bounded below Patience.PATIENCE";
            }
        }
        Matcher constant = BOUND_CONSTANT.matcher(line);
        if (constant.find() && belowPatience(constant.group(3), constant.group(2))) {
            return "a bound on waits below Patience.PATIENCE";
        }
        Matcher get = LITERAL_GET.matcher(line);
        while (get.find()) {
            if (belowPatience(get.group(2), get.group(3))) {
                return "a wait bounded below Patience.PATIENCE";
            }
        }
        if (DURING.matcher(line).find()) {
            return "absence shown by waiting";
        }
        if (REAL_NO_EVENT.matcher(line).find() && !inVirtualTime(lines, i)) {
            return "absence shown by waiting in real time";
        }
        return null;
    }

    /** Whether {@code amount} of {@code unit} (Millis/MILLISECONDS or Seconds/SECONDS) is shorter than the patience. */
    private static boolean belowPatience(String amount, String unit) {
        long millis = Long.parseLong(amount.replace("_", "")) * (unit.equalsIgnoreCase("Seconds") ? 1000 : 1);
        return millis < Patience.PATIENCE.toMillis();
    }

    /** Whether the StepVerifier whose chain holds line {@code i} runs in virtual time. */
    private static boolean inVirtualTime(List<String> lines, int i) {
        for (int k = i; k >= 0; k--) {
            String line = lines.get(k);
            if (line.contains("withVirtualTime(")) {
                return true;
            }
            if (line.contains("StepVerifier.create(")) {
                return false;
            }
        }
        return false;
    }

    private static String scriptOffence(String line) {
        return SCRIPT_MEASURED.matcher(line).find() && SCRIPT_UPPER.matcher(line).find()
                ? "an upper bound on a measured time" : null;
    }

    /** Every module's test sources, the script clients' tests, and the process drivers here. */
    private static List<Path> testSources() {
        try (Stream<Path> all = Files.walk(ROOT)) {
            return all.filter(Files::isRegularFile)
                    .filter(p -> {
                        String s = ROOT.relativize(p).toString().replace('\\', '/');
                        if (s.contains("/node_modules/") || s.contains("/target/") || s.startsWith(".")
                                || s.endsWith("/NoTimeBoundsInTestsTest.java")) {
                            return false;
                        }
                        boolean java = s.endsWith(".java") && (s.contains("/src/test/") || s.startsWith("test-support/src/"));
                        boolean js = s.endsWith(".js") && (s.startsWith("clients/js/test/") || s.startsWith("clients/js/test-support/"));
                        boolean py = s.endsWith(".py") && s.startsWith("clients/python/tests/");
                        return java || js || py;
                    })
                    .sorted()
                    .toList();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> read(Path source) {
        try {
            return Files.readAllLines(source);
        }
        catch (IOException e) {
            throw new UncheckedIOException(source.toString(), e);
        }
    }
}
