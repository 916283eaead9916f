package dev.kube4j.controllers.core;

/** Container image references in the fully qualified form a CRI runtime lists (and a node reports). */
public final class ImageNames {

    private ImageNames() {
    }

    /**
     * "nginx:1.23" → "docker.io/library/nginx:1.23", "org/app" → "docker.io/org/app:latest";
     * a first component with a dot or port, or "localhost", is a registry and stays.
     */
    public static String normalize(String image) {
        String s = image;
        if (s.indexOf('@') < 0 && s.lastIndexOf(':') <= s.lastIndexOf('/')) {
            s = s + ":latest";
        }
        int slash = s.indexOf('/');
        if (slash < 0) {
            return "docker.io/library/" + s;
        }
        String first = s.substring(0, slash);
        return first.contains(".") || first.contains(":") || first.equals("localhost") ? s : "docker.io/" + s;
    }
}
