package dev.kube4j.apiserver.http;

import dev.kube4j.pki.ClusterPki;
import org.eclipse.jetty.alpn.server.ALPNServerConnectionFactory;
import org.eclipse.jetty.http2.server.HTTP2ServerConnectionFactory;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.VirtualThreadPool;
import org.eclipse.jetty.websocket.server.ServerWebSocketContainer;

/**
 * The HTTPS listener: TLS with optional client certificates checked against the cluster CA,
 * HTTP/2 negotiated by ALPN with HTTP/1.1 as fallback, one virtual thread per request.
 */
public final class HttpsListener implements AutoCloseable {

    /** Watches stay open for up to an hour; the idle timeout must not cut them first. */
    private static final long IDLE_TIMEOUT_MS = 2 * 60 * 60 * 1000L;

    private final Server server;
    private final ServerConnector connector;

    public HttpsListener(String bindAddress, int port, ClusterPki pki, Handler handler) {
        VirtualThreadPool threads = new VirtualThreadPool();
        threads.setName("apiserver");
        // Every open watch holds a request thread; Jetty's default cap (200) would make the
        // 201st request wait for a watch to end. Virtual threads make a high cap cheap.
        threads.setMaxThreads(1_000_000);
        threads.setMaxConcurrentTasks(1_000_000);
        server = new Server(threads);

        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendDateHeader(true);
        SecureRequestCustomizer secure = new SecureRequestCustomizer();
        // Clients reach us by IP as often as by name; SNI host checks would refuse them.
        secure.setSniHostCheck(false);
        http.addCustomizer(secure);

        char[] password = "kube4j".toCharArray();
        SslContextFactory.Server tls = new SslContextFactory.Server();
        tls.setKeyStore(pki.servingKeyStore(password));
        tls.setKeyStorePassword(new String(password));
        tls.setTrustStore(pki.trustStore());
        tls.setWantClientAuth(true);
        tls.setIncludeProtocols("TLSv1.3", "TLSv1.2");
        tls.setEndpointIdentificationAlgorithm(null);

        HttpConnectionFactory h1 = new HttpConnectionFactory(http);
        HTTP2ServerConnectionFactory h2 = new HTTP2ServerConnectionFactory(http);
        h2.setStreamIdleTimeout(IDLE_TIMEOUT_MS);
        h2.setMaxConcurrentStreams(1000);
        ALPNServerConnectionFactory alpn = new ALPNServerConnectionFactory("h2", "http/1.1");
        alpn.setDefaultProtocol("http/1.1");
        SslConnectionFactory ssl = new SslConnectionFactory(tls, alpn.getProtocol());

        connector = new ServerConnector(server, 1, 1, ssl, alpn, h2, h1);
        connector.setHost(bindAddress);
        connector.setPort(port);
        connector.setIdleTimeout(IDLE_TIMEOUT_MS);
        connector.setAcceptQueueSize(1024);
        server.addConnector(connector);
        server.setHandler(handler);
        // Watches (and later exec/attach) may upgrade to WebSocket from inside the handler.
        ServerWebSocketContainer.ensure(server);
        server.setStopTimeout(2_000);
    }

    public void start() throws Exception {
        server.start();
    }

    public int port() {
        return connector.getLocalPort();
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
