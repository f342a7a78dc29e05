package io.tickwire.system.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One contract document of {@code docs/} (AsyncAPI or OpenAPI, YAML), read as the gateway serves
 * it, with a JSON Schema validator over it: a schema is named by its JSON pointer in the document
 * and its {@code $ref}s resolve inside the document, as any tool reading the document resolves them.
 */
final class ContractDocument {

    // Before the documents: loading them uses these.
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    /** Decimals read as written (1.08345, 189.30, 0.0153): a schema sees the digits the gateway sent. */
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false);

    /** {@code docs/} of the checkout: beside {@code ops/}, which the build names for the tests. */
    static final Path DOCS = Path.of(System.getProperty("tickwire.ops.dir", "../ops")).toAbsolutePath()
            .getParent().resolve("docs");
    static final ContractDocument ASYNCAPI = load("asyncapi.yaml", SpecificationVersion.DRAFT_7);
    static final ContractDocument OPENAPI = load("openapi.yaml", SpecificationVersion.DRAFT_2020_12);

    private final String file;
    private final byte[] bytes;
    private final JsonNode root;
    private final String iri;
    private final SchemaRegistry registry;
    private final Map<String, Schema> schemas = new ConcurrentHashMap<>();

    private ContractDocument(String file, byte[] bytes, JsonNode root, SpecificationVersion dialect) {
        this.file = file;
        this.bytes = bytes;
        this.root = root;
        this.iri = "https://contract.tickwire.test/" + file.replace(".yaml", ".json");
        // What schemas live in and refer to; the rest (e.g. AsyncAPI's top-level "id") is no schema keyword.
        ObjectNode schemaRoot = root.deepCopy();
        schemaRoot.retain("components", "paths");
        String json = schemaRoot.toString();
        // AsyncAPI payloads are draft-07 Schema Objects; OpenAPI 3.1 schemas are draft 2020-12.
        this.registry = SchemaRegistry.withDefaultDialect(dialect, b -> b.schemas(Map.of(iri, json)));
    }

    static ContractDocument load(String file, SpecificationVersion dialect) {
        try {
            byte[] bytes = Files.readAllBytes(DOCS.resolve(file));
            return new ContractDocument(file, bytes, YAML.readTree(bytes), dialect);
        }
        catch (IOException e) {
            throw new UncheckedIOException("cannot read " + DOCS.resolve(file), e);
        }
    }

    String file() {
        return file;
    }

    byte[] bytes() {
        return bytes.clone();
    }

    JsonNode root() {
        return root;
    }

    /** The node at {@code pointer}; missing if there is none. */
    JsonNode at(String pointer) {
        return root.at(pointer);
    }

    /**
     * {@code pointer} with every local {@code $ref} met on the way followed (the last node's own
     * {@code $ref} is left for the validator): {@code /paths/~1api~1quotes/get/responses/401/content}
     * leads into {@code /components/responses/Unauthenticated/content}.
     */
    String resolve(String pointer) {
        String at = "";
        for (String token : pointer.substring(1).split("/", -1)) {
            at = follow(at) + "/" + token;
            assertThat(root.at(at).isMissingNode()).as("%s has %s (from %s)", file, at, pointer).isFalse();
        }
        return at;
    }

    /**
     * The node at {@code pointer} with every local {@code $ref} on the way and at the end followed;
     * missing if there is none (where {@link #resolve} fails): for what a document may or may not say.
     */
    JsonNode resolved(String pointer) {
        String at = "";
        for (String token : pointer.substring(1).split("/", -1)) {
            at = follow(at) + "/" + token;
            if (root.at(at).isMissingNode()) {
                return root.at(at);
            }
        }
        return root.at(follow(at));
    }

    private String follow(String pointer) {
        JsonNode ref = root.at(pointer).get("$ref");
        for (int hops = 0; ref != null && ref.isTextual(); hops++) {
            assertThat(hops).as("a $ref cycle at %s", pointer).isLessThan(16);
            pointer = target(ref.asText());
            ref = root.at(pointer).get("$ref");
        }
        return pointer;
    }

    /** The JSON pointer a local {@code $ref} names, checked to be in the document. */
    String target(String ref) {
        assertThat(ref).as("a local $ref of %s", file).startsWith("#/");
        String pointer = ref.substring(1);
        assertThat(root.at(pointer).isMissingNode()).as("%s: $ref %s resolves", file, ref).isFalse();
        return pointer;
    }

    /** The errors of {@code instance} against the schema at {@code pointer} (after {@link #resolve}). */
    List<Error> errors(String pointer, JsonNode instance) {
        String at = resolve(pointer);
        Schema schema = schemas.computeIfAbsent(at, p -> registry.getSchema(SchemaLocation.of(iri + "#" + p)));
        return schema.validate(instance);
    }

    /** Fails, naming every violation, unless {@code instance} is valid against the schema at {@code pointer}. */
    void assertValid(String pointer, JsonNode instance) {
        assertThat(errors(pointer, instance)).as("%s against %s#%s", instance, file, pointer).isEmpty();
    }

    void assertInvalid(String pointer, JsonNode instance) {
        assertThat(errors(pointer, instance)).as("%s must break %s#%s", instance, file, pointer).isNotEmpty();
    }

    /** Every {@code $ref} value anywhere in the document. */
    List<String> refs() {
        List<String> out = new ArrayList<>();
        collectRefs(root, out);
        return out;
    }

    private static void collectRefs(JsonNode node, List<String> out) {
        if (node.isObject() && node.get("$ref") != null && node.get("$ref").isTextual()) {
            out.add(node.get("$ref").asText());
        }
        node.forEach(child -> collectRefs(child, out));
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        }
        catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + text, e);
        }
    }

    /**
     * Fails unless every number in {@code raw} JSON is written as a plain decimal (PROTOCOL.md §1:
     * never exponent notation), which no schema can see once the text is parsed.
     */
    static void assertPlainNumbers(String raw) {
        try (JsonParser p = JSON.getFactory().createParser(raw)) {
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                if (t == JsonToken.VALUE_NUMBER_FLOAT || t == JsonToken.VALUE_NUMBER_INT) {
                    assertThat(p.getText()).as("a number of %s", raw).doesNotContainIgnoringCase("e");
                }
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + raw, e);
        }
    }

    /** A JSON pointer token: {@code /api/quotes} becomes {@code ~1api~1quotes}. */
    static String token(String raw) {
        return raw.replace("~", "~0").replace("/", "~1");
    }
}
