package dev.kube4j.apimachinery.apply;

/**
 * The fields one manager owns, the API version it wrote them in, and whether it applied them
 * (server-side apply) or updated them (create, update, patch).
 */
public record ManagerSet(FieldSet fields, String apiVersion, boolean applied) {

    public ManagerSet withFields(FieldSet f) {
        return new ManagerSet(f, apiVersion, applied);
    }
}
