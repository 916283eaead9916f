package dev.kube4j.api.util;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kube4j.apimachinery.strategy.HumanDuration;
import dev.kube4j.apimachinery.strategy.TableColumn;

import java.util.ArrayList;
import java.util.List;

import static dev.kube4j.apimachinery.strategy.Nodes.objects;
import static dev.kube4j.apimachinery.strategy.Nodes.str;

/** Column definitions and cell helpers shared by the printers. */
public final class Tables {

    private Tables() {
    }

    public static final String CONTAINERS_DESC = "Names of each container in the template.";
    public static final String IMAGES_DESC = "Images referenced by each container in the template.";

    public static TableColumn name() {
        return TableColumn.name("");
    }

    public static TableColumn age() {
        return TableColumn.age();
    }

    public static TableColumn col(String name, String type, String description) {
        return new TableColumn(name, type, "", description, 0);
    }

    public static TableColumn wide(String name, String type, String description) {
        return new TableColumn(name, type, "", description, 1);
    }

    /**
     * A workload's columns: its own, then the wide Containers and Images columns of its pod
     * template, and a wide Selector column when {@code selectorDescription} is not null.
     */
    public static List<TableColumn> withTemplateColumns(String selectorDescription, TableColumn... leading) {
        List<TableColumn> all = new java.util.ArrayList<>(List.of(leading));
        all.add(wide("Containers", "string", CONTAINERS_DESC));
        all.add(wide("Images", "string", IMAGES_DESC));
        if (selectorDescription != null) {
            all.add(wide("Selector", "string", selectorDescription));
        }
        return List.copyOf(all);
    }

    /** The default table of kinds without a printer: Name and "Created At" (an RFC 3339 date). */
    public static List<TableColumn> defaultColumns() {
        return List.of(name(), new TableColumn("Created At", "date", "",
                "CreationTimestamp is a timestamp representing the server time when this object was created.", 0));
    }

    public static List<Object> defaultCells(JsonNode obj) {
        List<Object> cells = new ArrayList<>();
        cells.add(name(obj));
        String ts = str(metadata(obj), "creationTimestamp");
        var t = HumanDuration.parse(ts);
        cells.add(t == null ? "0001-01-01T00:00:00Z" : t.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
        return cells;
    }

    public static JsonNode metadata(JsonNode obj) {
        return obj == null ? null : obj.get("metadata");
    }

    public static String name(JsonNode obj) {
        return str(metadata(obj), "name");
    }

    /** The AGE cell: the human duration since creation. */
    public static String age(JsonNode obj) {
        return HumanDuration.since(str(metadata(obj), "creationTimestamp"));
    }

    public static boolean deleting(JsonNode obj) {
        JsonNode m = metadata(obj);
        return m != null && m.hasNonNull("deletionTimestamp");
    }

    /** upstream's layoutContainerCells: comma-joined container names and images. */
    public static String[] containerCells(JsonNode podSpec) {
        List<String> names = new ArrayList<>();
        List<String> images = new ArrayList<>();
        for (var c : objects(podSpec, "containers")) {
            names.add(str(c, "name"));
            images.add(str(c, "image"));
        }
        return new String[]{String.join(",", names), String.join(",", images)};
    }
}
