package dev.kube4j.apiserver.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kube4j.apimachinery.errors.ApiException;
import dev.kube4j.apiserver.registry.ObjectCodec;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/**
 * One HTTP request and its response, with blocking helpers. Handlers run on virtual threads, so
 * blocking reads and writes are cheap and keep the code straight.
 */
public final class HttpExchange {

    /** Upstream's limit on request bodies. */
    public static final int MAX_BODY_BYTES = 3 * 1024 * 1024;
    /** How much of a too-large body is read and thrown away before answering 413. */
    private static final long DRAIN_LIMIT_BYTES = 16L * 1024 * 1024;
    /** Responses above this size are gzipped when the client accepts it (upstream's threshold). */
    private static final int GZIP_THRESHOLD = 128 * 1024;

    private final Request request;
    private final Response response;
    private final Callback callback;
    private final Fields query;
    private final List<String> warnings = new ArrayList<>();
    private int status;
    private boolean completed;
    private boolean bodyRead;

    public HttpExchange(Request request, Response response, Callback callback) {
        this.request = request;
        this.response = response;
        this.callback = callback;
        this.query = Request.extractQueryParameters(request, StandardCharsets.UTF_8);
    }

    public Request request() {
        return request;
    }

    public Response response() {
        return response;
    }

    public String method() {
        return request.getMethod();
    }

    public String path() {
        return request.getHttpURI().getDecodedPath();
    }

    public String header(String name) {
        return request.getHeaders().get(name);
    }

    public String query(String name) {
        String v = query.getValue(name);
        return v == null ? "" : v;
    }

    public boolean hasQuery(String name) {
        return query.get(name) != null;
    }

    public boolean queryFlag(String name) {
        String v = query(name);
        return v.equals("true") || v.equals("1");
    }

    public long queryLong(String name, long dflt) {
        String v = query(name);
        if (v.isEmpty()) {
            return dflt;
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("invalid value for " + name + ": \"" + v + "\"");
        }
    }

    public void warn(String message) {
        warnings.add(message);
    }

    public int status() {
        return status;
    }

    /**
     * Reads and drops a body nobody read (a request refused before its body mattered, such as a
     * 405), so an HTTP/1.1 connection stays usable for the client's next request.
     */
    public void discardUnreadBody() {
        if (bodyRead || "GET".equals(method()) || "HEAD".equals(method())) {
            return;
        }
        bodyRead = true;
        try (InputStream in = Content.Source.asInputStream(request)) {
            drain(in, request.getLength());
        } catch (IOException e) {
            // The connection is failing anyway; the response below is best effort.
        }
    }

    /** The whole body, refused with 413 above {@link #MAX_BODY_BYTES}. */
    public byte[] body() {
        bodyRead = true;
        long declared = request.getLength();
        try (InputStream in = Content.Source.asInputStream(request)) {
            if (declared > MAX_BODY_BYTES) {
                drain(in, declared);
                throw tooLarge();
            }
            if (declared >= 0) {
                // The usual case: read exactly what was declared, without a 16 KB scratch buffer
                // zeroed per request (a few hundred bytes of Binding or status patch, thousands a second).
                byte[] body = in.readNBytes((int) declared);
                if (body.length == declared && in.read() < 0) {
                    return body;
                }
                throw ApiException.badRequest("could not read the request body: it does not match its Content-Length");
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
            byte[] buf = new byte[8192];
            int n;
            while ((n = in.read(buf)) >= 0) {
                out.write(buf, 0, n);
                if (out.size() > MAX_BODY_BYTES) {
                    drain(in, -1);
                    throw tooLarge();
                }
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw ApiException.badRequest("could not read the request body: " + e.getMessage());
        }
    }

    /**
     * Reads and discards the rest of a body that is too large, up to a bound, so that a client still
     * sending it receives the 413 instead of a reset connection.
     */
    private static void drain(InputStream in, long declared) throws IOException {
        long left = declared > 0 ? Math.min(declared, DRAIN_LIMIT_BYTES) : DRAIN_LIMIT_BYTES;
        byte[] buf = new byte[65536];
        int n;
        while (left > 0 && (n = in.read(buf, 0, (int) Math.min(buf.length, left))) >= 0) {
            left -= n;
        }
    }

    private static ApiException tooLarge() {
        return ApiException.tooLarge("Request entity too large: limit is " + MAX_BODY_BYTES);
    }

    /** The body's media type without parameters, lower case ("" when absent). */
    public String contentType() {
        String ct = header("Content-Type");
        if (ct == null) {
            return "";
        }
        int semi = ct.indexOf(';');
        return (semi < 0 ? ct : ct.substring(0, semi)).trim().toLowerCase();
    }

    public void sendJson(int code, JsonNode body, MediaTarget target) {
        try {
            byte[] bytes = target.yaml() ? ObjectCodec.YAML.writeValueAsBytes(body) : ObjectCodec.JSON.writeValueAsBytes(body);
            send(code, target.contentType(), bytes);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public void send(int code, String contentType, byte[] bytes) {
        status = code;
        response.setStatus(code);
        var headers = response.getHeaders();
        headers.put(HttpHeader.CONTENT_TYPE, contentType);
        headers.put(HttpHeader.CACHE_CONTROL, "no-cache, private");
        addWarnings();
        String acceptEncoding = header("Accept-Encoding");
        boolean gzip = bytes.length > GZIP_THRESHOLD && acceptEncoding != null && acceptEncoding.contains("gzip");
        try {
            if (gzip) {
                ByteArrayOutputStream z = new ByteArrayOutputStream(bytes.length / 4);
                try (GZIPOutputStream g = new GZIPOutputStream(z)) {
                    g.write(bytes);
                }
                bytes = z.toByteArray();
                headers.put(HttpHeader.CONTENT_ENCODING, "gzip");
                headers.put(HttpHeader.VARY, "Accept-Encoding");
            }
            headers.put(HttpHeader.CONTENT_LENGTH, bytes.length);
            try (OutputStream out = Content.Sink.asOutputStream(response)) {
                if (!"HEAD".equals(method())) {
                    out.write(bytes);
                }
            }
            complete();
        } catch (IOException e) {
            fail(e);
        }
    }

    /** Starts a streamed response (watch); the caller writes and flushes, then completes. */
    public OutputStream startStream(int code, String contentType) {
        status = code;
        response.setStatus(code);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache, private");
        addWarnings();
        return Content.Sink.asOutputStream(response);
    }

    private void addWarnings() {
        for (String w : warnings) {
            response.getHeaders().add("Warning", "299 - \"" + w.replace("\\", "\\\\").replace("\"", "\\\"") + "\"");
        }
    }

    public void complete() {
        if (!completed) {
            completed = true;
            callback.succeeded();
        }
    }

    public void fail(Throwable t) {
        if (!completed) {
            completed = true;
            callback.failed(t);
        }
    }

    /**
     * Hands the exchange to a protocol upgrade (WebSocket); the upgrade completes the callback.
     *
     * @return false when the request could not be upgraded (nothing was sent)
     */
    public boolean upgrade(java.util.function.Predicate<Callback> upgrader) {
        boolean upgraded = upgrader.test(callback);
        if (upgraded) {
            completed = true;
            status = 101;
        }
        return upgraded;
    }

    public boolean isCommitted() {
        return response.isCommitted();
    }

    public static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
