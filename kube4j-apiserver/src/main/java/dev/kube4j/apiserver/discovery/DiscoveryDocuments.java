package dev.kube4j.apiserver.discovery;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kube4j.apimachinery.meta.GroupVersionKind;
import dev.kube4j.apimachinery.meta.ResourceDefinition;
import dev.kube4j.apiserver.registry.ApiResource;
import dev.kube4j.apiserver.registry.ResourceRegistry;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The discovery documents clients read before anything else: legacy (/api, /apis, per group and
 * version) and aggregated ({@code apidiscovery.k8s.io/v2}), all built from the registry.
 */
public final class DiscoveryDocuments {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private final ResourceRegistry registry;

    public DiscoveryDocuments(ResourceRegistry registry) {
        this.registry = registry;
    }

    /** GET /api */
    public ObjectNode apiVersions(String serverAddress) {
        ObjectNode n = F.objectNode();
        n.put("kind", "APIVersions");
        n.putArray("versions").add("v1");
        ArrayNode addrs = n.putArray("serverAddressByClientCIDRs");
        ObjectNode a = addrs.addObject();
        a.put("clientCIDR", "0.0.0.0/0");
        a.put("serverAddress", serverAddress);
        return n;
    }

    /** GET /apis */
    public ObjectNode apiGroupList() {
        ObjectNode n = F.objectNode();
        n.put("kind", "APIGroupList");
        n.put("apiVersion", "v1");
        ArrayNode groups = n.putArray("groups");
        for (Map.Entry<String, List<String>> g : registry.groups().entrySet()) {
            groups.add(apiGroupBody(g.getKey(), g.getValue()));
        }
        return n;
    }

    /** GET /apis/{group}, or null when the group is not served. */
    public ObjectNode apiGroup(String group) {
        List<String> versions = registry.groups().get(group);
        if (versions == null) {
            return null;
        }
        ObjectNode n = apiGroupBody(group, versions);
        ObjectNode out = F.objectNode();
        out.put("kind", "APIGroup");
        out.put("apiVersion", "v1");
        out.setAll(n);
        return out;
    }

    private static ObjectNode apiGroupBody(String group, List<String> versions) {
        ObjectNode g = F.objectNode();
        g.put("name", group);
        ArrayNode vs = g.putArray("versions");
        for (String v : versions) {
            ObjectNode gv = vs.addObject();
            gv.put("groupVersion", group + "/" + v);
            gv.put("version", v);
        }
        ObjectNode preferred = g.putObject("preferredVersion");
        preferred.put("groupVersion", group + "/" + versions.get(0));
        preferred.put("version", versions.get(0));
        return g;
    }

    /** GET /api/v1 or /apis/{group}/{version}, or null when not served. */
    public ObjectNode apiResourceList(String group, String version) {
        List<ApiResource> resources = registry.inGroupVersion(group, version);
        if (resources.isEmpty()) {
            return null;
        }
        ObjectNode n = F.objectNode();
        n.put("kind", "APIResourceList");
        n.put("apiVersion", "v1");
        n.put("groupVersion", group.isEmpty() ? version : group + "/" + version);
        ArrayNode list = n.putArray("resources");
        for (ApiResource r : resources) {
            ResourceDefinition d = r.def();
            ObjectNode res = list.addObject();
            res.put("name", d.plural());
            res.put("singularName", d.singular());
            res.put("namespaced", d.namespaced());
            res.put("kind", d.kind());
            verbs(res.putArray("verbs"), d.verbs());
            if (!d.shortNames().isEmpty()) {
                d.shortNames().forEach(res.putArray("shortNames")::add);
            }
            if (!d.categories().isEmpty()) {
                d.categories().forEach(res.putArray("categories")::add);
            }
            if (!d.verbs().equals(java.util.Set.of("create"))) {
                // reviews are never stored, so upstream gives them no storage version hash
                res.put("storageVersionHash", storageVersionHash(d.gvk()));
            }
            for (String sub : new TreeSet<>(d.subresources())) {
                ObjectNode s = list.addObject();
                s.put("name", d.plural() + "/" + sub);
                s.put("singularName", "");
                s.put("namespaced", d.namespaced());
                GroupVersionKind k = SubresourceKinds.kind(d, sub);
                if (!k.group().equals(group)) {
                    s.put("group", k.group());
                    s.put("version", k.version());
                }
                s.put("kind", k.kind());
                verbs(s.putArray("verbs"), SubresourceKinds.verbs(sub));
            }
        }
        return n;
    }

    /** The aggregated discovery document for /api (legacy=true) or /apis. */
    public ObjectNode aggregated(boolean legacy, String version) {
        ObjectNode n = F.objectNode();
        n.put("kind", "APIGroupDiscoveryList");
        n.put("apiVersion", "apidiscovery.k8s.io/" + version);
        n.putObject("metadata");
        ArrayNode items = n.putArray("items");
        if (legacy) {
            items.add(groupDiscovery("", List.of("v1")));
        } else {
            for (Map.Entry<String, List<String>> g : registry.groups().entrySet()) {
                items.add(groupDiscovery(g.getKey(), g.getValue()));
            }
        }
        return n;
    }

    private ObjectNode groupDiscovery(String group, List<String> versions) {
        ObjectNode g = F.objectNode();
        ObjectNode meta = g.putObject("metadata");
        meta.put("name", group);
        meta.putNull("creationTimestamp");
        ArrayNode vs = g.putArray("versions");
        for (String v : versions) {
            ObjectNode vd = vs.addObject();
            vd.put("version", v);
            ArrayNode resources = vd.putArray("resources");
            for (ApiResource r : registry.inGroupVersion(group, v)) {
                ResourceDefinition d = r.def();
                ObjectNode res = resources.addObject();
                res.put("resource", d.plural());
                res.set("responseKind", kindNode(d.gvk()));
                res.put("scope", d.namespaced() ? "Namespaced" : "Cluster");
                res.put("singularResource", d.singular());
                verbs(res.putArray("verbs"), d.verbs());
                if (!d.shortNames().isEmpty()) {
                    d.shortNames().forEach(res.putArray("shortNames")::add);
                }
                if (!d.categories().isEmpty()) {
                    d.categories().forEach(res.putArray("categories")::add);
                }
                if (!d.subresources().isEmpty()) {
                    ArrayNode subs = res.putArray("subresources");
                    for (String sub : new TreeSet<>(d.subresources())) {
                        ObjectNode s = subs.addObject();
                        s.put("subresource", sub);
                        s.set("responseKind", kindNode(SubresourceKinds.kind(d, sub)));
                        verbs(s.putArray("verbs"), SubresourceKinds.verbs(sub));
                    }
                }
            }
            vd.put("freshness", "Current");
        }
        return g;
    }

    private static ObjectNode kindNode(GroupVersionKind k) {
        ObjectNode n = F.objectNode();
        n.put("group", k.group());
        n.put("version", k.version());
        n.put("kind", k.kind());
        return n;
    }

    private static void verbs(ArrayNode out, java.util.Collection<String> verbs) {
        new TreeSet<>(verbs).forEach(out::add);
    }

    /** A strong ETag for a discovery document: the quoted hex SHA-512 of its JSON. */
    public static String etag(ObjectNode doc) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-512").digest(doc.toString().getBytes(StandardCharsets.UTF_8));
            return "\"" + java.util.HexFormat.of().withUpperCase().formatHex(d) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String storageVersionHash(GroupVersionKind gvk) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(gvk.toString().getBytes(StandardCharsets.UTF_8));
            byte[] first8 = new byte[8];
            System.arraycopy(d, 0, first8, 0, 8);
            return Base64.getEncoder().encodeToString(first8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every group version path, for /openapi/v3 and similar indexes. */
    public List<String> groupVersionPaths() {
        List<String> out = new ArrayList<>();
        registry.groupVersions().forEach(gv -> out.add(gv.path()));
        return out;
    }
}
