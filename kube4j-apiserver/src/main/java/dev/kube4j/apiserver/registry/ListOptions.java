package dev.kube4j.apiserver.registry;

/**
 * The list and watch query parameters of meta/v1 ListOptions.
 *
 * @param resourceVersion      "" (most recent, consistent), "0" (any) or a revision
 * @param resourceVersionMatch "", NotOlderThan or Exact
 * @param timeoutSeconds       watch duration; 0 = server default
 */
public record ListOptions(String labelSelector, String fieldSelector, long limit, String continueToken,
                          String resourceVersion, String resourceVersionMatch, boolean watch,
                          boolean allowWatchBookmarks, long timeoutSeconds, Boolean sendInitialEvents) {

    public static ListOptions all() {
        return new ListOptions("", "", 0, "", "", "", false, false, 0, null);
    }
}
