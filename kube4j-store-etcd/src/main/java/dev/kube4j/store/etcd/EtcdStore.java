package dev.kube4j.store.etcd;

import dev.kube4j.pki.Pem;
import dev.kube4j.store.CompactedException;
import dev.kube4j.store.ConflictException;
import dev.kube4j.store.DeleteResult;
import dev.kube4j.store.FutureRevisionException;
import dev.kube4j.store.KeyExistsException;
import dev.kube4j.store.KeyNotFoundException;
import dev.kube4j.store.KeyValue;
import dev.kube4j.store.RangeResult;
import dev.kube4j.store.Store;
import dev.kube4j.store.StoreException;
import dev.kube4j.store.Watch;
import dev.kube4j.store.WatchListener;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.ClientBuilder;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.CompactOption;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.watch.WatchResponse;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.MethodDescriptor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@link Store} on an etcd v3 cluster through jetcd: a thin adapter, as the SPI is shaped like etcd.
 * Revisions are etcd's own, so modRevision is the resourceVersion any other etcd client (a real
 * kube-apiserver, {@code etcdctl}) sees for the same key.
 *
 * <ul>
 *   <li>create: {@code txn(createRevision(key) == 0 → put)};</li>
 *   <li>update/delete: {@code txn(modRevision(key) == expected → put/delete(prevKv) | get(key))},
 *       the else-branch read telling a conflict from a missing key ({@code createRevision(key) > 0}
 *       when any modRevision is accepted);</li>
 *   <li>range: etcd range at a revision with etcd's limit and {@code more};</li>
 *   <li>watch: etcd watch with prevKv, delivered in revision order by one serial queue per watch and
 *       resumed by this class from the next undelivered revision when a member or connection fails;</li>
 *   <li>compaction: etcd compaction (physical, so its effect is visible when it returns).</li>
 * </ul>
 *
 * <p>Differences from the embedded store: an empty etcd is at revision 1, not 0; etcd keeps revision
 * {@code R} readable after {@code compact(R)} while the SPI treats it as compacted, so this class
 * refuses ranges and watches at or below the highest compaction it knows of. etcd has no API that
 * returns the compacted revision; it is learned from this client's compactions, from compacted watch
 * responses and, when a read fails as compacted, from a probe watch.
 *
 * <p>Writes are not retried: an unavailable cluster or an ambiguous failure (the write may or may not
 * have been applied) surfaces as a {@link StoreException}. Reads are retried by jetcd when a member is
 * unavailable.
 */
public final class EtcdStore implements Store {

    private static final Logger LOG = LoggerFactory.getLogger(EtcdStore.class);

    /** The smallest etcd key (etcd has no empty key); as a range end it means "no upper bound". */
    static final ByteSequence MIN_KEY = ByteSequence.from(new byte[] {0});
    private static final String COMPACTED = "required revision has been compacted";
    private static final String FUTURE = "required revision is a future revision";
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(5);

    private final Client client;
    private final KV kv;
    private final Duration timeout;
    private final AtomicLong compacted = new AtomicLong();
    private final Set<EtcdWatch> watches = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService scheduler;
    private volatile boolean closed;

    private EtcdStore(Client client, Duration timeout) {
        this.client = client;
        this.kv = client.getKVClient();
        this.timeout = timeout;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("etcd-store-scheduler").daemon().factory());
    }

    /**
     * Connects and checks that the cluster answers (a linearizable read) before returning.
     *
     * @throws StoreException if no member answers within the request timeout
     */
    public static EtcdStore connect(EtcdOptions options) {
        ClientBuilder builder = Client.builder()
                .endpoints(options.endpoints().toArray(URI[]::new))
                .connectTimeout(Duration.ofSeconds(5))
                .interceptor(new DeadlineInterceptor(options.requestTimeout()));
        if (options.tls()) {
            try {
                PrivateKey key = options.keyFile() == null ? null
                        : Pem.privateKey(Files.readString(options.keyFile(), StandardCharsets.US_ASCII));
                X509Certificate[] chain = options.certFile() == null ? null : certificates(options);
                builder.sslContext(ssl -> {
                    if (options.caFile() != null) {
                        ssl.trustManager(options.caFile().toFile());
                    }
                    if (key != null) {
                        ssl.keyManager(key, chain);
                    }
                });
            } catch (IOException | CertificateException e) {
                throw new StoreException("cannot read the etcd TLS files: " + e.getMessage(), e);
            }
        }
        EtcdStore store = new EtcdStore(builder.build(), options.requestTimeout());
        try {
            store.currentRevision();
            store.compactedRevision();
        } catch (RuntimeException e) {
            store.close();
            throw new StoreException("cannot reach etcd at " + options.endpoints() + ": " + e.getMessage(), e);
        }
        return store;
    }

    private static X509Certificate[] certificates(EtcdOptions options) throws IOException, CertificateException {
        try (InputStream in = Files.newInputStream(options.certFile())) {
            return CertificateFactory.getInstance("X.509").generateCertificates(in).stream()
                    .map(c -> (X509Certificate) c)
                    .toArray(X509Certificate[]::new);
        }
    }

    // ---- revisions

    @Override
    public long currentRevision() {
        GetResponse r = call(kv.get(MIN_KEY, GetOption.builder().withCountOnly(true).build()), "read the revision");
        return r.getHeader().getRevision();
    }

    /**
     * The highest compaction known: this client's own, those reported by compacted watches, and
     * etcd's actual one, probed with a read just above the known value.
     */
    @Override
    public long compactedRevision() {
        long known = compacted.get();
        try {
            call(kv.get(MIN_KEY, GetOption.builder().withCountOnly(true).withRevision(known + 1).build()),
                    "probe the compaction");
        } catch (StoreException e) {
            if (isCompacted(e)) {
                return discoverCompaction(known + 1);
            }
            if (!isFuture(e)) {
                throw e;
            }
        }
        return compacted.get();
    }

    /**
     * Learns etcd's compacted revision, known to be above {@code compactedRev}: a watch from there is
     * cancelled at once with the compacted revision, which no other call returns.
     */
    private long discoverCompaction(long compactedRev) {
        CompletableFuture<Long> found = new CompletableFuture<>();
        io.etcd.jetcd.Watch.Watcher probe = client.getWatchClient().watch(MIN_KEY,
                WatchOption.builder().withRevision(compactedRev).build(),
                new io.etcd.jetcd.Watch.Listener() {
                    @Override
                    public void onNext(WatchResponse response) {
                    }

                    @Override
                    public void onError(Throwable t) {
                        if (t instanceof io.etcd.jetcd.common.exception.CompactedException c) {
                            found.complete(c.getCompactedRevision());
                        }
                    }

                    @Override
                    public void onCompleted() {
                        found.complete(0L);
                    }
                });
        try {
            long rev = found.get(PROBE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return noteCompaction(rev);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted", e);
        } catch (ExecutionException | TimeoutException e) {
            // etcd said "compacted" but the probe did not tell where: at least the revision that failed
            return noteCompaction(compactedRev);
        } finally {
            probe.close();
        }
    }

    long noteCompaction(long rev) {
        return compacted.accumulateAndGet(rev, Math::max);
    }

    private CompactedException compactedError(long revision) {
        long c = compacted.get();
        return new CompactedException("required revision " + revision + " has been compacted (compacted revision " + c + ")", c);
    }

    // ---- reads

    @Override
    public Optional<KeyValue> get(String key) {
        GetResponse r = call(kv.get(key(key)), "get " + key);
        return r.getKvs().isEmpty() ? Optional.empty() : Optional.of(keyValue(r.getKvs().getFirst()));
    }

    @Override
    public RangeResult range(String start, String end, long revision, int limit) {
        if (revision > 0 && revision <= compacted.get()) {
            throw compactedError(revision);
        }
        GetOption.Builder option = GetOption.builder().withRange(rangeEnd(start, end));
        if (revision > 0) {
            option.withRevision(revision);
        }
        if (limit > 0) {
            option.withLimit(limit);
        }
        GetResponse r;
        try {
            r = call(kv.get(key(start), option.build()), "range [" + start + ", " + end + ")");
        } catch (StoreException e) {
            if (isCompacted(e)) {
                discoverCompaction(revision);
                throw compactedError(revision);
            }
            if (isFuture(e)) {
                long current = currentRevision();
                throw new FutureRevisionException("required revision " + revision + " is a future revision (current "
                        + current + ")", current);
            }
            throw e;
        }
        List<KeyValue> kvs = new ArrayList<>(r.getKvs().size());
        r.getKvs().forEach(k -> kvs.add(keyValue(k)));
        return new RangeResult(kvs, revision > 0 ? revision : r.getHeader().getRevision(), r.isMore());
    }

    // ---- writes

    @Override
    public KeyValue create(String key, byte[] value) {
        ByteSequence k = key(key);
        TxnResponse r = call(kv.txn()
                .If(new Cmp(k, Cmp.Op.EQUAL, CmpTarget.createRevision(0)))
                .Then(Op.put(k, ByteSequence.from(value), PutOption.DEFAULT))
                .commit(), "create " + key);
        if (!r.isSucceeded()) {
            throw new KeyExistsException("key " + key + " already exists");
        }
        long rev = r.getHeader().getRevision();
        return new KeyValue(key, value.clone(), rev, rev, 1);
    }

    @Override
    public KeyValue update(String key, byte[] value, long expectedModRevision) {
        ByteSequence k = key(key);
        TxnResponse r = call(kv.txn()
                .If(precondition(k, expectedModRevision))
                .Then(Op.put(k, ByteSequence.from(value), PutOption.builder().withPrevKV().build()))
                .Else(Op.get(k, GetOption.builder().withKeysOnly(true).build()))
                .commit(), "update " + key);
        if (!r.isSucceeded()) {
            throw preconditionFailure(key, expectedModRevision, r);
        }
        io.etcd.jetcd.KeyValue prev = r.getPutResponses().getFirst().getPrevKv();
        long rev = r.getHeader().getRevision();
        return new KeyValue(key, value.clone(), prev.getCreateRevision(), rev, prev.getVersion() + 1);
    }

    @Override
    public DeleteResult delete(String key, long expectedModRevision) {
        ByteSequence k = key(key);
        TxnResponse r = call(kv.txn()
                .If(precondition(k, expectedModRevision))
                .Then(Op.delete(k, DeleteOption.builder().withPrevKV(true).build()))
                .Else(Op.get(k, GetOption.builder().withKeysOnly(true).build()))
                .commit(), "delete " + key);
        if (!r.isSucceeded()) {
            throw preconditionFailure(key, expectedModRevision, r);
        }
        io.etcd.jetcd.KeyValue prev = r.getDeleteResponses().getFirst().getPrevKvs().getFirst();
        return new DeleteResult(keyValue(prev), r.getHeader().getRevision());
    }

    private static Cmp precondition(ByteSequence key, long expectedModRevision) {
        return expectedModRevision == 0
                ? new Cmp(key, Cmp.Op.GREATER, CmpTarget.createRevision(0))
                : new Cmp(key, Cmp.Op.EQUAL, CmpTarget.modRevision(expectedModRevision));
    }

    private static StoreException preconditionFailure(String key, long expected, TxnResponse r) {
        List<io.etcd.jetcd.KeyValue> current = expected == 0 ? List.of() : r.getGetResponses().getFirst().getKvs();
        if (current.isEmpty()) {
            return new KeyNotFoundException("key " + key + " not found");
        }
        return new ConflictException("key " + key + " has modRevision " + current.getFirst().getModRevision()
                + ", expected " + expected);
    }

    @Override
    public void compact(long revision) {
        if (revision <= compacted.get()) {
            return;
        }
        try {
            call(kv.compact(revision, CompactOption.builder().withCompactPhysical(true).build()), "compact");
        } catch (StoreException e) {
            if (isCompacted(e)) { // etcd is compacted at or above already
                noteCompaction(revision);
                return;
            }
            if (isFuture(e)) {
                long current = currentRevision();
                throw new FutureRevisionException("cannot compact at " + revision + ", current revision is " + current,
                        current);
            }
            throw e;
        }
        noteCompaction(revision);
    }

    // ---- watch

    @Override
    public Watch watch(String prefix, long startRevision, WatchListener listener) {
        checkOpen();
        long start;
        if (startRevision <= 0) {
            start = currentRevision() + 1;
        } else {
            if (startRevision <= compacted.get()) {
                throw compactedError(startRevision);
            }
            // etcd reports a compacted watch only asynchronously; a read at the start tells now
            try {
                call(kv.get(MIN_KEY, GetOption.builder().withCountOnly(true).withRevision(startRevision).build()),
                        "check the watch start");
            } catch (StoreException e) {
                if (isCompacted(e)) {
                    discoverCompaction(startRevision);
                    throw compactedError(startRevision);
                }
                if (!isFuture(e)) { // a watch may start in the future
                    throw e;
                }
            }
            start = startRevision;
        }
        ByteSequence key = prefix.isEmpty() ? MIN_KEY : key(prefix);
        ByteSequence end = prefix.isEmpty() ? MIN_KEY : prefixEnd(key);
        EtcdWatch w = new EtcdWatch(this, key, end, start, listener);
        watches.add(w);
        if (closed) { // raced with close()
            w.end(null);
        } else {
            w.start();
        }
        return w;
    }

    io.etcd.jetcd.Watch watchClient() {
        return client.getWatchClient();
    }

    ScheduledExecutorService scheduler() {
        return scheduler;
    }

    boolean isClosed() {
        return closed;
    }

    void forget(EtcdWatch w) {
        watches.remove(w);
    }

    // ---- lifecycle

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (EtcdWatch w : List.copyOf(watches)) {
            w.end(null);
        }
        scheduler.shutdownNow();
        client.close();
    }

    private void checkOpen() {
        if (closed) {
            throw new StoreException("the etcd store is closed");
        }
    }

    // ---- conversions and calls

    static ByteSequence key(String key) {
        return key.isEmpty() ? MIN_KEY : ByteSequence.from(key, StandardCharsets.UTF_8);
    }

    /** etcd's range end for the SPI's exclusive {@code end}; {@link Store#prefixEnd}("") means everything. */
    private static ByteSequence rangeEnd(String start, String end) {
        if (end.equals(Store.prefixEnd(""))) {
            return MIN_KEY;
        }
        if (end.isEmpty()) { // [start, "") is empty; etcd would read an empty end as "one key"
            return key(start);
        }
        return key(end);
    }

    /** The smallest key greater than every key starting with {@code prefix}, on bytes as etcd compares. */
    static ByteSequence prefixEnd(ByteSequence prefix) {
        byte[] b = prefix.getBytes();
        for (int i = b.length - 1; i >= 0; i--) {
            if (b[i] != (byte) 0xff) {
                byte[] end = Arrays.copyOf(b, i + 1);
                end[i]++;
                return ByteSequence.from(end);
            }
        }
        return MIN_KEY; // all 0xff: no upper bound
    }

    static KeyValue keyValue(io.etcd.jetcd.KeyValue kv) {
        return new KeyValue(kv.getKey().toString(StandardCharsets.UTF_8), kv.getValue().getBytes(),
                kv.getCreateRevision(), kv.getModRevision(), kv.getVersion());
    }

    private <T> T call(CompletableFuture<T> future, String what) {
        checkOpen();
        try {
            // the deadline interceptor bounds the call; this bound only guards against a lost answer
            return future.get(timeout.toMillis() * 3 + 1000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted: " + what, e);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new StoreException("etcd did not answer in time: " + what, e);
        } catch (ExecutionException | CompletionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new StoreException("etcd failed to " + what + ": " + cause.getMessage(), cause);
        }
    }

    static boolean isCompacted(Throwable t) {
        return messageContains(t, COMPACTED);
    }

    static boolean isFuture(Throwable t) {
        return messageContains(t, FUTURE);
    }

    private static boolean messageContains(Throwable t, String text) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c.getMessage() != null && c.getMessage().contains(text)) {
                return true;
            }
        }
        return false;
    }

    /** Gives every unary call the request timeout as deadline; streams (watches) keep none. */
    private record DeadlineInterceptor(Duration timeout) implements ClientInterceptor {
        @Override
        public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
            if (method.getType() == MethodDescriptor.MethodType.UNARY && options.getDeadline() == null) {
                options = options.withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS);
            }
            return next.newCall(method, options);
        }
    }

    static Logger log() {
        return LOG;
    }
}
