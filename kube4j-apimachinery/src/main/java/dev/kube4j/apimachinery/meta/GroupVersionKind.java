package dev.kube4j.apimachinery.meta;

/** A kind in one API group version; the core group is the empty string. */
public record GroupVersionKind(String group, String version, String kind) {

    public String apiVersion() {
        return group.isEmpty() ? version : group + "/" + version;
    }

    public GroupVersion groupVersion() {
        return new GroupVersion(group, version);
    }

    public static GroupVersionKind of(String apiVersion, String kind) {
        GroupVersion gv = GroupVersion.parse(apiVersion);
        return new GroupVersionKind(gv.group(), gv.version(), kind);
    }

    @Override
    public String toString() {
        return apiVersion() + ", Kind=" + kind;
    }
}
