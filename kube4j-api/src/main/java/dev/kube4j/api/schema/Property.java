package dev.kube4j.api.schema;

/**
 * One field of a struct {@link Definition}.
 *
 * @param name          the JSON name
 * @param type          the value's shape
 * @param description   human readable text, or null
 * @param patchStrategy strategic-merge-patch strategy ({@code merge}, {@code retainKeys},
 *                      {@code merge,retainKeys}) or null
 * @param patchMergeKey the key identifying list elements for {@code merge}, or null
 */
public record Property(String name, SchemaType type, String description, String patchStrategy, String patchMergeKey) {
}
