package dev.kube4j.controllers.history;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kube4j.controllers.core.Owners;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.ControllerRevisionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * ControllerRevisions of StatefulSets and DaemonSets, as upstream's controller history: a revision
 * holds the pod template as the strategic-merge patch {@code {"spec":{"template":{…,"$patch":"replace"}}}}
 * that {@code kubectl rollout undo} applies, is named {@code <owner>-<hash>} and numbered; a template
 * equal to an older revision's re-uses that revision with the next number.
 */
public final class ControllerHistory {

    /** Label on revisions (and on DaemonSet pods; StatefulSet pods carry the revision's name). */
    public static final String REVISION_HASH = "controller-revision-hash";
    private static final String SAFE_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";
    private static final int MAX_COLLISIONS = 10;

    private final KubernetesClient client;
    private final KubernetesSerialization json;

    public ControllerHistory(KubernetesClient client) {
        this.client = client;
        this.json = client.getKubernetesSerialization();
    }

    /** The update revision found or created, and the collision count to record in status. */
    public record UpdateRevision(ControllerRevision revision, int collisionCount) {
    }

    /** {@code {"spec":{"template":{…,"$patch":"replace"}}}} for the template. */
    public JsonNode templatePatch(PodTemplateSpec template) {
        ObjectNode t = (ObjectNode) canonical(template);
        t.put("$patch", "replace");
        ObjectNode data = JsonNodeFactory.instance.objectNode();
        data.putObject("spec").set("template", t);
        return data;
    }

    /** The pod template a revision holds. */
    public PodTemplateSpec templateOf(ControllerRevision revision) {
        JsonNode template = canonical(revision.getData()).path("spec").path("template");
        ObjectNode copy = template.isObject() ? ((ObjectNode) template).deepCopy() : JsonNodeFactory.instance.objectNode();
        copy.remove("$patch");
        return json.convertValue(copy, PodTemplateSpec.class);
    }

    /** Revisions sorted by number (then name). */
    public static List<ControllerRevision> sorted(List<ControllerRevision> revisions) {
        List<ControllerRevision> out = new ArrayList<>(revisions);
        out.sort(Comparator.comparing((ControllerRevision r) -> r.getRevision() == null ? 0L : r.getRevision())
                .thenComparing(r -> r.getMetadata().getName()));
        return out;
    }

    /**
     * Finds the revision holding {@code data} among the owner's {@code revisions} (sorted), making
     * it the newest, or creates it; a name taken by different data bumps the collision count.
     */
    public UpdateRevision ensure(HasMetadata owner, Map<String, String> templateLabels, JsonNode data,
                                 int collisionCount, List<ControllerRevision> revisions) {
        long max = revisions.isEmpty() ? 0 : revisions.getLast().getRevision();
        ControllerRevision equal = null;
        for (ControllerRevision r : revisions) {
            if (canonical(r.getData()).equals(data)) {
                equal = r;
            }
        }
        if (equal != null) {
            if (equal.getRevision() == max) {
                return new UpdateRevision(equal, collisionCount);
            }
            ControllerRevision bumped = client.apps().controllerRevisions().inNamespace(owner.getMetadata().getNamespace())
                    .withName(equal.getMetadata().getName()).edit(r -> {
                        r.setRevision(max + 1);
                        return r;
                    });
            return new UpdateRevision(bumped, collisionCount);
        }
        for (int attempt = 0; attempt < MAX_COLLISIONS; attempt++) {
            String hash = hash(data, collisionCount);
            Map<String, String> labels = new HashMap<>(templateLabels == null ? Map.of() : templateLabels);
            labels.put(REVISION_HASH, hash);
            ControllerRevision revision = new ControllerRevisionBuilder()
                    .withNewMetadata().withName(owner.getMetadata().getName() + "-" + hash)
                    .withNamespace(owner.getMetadata().getNamespace()).withLabels(labels)
                    .withOwnerReferences(Owners.controllerRef(owner)).endMetadata()
                    .withData(data).withRevision(max + 1).build();
            try {
                return new UpdateRevision(client.apps().controllerRevisions().inNamespace(owner.getMetadata().getNamespace())
                        .resource(revision).create(), collisionCount);
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409) {
                    throw e;
                }
                ControllerRevision existing = client.apps().controllerRevisions().inNamespace(owner.getMetadata().getNamespace())
                        .withName(revision.getMetadata().getName()).get();
                if (existing != null && canonical(existing.getData()).equals(data) && ownerOrOrphan(existing, owner)) {
                    // Ours not yet in the informer, or an orphan a later sync adopts (upstream returns it too).
                    return new UpdateRevision(existing, collisionCount);
                }
                collisionCount++;
            }
        }
        throw new IllegalStateException("too many ControllerRevision name collisions for " + owner.getMetadata().getName());
    }

    private static boolean ownerOrOrphan(ControllerRevision revision, HasMetadata owner) {
        return Owners.controllerOf(revision) == null
                || owner.getMetadata().getUid().equals(Owners.controllerUid(revision, owner.getKind()));
    }

    /** Deletes the oldest revisions no live pod uses beyond {@code limit}, as upstream's truncateHistory. */
    public void truncate(List<ControllerRevision> revisions, Set<String> live, int limit) {
        List<ControllerRevision> dead = revisions.stream().filter(r -> !live.contains(r.getMetadata().getName())).toList();
        for (int i = 0; i < dead.size() - Math.max(0, limit); i++) {
            ControllerRevision r = dead.get(i);
            try {
                client.apps().controllerRevisions().inNamespace(r.getMetadata().getNamespace()).withName(r.getMetadata().getName()).delete();
            } catch (KubernetesClientException e) {
                if (e.getCode() != 404) {
                    throw e;
                }
            }
        }
    }

    /** A JSON tree as the wire has it (so numbers compare equal whatever Java type held them). */
    public JsonNode canonical(Object value) {
        return json.unmarshal(json.asJson(value), JsonNode.class);
    }

    /** Upstream's HashControllerRevision: FNV-32 of the data and the collision count, safely encoded. */
    static String hash(JsonNode data, int collisionCount) {
        int h = 0x811c9dc5;
        byte[] bytes = (data.toString() + (collisionCount > 0 ? Integer.toString(collisionCount) : "")).getBytes(StandardCharsets.UTF_8);
        for (byte b : bytes) {
            h *= 0x01000193;
            h ^= b & 0xff;
        }
        return safeEncode(Integer.toUnsignedString(h));
    }

    /** rand.SafeEncodeString: characters that never spell words or look alike. */
    static String safeEncode(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            sb.append(SAFE_ALPHABET.charAt(c % SAFE_ALPHABET.length()));
        }
        return sb.toString();
    }
}
