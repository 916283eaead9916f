package dev.kube4j.store.embedded;

import dev.kube4j.store.KeyValue;
import dev.kube4j.store.WatchEvent;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Byte layouts of the three column families. Fixed-width big-endian numbers so that revision keys
 * sort numerically under RocksDB's bytewise comparator; keys are UTF-8, which sorts by code point
 * (equal to {@link String#compareTo} for the ASCII keys the API server uses).
 *
 * <pre>
 * current:  key(utf8)          -> createRev(8) modRev(8) version(8) value(*)
 * history:  revision(8)        -> type(1) key(len4 utf8) kv prevKv
 *           where kv/prevKv   =  present(1) [createRev(8) modRev(8) version(8) valueLen(4, -1 = null) value]
 * meta:     "currentRevision"  -> revision(8)
 *           "compactedRevision"-> revision(8)
 * </pre>
 */
final class StoreCodec {

    static final byte[] CURRENT_REVISION = utf8("currentRevision");
    static final byte[] COMPACTED_REVISION = utf8("compactedRevision");

    private static final int CURRENT_HEADER = 3 * Long.BYTES;
    private static final byte PUT = 0;
    private static final byte DELETE = 1;

    private StoreCodec() {
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String string(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    static byte[] revision(long revision) {
        return ByteBuffer.allocate(Long.BYTES).putLong(revision).array();
    }

    static long revision(byte[] bytes) {
        return bytes == null ? 0 : ByteBuffer.wrap(bytes).getLong();
    }

    static byte[] encodeCurrent(KeyValue kv) {
        return ByteBuffer.allocate(CURRENT_HEADER + kv.value().length)
                .putLong(kv.createRevision())
                .putLong(kv.modRevision())
                .putLong(kv.version())
                .put(kv.value())
                .array();
    }

    static KeyValue decodeCurrent(String key, byte[] bytes) {
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        long create = buf.getLong();
        long mod = buf.getLong();
        long version = buf.getLong();
        byte[] value = new byte[buf.remaining()];
        buf.get(value);
        return new KeyValue(key, value, create, mod, version);
    }

    static byte[] encodeEvent(WatchEvent event) {
        byte[] key = utf8(event.kv().key());
        int size = 1 + Integer.BYTES + key.length + kvSize(event.kv()) + kvSize(event.prevKv());
        ByteBuffer buf = ByteBuffer.allocate(size);
        buf.put(event.type() == WatchEvent.Type.PUT ? PUT : DELETE);
        buf.putInt(key.length).put(key);
        putKv(buf, event.kv());
        putKv(buf, event.prevKv());
        return buf.array();
    }

    static WatchEvent decodeEvent(byte[] bytes) {
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        WatchEvent.Type type = buf.get() == PUT ? WatchEvent.Type.PUT : WatchEvent.Type.DELETE;
        byte[] keyBytes = new byte[buf.getInt()];
        buf.get(keyBytes);
        String key = string(keyBytes);
        KeyValue kv = getKv(buf, key);
        KeyValue prevKv = getKv(buf, key);
        return new WatchEvent(type, kv, prevKv);
    }

    private static int kvSize(KeyValue kv) {
        if (kv == null) {
            return 1;
        }
        return 1 + CURRENT_HEADER + Integer.BYTES + (kv.value() == null ? 0 : kv.value().length);
    }

    private static void putKv(ByteBuffer buf, KeyValue kv) {
        if (kv == null) {
            buf.put((byte) 0);
            return;
        }
        buf.put((byte) 1).putLong(kv.createRevision()).putLong(kv.modRevision()).putLong(kv.version());
        if (kv.value() == null) {
            buf.putInt(-1);
        } else {
            buf.putInt(kv.value().length).put(kv.value());
        }
    }

    private static KeyValue getKv(ByteBuffer buf, String key) {
        if (buf.get() == 0) {
            return null;
        }
        long create = buf.getLong();
        long mod = buf.getLong();
        long version = buf.getLong();
        int length = buf.getInt();
        byte[] value = null;
        if (length >= 0) {
            value = new byte[length];
            buf.get(value);
        }
        return new KeyValue(key, value, create, mod, version);
    }
}
