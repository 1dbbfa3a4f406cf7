package dev.acidispatch.local.host;

import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatusType;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/** An HTTP response as a function built it, or as the host answers without calling one (401, 404, 405). */
public final class LocalHttpResponse implements HttpResponseMessage {
    private final HttpStatusType status;
    private final Map<String, String> headers;
    private final Object body;

    private LocalHttpResponse(HttpStatusType status, Map<String, String> headers, Object body) {
        this.status = status;
        this.headers = headers;
        this.body = body;
    }

    static LocalHttpResponse of(int status, String text) {
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.put("Content-Type", "text/plain; charset=utf-8");
        return new LocalHttpResponse(HttpStatusType.custom(status), headers, text);
    }

    static LocalHttpResponse from(HttpResponseMessage response) {
        if (response instanceof LocalHttpResponse local) {
            return local;
        }
        throw new IllegalStateException("A function returned an HttpResponseMessage it did not build with "
                + "request.createResponseBuilder: " + response.getClass().getName());
    }

    @Override
    public HttpStatusType getStatus() {
        return status;
    }

    @Override
    public String getHeader(String name) {
        return headers.get(name);
    }

    public Map<String, String> headers() {
        return Collections.unmodifiableMap(headers);
    }

    @Override
    public Object getBody() {
        return body;
    }

    /**
     * The body as the host writes it (the worker's RpcHttpDataTarget): a String as its text, bytes as they are, any
     * other object as JSON; null as no body.
     */
    public byte[] bodyBytes() {
        if (body == null) {
            return new byte[0];
        }
        if (body instanceof byte[] bytes) {
            return bytes.clone();
        }
        String text = body instanceof String s ? s : HostPayloadRules.GSON.toJson(body);
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** The body as text (UTF-8). */
    public String bodyText() {
        return new String(bodyBytes(), StandardCharsets.UTF_8);
    }

    static final class Builder implements HttpResponseMessage.Builder {
        private HttpStatusType status;
        private final Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        private Object body;

        Builder(HttpStatusType status) {
            this.status = status;
        }

        @Override
        public HttpResponseMessage.Builder status(HttpStatusType status) {
            this.status = status;
            return this;
        }

        @Override
        public HttpResponseMessage.Builder header(String key, String value) {
            headers.put(key, value);
            return this;
        }

        @Override
        public HttpResponseMessage.Builder body(Object body) {
            this.body = body;
            return this;
        }

        @Override
        public HttpResponseMessage build() {
            return new LocalHttpResponse(status, headers, body);
        }
    }
}
