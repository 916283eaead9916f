package dev.kube4j.apiserver.http;

import dev.kube4j.apimachinery.errors.ApiException;

import java.util.Locale;
import java.util.Set;

/**
 * What the client asked to receive: JSON or YAML, and optionally a transformed form of the
 * object ({@code as=Table}, {@code as=PartialObjectMetadata}, {@code as=APIGroupDiscoveryList}),
 * negotiated from the Accept header in the client's order of preference.
 *
 * @param as      empty for the object itself
 * @param version the version of the transformed form (v1, v1beta1, v2 …)
 */
public record MediaTarget(boolean yaml, String as, String group, String version) {

    public static final MediaTarget JSON = new MediaTarget(false, "", "", "");

    /**
     * @param transforms the {@code as} values this endpoint can produce, as "as;group;version"
     *                   (e.g. {@code Table;meta.k8s.io;v1})
     */
    public static MediaTarget negotiate(String accept, Set<String> transforms) {
        if (accept == null || accept.isBlank()) {
            return JSON;
        }
        boolean sawProtobufOnly = true;
        for (String entry : accept.split(",")) {
            String[] parts = entry.trim().split(";");
            String type = parts[0].trim().toLowerCase(Locale.ROOT);
            String as = "";
            String group = "";
            String version = "";
            for (int i = 1; i < parts.length; i++) {
                String[] kv = parts[i].trim().split("=", 2);
                if (kv.length != 2) {
                    continue;
                }
                switch (kv[0].trim()) {
                    case "as" -> as = kv[1].trim();
                    case "g" -> group = kv[1].trim();
                    case "v" -> version = kv[1].trim();
                    default -> { }
                }
            }
            boolean yaml = type.equals("application/yaml");
            boolean json = type.equals("application/json") || type.equals("*/*") || type.equals("application/*")
                    || type.equals("application/json-seq");
            if (!yaml && !json) {
                continue;
            }
            sawProtobufOnly = false;
            if (as.isEmpty()) {
                return new MediaTarget(yaml, "", "", "");
            }
            if (transforms.contains(as + ";" + group + ";" + version)) {
                return new MediaTarget(yaml, as, group, version);
            }
        }
        if (sawProtobufOnly) {
            throw ApiException.notAcceptable("only the following media types are accepted: application/json, application/yaml");
        }
        throw ApiException.notAcceptable("only the following media types are accepted: application/json, application/yaml");
    }

    public String contentType() {
        String base = yaml ? "application/yaml" : "application/json";
        return as.isEmpty() ? base : base + ";as=" + as + ";v=" + version + ";g=" + group;
    }
}
