package io.tickwire.gateway.admin;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The revocations of a single node ({@code tickwire.feed.source} simulator or http): in a JSON file,
 * {@code {"alice":"2026-12-06T23:40:00Z"}}, rewritten whole (to a temporary file, then moved) at
 * each change, so a restart keeps them; in memory only when no file is configured.
 */
public final class LocalRevocationStore implements RevocationStore {

    private static final TypeReference<Map<String, Instant>> ENTRIES = new TypeReference<>() {
    };

    private final Path file;
    private final ObjectMapper mapper;
    private final Map<String, Instant> entries = new TreeMap<>();

    /** @param file where the list is kept; {@code null}: in memory, lost at a restart */
    public LocalRevocationStore(Path file, ObjectMapper mapper) {
        this.file = file;
        this.mapper = mapper;
        if (file != null && Files.exists(file)) {
            try {
                entries.putAll(mapper.readValue(file.toFile(), ENTRIES));
            }
            catch (IOException e) {
                throw new UncheckedIOException("cannot read the revocations in " + file
                        + " (tickwire.revocation.file): mend or remove it", e);
            }
        }
    }

    @Override
    public Mono<Void> revoke(String subject, Instant at) {
        return change(() -> entries.merge(subject, at, (a, b) -> a.isAfter(b) ? a : b));
    }

    @Override
    public Mono<Void> lift(String subject) {
        return change(() -> entries.remove(subject));
    }

    @Override
    public synchronized Mono<Map<String, Instant>> all() {
        return Mono.just(Map.copyOf(entries));
    }

    @Override
    public Mono<Long> version() {
        return Mono.empty();
    }

    private Mono<Void> change(Runnable edit) {
        return Mono.<Void>fromRunnable(() -> {
            synchronized (this) {
                edit.run();
                write();
            }
        }).subscribeOn(Schedulers.boundedElastic());
    }

    private void write() {
        if (file == null) {
            return;
        }
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path next = Files.createTempFile(parent, ".revocations", ".json");
            mapper.writeValue(next.toFile(), entries);
            Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        catch (IOException e) {
            throw new UncheckedIOException("cannot write the revocations to " + file + " (tickwire.revocation.file)", e);
        }
    }
}
