package dev.kube4j.apiserver.registry;

/**
 * meta/v1 DeleteOptions, from the body or the query.
 *
 * @param gracePeriodSeconds null = the object's default
 * @param propagationPolicy  Orphan, Background, Foreground or null
 */
public record DeleteOptions(Long gracePeriodSeconds, String preconditionUid, String preconditionResourceVersion,
                            String propagationPolicy, boolean dryRun) {

    public static DeleteOptions defaults() {
        return new DeleteOptions(null, null, null, null, false);
    }
}
