package io.tickwire.testing;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A program a test drives as users do (redis-server, nginx, Prometheus, Chromium), found on the
 * {@code PATH}. Where it is missing the test is skipped with a message saying what to install, so
 * a machine with only Java and Maven still runs every other test; CI sets
 * {@code TICKWIRE_REQUIRE_TOOLS=1}, which turns a missing tool into a failure instead of a silent skip.
 */
public final class ExternalTool {

    private ExternalTool() {
    }

    /** The executable {@code name}; skips (or, in CI, fails) the calling test when it is not installed. */
    public static Path require(String name, String debianPackage) {
        Optional<Path> found = find(name);
        if (found.isPresent()) {
            return found.get();
        }
        String message = name + " is not installed (apt-get install " + debianPackage + ")";
        if (!System.getenv().getOrDefault("TICKWIRE_REQUIRE_TOOLS", "").isEmpty()) {
            Assertions.fail(message + ", and TICKWIRE_REQUIRE_TOOLS is set");
        }
        Assumptions.abort(message + ": skipped");
        throw new AssertionError("unreachable");
    }

    public static Optional<Path> find(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
                return Optional.of(Path.of(dir, name));
            }
        }
        // Debian puts nginx in /usr/sbin, which a non-root PATH may lack.
        return Stream.of("/usr/sbin", "/usr/local/sbin").map(d -> Path.of(d, name)).filter(Files::isExecutable)
                .findFirst();
    }
}
