package dev.kube4j.apiserver.table;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kube4j.apimachinery.errors.ApiException;
import dev.kube4j.apimachinery.strategy.ResourceStrategy;
import dev.kube4j.apimachinery.strategy.TableColumn;

import java.util.List;

/**
 * Server-side printing: turns objects into a {@code meta.k8s.io/v1 Table} with the kind's columns,
 * which is what {@code kubectl get} asks for and prints as it is.
 */
public final class TableConverter {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    public enum IncludeObject { NONE, METADATA, OBJECT }

    private TableConverter() {
    }

    public static IncludeObject includeObject(String param) {
        return switch (param == null ? "" : param) {
            case "", "Metadata" -> IncludeObject.METADATA;
            case "None" -> IncludeObject.NONE;
            case "Object" -> IncludeObject.OBJECT;
            default -> throw ApiException.badRequest("includeObject must be one of None, Metadata, Object; got \"" + param + "\"");
        };
    }

    /**
     * @param tableVersion v1 or v1beta1
     * @param listMeta     resourceVersion/continue for lists, or null for a single object
     */
    public static ObjectNode table(ResourceStrategy strategy, List<ObjectNode> objects, ObjectNode listMeta,
                                   IncludeObject include, String tableVersion, boolean noHeaders) {
        ObjectNode table = F.objectNode();
        table.put("kind", "Table");
        table.put("apiVersion", "meta.k8s.io/" + tableVersion);
        table.set("metadata", listMeta == null ? F.objectNode() : listMeta);
        ArrayNode cols = table.putArray("columnDefinitions");
        if (!noHeaders) {
            for (TableColumn c : strategy.columns()) {
                ObjectNode col = cols.addObject();
                col.put("name", c.name());
                col.put("type", c.type());
                col.put("format", c.format());
                col.put("description", c.description());
                col.put("priority", c.priority());
            }
        }
        ArrayNode rows = table.putArray("rows");
        for (ObjectNode obj : objects) {
            ObjectNode row = rows.addObject();
            ArrayNode cells = row.putArray("cells");
            for (Object cell : strategy.cells(obj)) {
                cells.add(toNode(cell));
            }
            switch (include) {
                case OBJECT -> row.set("object", obj);
                case METADATA -> row.set("object", partialMetadata(obj, tableVersion));
                case NONE -> { }
            }
        }
        return table;
    }

    public static ObjectNode partialMetadata(ObjectNode obj, String version) {
        ObjectNode p = F.objectNode();
        p.put("kind", "PartialObjectMetadata");
        p.put("apiVersion", "meta.k8s.io/" + version);
        p.set("metadata", obj.path("metadata").deepCopy());
        return p;
    }

    private static JsonNode toNode(Object v) {
        return switch (v) {
            case null -> F.nullNode();
            case JsonNode n -> n;
            case String s -> F.textNode(s);
            case Integer i -> F.numberNode(i);
            case Long l -> F.numberNode(l);
            case Double d -> F.numberNode(d);
            case Boolean b -> F.booleanNode(b);
            default -> F.textNode(String.valueOf(v));
        };
    }
}
