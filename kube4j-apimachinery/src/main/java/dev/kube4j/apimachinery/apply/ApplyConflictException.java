package dev.kube4j.apimachinery.apply;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An apply that would change fields other managers own. The message is upstream's, e.g.
 * {@code Apply failed with 1 conflict: conflict with "kubectl-scale" with subresource "scale" using apps/v1: .spec.replicas};
 * the API server answers it as a 409 with one {@code FieldManagerConflict} cause per field.
 */
public final class ApplyConflictException extends RuntimeException {

    /** One conflicting field and the manager (identifier) owning it. */
    public record Conflict(String manager, FieldPath path) {
        /** The cause message, e.g. {@code conflict with "kubectl" using apps/v1}. */
        public String describeManager() {
            return "conflict with " + ManagedFields.Id.parse(manager).describe();
        }
    }

    private final List<Conflict> conflicts;

    public ApplyConflictException(List<Conflict> conflicts) {
        super(message(conflicts));
        this.conflicts = List.copyOf(conflicts);
    }

    public List<Conflict> conflicts() {
        return conflicts;
    }

    private static String message(List<Conflict> c) {
        if (c.size() == 1) {
            return "Apply failed with 1 conflict: " + c.getFirst().describeManager() + ": " + c.getFirst().path();
        }
        Map<String, List<FieldPath>> byManager = new TreeMap<>();
        for (Conflict x : c) {
            byManager.computeIfAbsent(x.manager(), k -> new ArrayList<>()).add(x.path());
        }
        List<String> lines = new ArrayList<>();
        byManager.forEach((m, paths) -> {
            lines.add("conflicts with " + ManagedFields.Id.parse(m).describe() + ":");
            paths.forEach(p -> lines.add("- " + p));
        });
        return "Apply failed with " + c.size() + " conflicts: " + String.join("\n", lines);
    }
}
