package dev.kube4j.apimachinery.strategy;

import com.fasterxml.jackson.databind.JsonNode;

/** Reads dotted paths such as {@code spec.nodeName} from JSON trees. */
public final class FieldPaths {

    private FieldPaths() {
    }

    public static JsonNode at(JsonNode root, String dotted) {
        JsonNode node = root;
        for (String part : dotted.split("\\.")) {
            if (node == null) {
                return null;
            }
            node = node.get(part);
        }
        return node;
    }

    /** The scalar text at the path, or "" when missing. */
    public static String text(JsonNode root, String dotted) {
        JsonNode node = at(root, dotted);
        return node == null || node.isNull() || node.isContainerNode() ? "" : node.asText();
    }
}
