package dev.kube4j.apiserver.http;

import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.eclipse.jetty.websocket.common.WebSocketSession;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.OpCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
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
        /** The session's frame level, where a text message can be sent from bytes. */
        private final CoreSession frames;

        Sink(Session session) {
            this.session = session;
            this.frames = ((WebSocketSession) session).getCoreSession();
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
         * One text message per event (a line of the buffer), written as the bytes they are (no
         * String in between). All of a flush's events are queued at once and waited for together
         * (a round trip per event cost the server a fifth of its watch CPU), and all but the last
         * are batched so that they reach the socket in one write.
         */
        private void sendEvents(byte[] buf, int count) throws IOException {
            if (gone) {
                throw new IOException("the client closed the watch");
            }
            List<int[]> lines = new ArrayList<>();
            int start = 0;
            for (int i = 0; i < count; i++) {
                if (buf[i] == '\n') {
                    if (i > start) {
                        lines.add(new int[]{start, i});
                    }
                    start = i + 1;
                }
            }
            if (start < count) {
                lines.add(new int[]{start, count});
            }
            List<CompletableFuture<Void>> sends = new ArrayList<>(lines.size());
            for (int n = 0; n < lines.size(); n++) {
                int[] line = lines.get(n);
                CompletableFuture<Void> sent = new CompletableFuture<>();
                // The buffer is not touched again before every send has completed (waited for below).
                frames.sendFrame(new Frame(OpCode.TEXT, true, ByteBuffer.wrap(buf, line[0], line[1] - line[0])),
                        org.eclipse.jetty.util.Callback.from(() -> sent.complete(null), sent::completeExceptionally),
                        n < lines.size() - 1);
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
