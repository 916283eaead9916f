package dev.kube4j.api.openapi;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Test helper: parses protobuf wire format into field number → values (Long or byte[]). */
final class ProtoReader {

    private ProtoReader() {
    }

    static Map<Integer, List<Object>> parse(byte[] data) {
        Map<Integer, List<Object>> out = new LinkedHashMap<>();
        int[] pos = {0};
        while (pos[0] < data.length) {
            long key = varint(data, pos);
            int field = (int) (key >>> 3);
            int wire = (int) (key & 7);
            Object value;
            switch (wire) {
                case 0 -> value = varint(data, pos);
                case 1 -> {
                    long v = 0;
                    for (int i = 0; i < 8; i++) {
                        v |= (long) (data[pos[0] + i] & 0xFF) << (8 * i);
                    }
                    pos[0] += 8;
                    value = v;
                }
                case 2 -> {
                    int len = (int) varint(data, pos);
                    if (len < 0 || pos[0] + len > data.length) {
                        throw new IllegalArgumentException("bad length at " + pos[0]);
                    }
                    byte[] b = new byte[len];
                    System.arraycopy(data, pos[0], b, 0, len);
                    pos[0] += len;
                    value = b;
                }
                default -> throw new IllegalArgumentException("unexpected wire type " + wire + " at " + pos[0]);
            }
            out.computeIfAbsent(field, k -> new ArrayList<>()).add(value);
        }
        return out;
    }

    private static long varint(byte[] data, int[] pos) {
        long result = 0;
        int shift = 0;
        while (true) {
            byte b = data[pos[0]++];
            result |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return result;
            }
            shift += 7;
        }
    }

    static Map<Integer, List<Object>> message(Map<Integer, List<Object>> m, int field) {
        List<Object> v = m.get(field);
        return v == null ? Map.of() : parse((byte[]) v.get(0));
    }

    static List<Map<Integer, List<Object>>> messages(Map<Integer, List<Object>> m, int field) {
        List<Map<Integer, List<Object>>> out = new ArrayList<>();
        for (Object o : m.getOrDefault(field, List.of())) {
            out.add(parse((byte[]) o));
        }
        return out;
    }

    static String string(Map<Integer, List<Object>> m, int field) {
        List<Object> v = m.get(field);
        return v == null ? "" : new String((byte[]) v.get(0), StandardCharsets.UTF_8);
    }
}
