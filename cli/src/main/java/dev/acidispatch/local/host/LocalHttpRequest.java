package dev.acidispatch.local.host;

import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatus;
import com.microsoft.azure.functions.HttpStatusType;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * An HTTP request as the host hands it to a function ({@link HttpRequestMessage}). The body is kept as bytes; the
 * function's declared body type decides what it sees (see {@link FunctionsHost}).
 */
public final class LocalHttpRequest {
    private final HttpMethod method;
    private final URI uri;
    private final Map<String, String> headers;
    private final byte[] body;

    private LocalHttpRequest(HttpMethod method, URI uri, Map<String, String> headers, byte[] body) {
        this.method = Objects.requireNonNull(method, "method");
        this.uri = Objects.requireNonNull(uri, "uri");
        Map<String, String> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        copy.putAll(headers);
        this.headers = Collections.unmodifiableMap(copy);
        this.body = body == null ? new byte[0] : body.clone();
    }

    /** A request for {@code uri} (absolute, e.g. {@code http://localhost:7071/api/jobs?code=...}). */
    public static LocalHttpRequest of(String method, URI uri, Map<String, String> headers, byte[] body) {
        return new LocalHttpRequest(HttpMethod.value(method.toUpperCase(java.util.Locale.ROOT)), uri, headers, body);
    }

    public HttpMethod method() {
        return method;
    }

    public URI uri() {
        return uri;
    }

    public Map<String, String> headers() {
        return headers;
    }

    public byte[] body() {
        return body.clone();
    }

    /** The decoded query parameters (the last value wins for a repeated name, as the host's map does). */
    public Map<String, String> queryParameters() {
        Map<String, String> query = new LinkedHashMap<>();
        String raw = uri.getRawQuery();
        if (raw == null || raw.isEmpty()) {
            return query;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            query.put(URLDecoder.decode(name, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return query;
    }

    /** The {@link HttpRequestMessage} a function receives, with {@code bindingBody} as its body. */
    <T> HttpRequestMessage<T> toMessage(T bindingBody) {
        Map<String, String> query = Collections.unmodifiableMap(queryParameters());
        return new HttpRequestMessage<>() {
            @Override
            public URI getUri() {
                return uri;
            }

            @Override
            public HttpMethod getHttpMethod() {
                return method;
            }

            @Override
            public Map<String, String> getHeaders() {
                return headers;
            }

            @Override
            public Map<String, String> getQueryParameters() {
                return query;
            }

            @Override
            public T getBody() {
                return bindingBody;
            }

            @Override
            public HttpResponseMessage.Builder createResponseBuilder(HttpStatus status) {
                return new LocalHttpResponse.Builder(status);
            }

            @Override
            public HttpResponseMessage.Builder createResponseBuilder(HttpStatusType status) {
                return new LocalHttpResponse.Builder(status);
            }
        };
    }
}
