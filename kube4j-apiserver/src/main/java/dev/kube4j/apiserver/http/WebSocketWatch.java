package dev.kube4j.apiserver.http;

import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;

/**
 * A watch over WebSocket, as upstream serves it to clients that ask (fabric8 does by default):
 * each event is one text message holding the event's JSON.
 */
public final class WebSocketWatch implements Session.Listener.AutoDemanding {

    private static final Logger LOG = LoggerFactory.getLogger(WebSocketWatch.class);

    /** Runs the watch against a sink; called on its own virtual thread once the socket is open. */
    public interface Body {
        void run(WatchStreamer.EventSink sink) throws Exception;
    }

    private final Body body;
    private final List<Runnable> onGone = new CopyOnWriteArrayList<>();
    private volatile boolean gone;

    public WebSocketWatch(Body body) {
        this.body = body;
    }

    @Override
    public void onWebSocketOpen(Session session) {
        Thread.ofVirtual().name("websocket-watch").start(() -> {
            try {
                body.run(new Sink(session));
            } catch (Exception e) {
                LOG.debug("websocket watch ended with an error", e);
                session.close(StatusCode.SERVER_ERROR, "watch failed", Callback.NOOP);
            }
        });
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason, Callback callback) {
        clientGone();
        callback.succeed();
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        clientGone();
    }

    private void clientGone() {
        gone = true;
        onGone.forEach(Runnable::run);
    }

    /** Turns each flushed, newline-terminated event into one text message. */
    private final class Sink implements WatchStreamer.EventSink {
        private final Session session;

        Sink(Session session) {
            this.session = session;
        }

        @Override
        public OutputStream open(String contentType) {
            return new ByteArrayOutputStream() {
                @Override
                public void flush() throws IOException {
                    sendEvents(buf, count);
                    reset();
                }
            };
        }

        /**
         * One text message per event (a line of the buffer). All of a flush's events are queued at
         * once and waited for together: a round trip per event cost the server a fifth of its watch CPU.
         */
        private void sendEvents(byte[] buf, int count) throws IOException {
            if (gone) {
                throw new IOException("the client closed the watch");
            }
            List<CompletableFuture<Void>> sends = new ArrayList<>();
            int start = 0;
            for (int i = 0; i < count; i++) {
                if (buf[i] == '\n') {
                    if (i > start) {
                        CompletableFuture<Void> sent = new CompletableFuture<>();
                        session.sendText(new String(buf, start, i - start, StandardCharsets.UTF_8),
                                Callback.from(() -> sent.complete(null), sent::completeExceptionally));
                        sends.add(sent);
                    }
                    start = i + 1;
                }
            }
            if (start < count) {
                CompletableFuture<Void> sent = new CompletableFuture<>();
                session.sendText(new String(buf, start, count - start, StandardCharsets.UTF_8),
                        Callback.from(() -> sent.complete(null), sent::completeExceptionally));
                sends.add(sent);
            }
            try {
                CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            } catch (ExecutionException e) {
                throw new IOException(e.getCause());
            }
        }

        @Override
        public void onClientGone(Runnable action) {
            onGone.add(action);
            if (gone) {
                action.run();
            }
        }

        @Override
        public void finish() {
            if (session.isOpen()) {
                session.close(StatusCode.NORMAL, "", Callback.NOOP);
            }
        }
    }
}
