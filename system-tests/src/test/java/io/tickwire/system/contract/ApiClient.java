package io.tickwire.system.contract;

import static io.tickwire.system.contract.ContractDocument.OPENAPI;
import static io.tickwire.system.contract.ContractDocument.assertPlainNumbers;
import static io.tickwire.system.contract.ContractDocument.json;
import static io.tickwire.system.contract.ContractDocument.token;
import static io.tickwire.testing.Patience.PATIENCE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.charset.StandardCharsets;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The contract tests' HTTP client: a real one ({@link WebTestClient} bound to the running server)
 * whose every answer is held to docs/openapi.yaml for its method, path and status: a JSON body
 * valid against the response's schema, with every number a plain decimal, and each header the
 * response documents ({@code Retry-After}, {@code WWW-Authenticate}) there and valid. A status
 * the document does not give for the operation fails, naming it.
 */
final class ApiClient {

    private final WebTestClient http;

    ApiClient(int port) {
        // Generous: a 4 MB body, or a publish to a Redis that cannot be reached, on two shared cores.
        this.http = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(PATIENCE).build();
    }

    /**
     * One answer, validated.
     *
     * @param raw  the body as the gateway wrote it
     * @param body the body parsed, decimals as written ({@code 189.30} keeps its zero)
     */
    record Answer(int status, HttpHeaders headers, String raw, JsonNode body) {

        /** The error code of a refusal; empty for a success. */
        String code() {
            return body.path("code").asText();
        }
    }

    /** {@code GET path+query} (auth off), expecting {@code status}. */
    Answer get(String path, String query, int status) {
        return get(path, query, null, status);
    }

    /** {@code GET path+query} with {@code bearer} as the token ({@code null}: none), expecting {@code status}. */
    Answer get(String path, String query, String bearer, int status) {
        return check("get", path, status, http.get().uri(path + query).headers(h -> bearer(h, bearer)).exchange()
                .expectStatus().isEqualTo(status));
    }

    /** {@code POST path} with the JSON {@code body} and {@code bearer} ({@code null}: none), expecting {@code status}. */
    Answer post(String path, String body, String bearer, int status) {
        return check("post", path, status, http.post().uri(path).contentType(MediaType.APPLICATION_JSON)
                .headers(h -> bearer(h, bearer)).bodyValue(body).exchange().expectStatus().isEqualTo(status));
    }

    private static void bearer(HttpHeaders headers, String token) {
        if (token != null) {
            headers.setBearerAuth(token);
        }
    }

    private static Answer check(String method, String path, int status, WebTestClient.ResponseSpec spec) {
        EntityExchangeResult<byte[]> result = spec.expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
                .expectBody().returnResult();
        String raw = new String(result.getResponseBodyContent(), StandardCharsets.UTF_8);
        JsonNode body = json(raw);
        String response = response(method, path, status);
        OPENAPI.assertValid(response + "/content/application~1json/schema", body);
        assertPlainNumbers(raw);
        HttpHeaders headers = result.getResponseHeaders();
        OPENAPI.resolved(response + "/headers").fieldNames().forEachRemaining(name -> {
            String header = response + "/headers/" + token(name);
            String value = headers.getFirst(name);
            if (OPENAPI.resolved(header + "/required").asBoolean(false)) {
                assertThat(value).as("%s %s %d has the header %s", method, path, status, name).isNotNull();
            }
            if (value != null) {
                OPENAPI.assertValid(header + "/schema", JsonNodeFactory.instance.textNode(value));
            }
        });
        return new Answer(status, headers, raw, body);
    }

    /** The document's response of {@code method path} with {@code status}: {@code /paths/~1api~1quotes/get/responses/400}. */
    static String response(String method, String path, int status) {
        return "/paths/" + token(path) + "/" + method + "/responses/" + status;
    }

    /** The schema of that response's JSON body. */
    static String responseSchema(String method, String path, int status) {
        return response(method, path, status) + "/content/application~1json/schema";
    }

    /** The schema of the JSON body {@code POST path} takes. */
    static String requestSchema(String path) {
        return "/paths/" + token(path) + "/post/requestBody/content/application~1json/schema";
    }
}
