package io.tickwire.feed.redis;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.reactive.RedisReactiveCommands;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Tickwire's Redis Function library ({@code ops/redis/tickwire.lua}, carried in this jar):
 * loaded by every publisher and gateway at start ({@code FUNCTION LOAD REPLACE}, so loading it
 * again is harmless and an upgrade replaces it), and again whenever a call finds it missing (a
 * Redis restarted without persistence loses its functions with its data).
 */
public final class FunctionLibrary {

    static final String PUBLISH = "tickwire_publish";
    static final String DEFINE = "tickwire_define";
    static final String SNAPSHOT = "tickwire_snapshot";
    static final String CONFIGURE = "tickwire_configure";

    private static final String SOURCE = load();

    private FunctionLibrary() {
    }

    /** The library's source, as {@code redis-cli FUNCTION LOAD} takes it. */
    public static String source() {
        return SOURCE;
    }

    /** Loads (or replaces) the library, then sets the stream's retention. */
    static Mono<Void> install(RedisReactiveCommands<String, String> redis, long streamMaxLen) {
        return redis.functionLoad(SOURCE, true)
                .then(redis.<String>fcall(CONFIGURE, ScriptOutputType.STATUS, new String[0],
                        Long.toString(streamMaxLen)).then());
    }

    /** {@code call}, and if Redis says the library is not there, {@code install} it and call once more. */
    static <T> Flux<T> withLibrary(Flux<T> call, Mono<Void> install) {
        return call.onErrorResume(FunctionLibrary::missing, e -> install.thenMany(call));
    }

    static boolean missing(Throwable e) {
        return e instanceof RedisCommandExecutionException && e.getMessage() != null
                && e.getMessage().contains("Function not found");
    }

    private static String load() {
        try (InputStream in = FunctionLibrary.class.getResourceAsStream("tickwire.lua")) {
            if (in == null) {
                throw new IllegalStateException("tickwire.lua missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
