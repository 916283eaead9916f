package dev.kube4j.apimachinery.meta;

/** An API group version such as {@code apps/v1} or the core {@code v1}. */
public record GroupVersion(String group, String version) {

    public static GroupVersion parse(String apiVersion) {
        int slash = apiVersion.indexOf('/');
        return slash < 0 ? new GroupVersion("", apiVersion)
                : new GroupVersion(apiVersion.substring(0, slash), apiVersion.substring(slash + 1));
    }

    public String apiVersion() {
        return group.isEmpty() ? version : group + "/" + version;
    }

    /** The URL prefix: {@code /api/v1} or {@code /apis/GROUP/VERSION}. */
    public String path() {
        return group.isEmpty() ? "/api/" + version : "/apis/" + group + "/" + version;
    }

    @Override
    public String toString() {
        return apiVersion();
    }
}
