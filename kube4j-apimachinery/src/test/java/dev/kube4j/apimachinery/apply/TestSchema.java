package dev.kube4j.apimachinery.apply;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Hand-built schemas for the engine's tests: a Deployment-like type with every list kind. */
final class TestSchema {

    private TestSchema() {
    }

    record Struct(Map<String, ApplySchema> fields, boolean atomic) implements ApplySchema {
        @Override
        public Kind kind() {
            return Kind.STRUCT;
        }

        @Override
        public boolean declares(String name) {
            return fields.containsKey(name);
        }

        @Override
        public ApplySchema field(String name) {
            return fields.getOrDefault(name, ApplySchema.deduced());
        }
    }

    record Lst(ListType listType, List<String> keys, ApplySchema items) implements ApplySchema {
        @Override
        public Kind kind() {
            return Kind.LIST;
        }

        /** Ports may omit their protocol, defaulted to TCP as upstream's schema does. */
        @Override
        public com.fasterxml.jackson.databind.JsonNode keyDefault(String k) {
            return k.equals("protocol") ? com.fasterxml.jackson.databind.node.TextNode.valueOf("TCP") : null;
        }
    }

    record MapOf(ApplySchema values) implements ApplySchema {
        @Override
        public Kind kind() {
            return Kind.MAP;
        }

        @Override
        public ApplySchema field(String name) {
            return values;
        }
    }

    static Struct struct(Object... nameThenSchema) {
        Map<String, ApplySchema> m = new LinkedHashMap<>();
        for (int i = 0; i < nameThenSchema.length; i += 2) {
            m.put((String) nameThenSchema[i], (ApplySchema) nameThenSchema[i + 1]);
        }
        return new Struct(m, false);
    }

    static final ApplySchema S = ApplySchema.scalar();

    static final ApplySchema CONTAINER = struct("name", S, "image", S, "args", new Lst(ApplySchema.ListType.ATOMIC, List.of(), S),
            "ports", new Lst(ApplySchema.ListType.MAP, List.of("containerPort", "protocol"),
                    struct("containerPort", S, "protocol", S, "name", S)));

    static final ApplySchema DEPLOYMENT = struct(
            "apiVersion", S, "kind", S,
            "metadata", struct("name", S, "namespace", S, "labels", new MapOf(S), "annotations", new MapOf(S),
                    "finalizers", new Lst(ApplySchema.ListType.SET, List.of(), S), "managedFields", new Lst(ApplySchema.ListType.ATOMIC, List.of(), ApplySchema.deduced()),
                    "resourceVersion", S, "uid", S),
            "spec", struct("replicas", S, "paused", S,
                    "selector", new Struct(Map.of("matchLabels", new MapOf(S)), true),
                    "strategy", struct("type", S, "rollingUpdate", struct("maxSurge", S)),
                    "template", struct("metadata", struct("labels", new MapOf(S)),
                            "spec", struct("containers", new Lst(ApplySchema.ListType.MAP, List.of("name"), CONTAINER),
                                    "tolerations", new Lst(ApplySchema.ListType.ATOMIC, List.of(), ApplySchema.deduced())))),
            "status", struct("replicas", S));
}
