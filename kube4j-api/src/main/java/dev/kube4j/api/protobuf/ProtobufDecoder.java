package dev.kube4j.api.protobuf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import dev.kube4j.apimachinery.errors.ApiException;
import io.kubernetes.client.proto.Runtime;

import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes Kubernetes protobuf request bodies ({@code application/vnd.kubernetes.protobuf}) into
 * the JSON tree the server works on. kubectl 1.32 and later send objects built by its typed
 * clients (create namespace, deployment, secret…) this way. The message definitions come from
 * the official Java client's proto module; the special types (Quantity, IntOrString, Time,
 * RawExtension…) get their JSON forms here.
 */
public final class ProtobufDecoder {

    /** "k8s\0": the envelope's magic prefix. */
    private static final byte[] MAGIC = {0x6b, 0x38, 0x73, 0x00};
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, Descriptor> MESSAGES = index();

    private ProtobufDecoder() {
    }

    /** Decodes an enveloped object; fails with 400 on malformed input or an unknown kind. */
    public static ObjectNode decode(byte[] body) {
        if (body.length < MAGIC.length || !startsWithMagic(body)) {
            throw ApiException.badRequest("the protobuf body does not start with the Kubernetes envelope prefix");
        }
        try {
            Runtime.Unknown envelope = Runtime.Unknown.parseFrom(ByteString.copyFrom(body, MAGIC.length, body.length - MAGIC.length));
            String apiVersion = envelope.getTypeMeta().getApiVersion();
            String kind = envelope.getTypeMeta().getKind();
            Descriptor type = descriptor(apiVersion, kind);
            if (type == null) {
                throw ApiException.badRequest("no kind \"" + kind + "\" is registered for version \"" + apiVersion
                        + "\" in the protobuf scheme");
            }
            DynamicMessage msg = DynamicMessage.parseFrom(type, envelope.getRaw());
            ObjectNode out = F.objectNode();
            out.put("apiVersion", apiVersion);
            out.put("kind", kind);
            out.setAll(toJson(msg));
            return out;
        } catch (InvalidProtocolBufferException e) {
            throw ApiException.badRequest("the protobuf body could not be decoded: " + e.getMessage());
        }
    }

    public static boolean supports(String apiVersion, String kind) {
        return descriptor(apiVersion, kind) != null;
    }

    /**
     * The message of a kind. The proto module predates autoscaling/v2, whose messages kept
     * v2beta2's field numbers, so v2 objects decode with v2beta2's definitions.
     */
    private static Descriptor descriptor(String apiVersion, String kind) {
        Descriptor d = MESSAGES.get(protoName(apiVersion, kind));
        if (d == null && apiVersion.equals("autoscaling/v2")) {
            d = MESSAGES.get(protoName("autoscaling/v2beta2", kind));
        }
        return d;
    }

    private static boolean startsWithMagic(byte[] body) {
        for (int i = 0; i < MAGIC.length; i++) {
            if (body[i] != MAGIC[i]) {
                return false;
            }
        }
        return true;
    }

    /** apps/v1 Deployment → k8s.io.api.apps.v1.Deployment; v1 Pod → k8s.io.api.core.v1.Pod. */
    static String protoName(String apiVersion, String kind) {
        int slash = apiVersion.indexOf('/');
        String group = slash < 0 ? "core" : apiVersion.substring(0, slash);
        String version = slash < 0 ? apiVersion : apiVersion.substring(slash + 1);
        if (group.equals("meta.k8s.io")) {
            return "k8s.io.apimachinery.pkg.apis.meta." + version + "." + kind;
        }
        int dot = group.indexOf('.');
        String shortGroup = dot < 0 ? group : group.substring(0, dot);
        return "k8s.io.api." + shortGroup + "." + version + "." + kind;
    }

    private static ObjectNode toJson(Message msg) {
        ObjectNode out = F.objectNode();
        for (Map.Entry<FieldDescriptor, Object> e : msg.getAllFields().entrySet()) {
            FieldDescriptor f = e.getKey();
            Object v = e.getValue();
            if (f.isMapField()) {
                ObjectNode map = out.putObject(f.getName());
                for (Object entry : (List<?>) v) {
                    Message m = (Message) entry;
                    FieldDescriptor kf = m.getDescriptorForType().findFieldByNumber(1);
                    FieldDescriptor vf = m.getDescriptorForType().findFieldByNumber(2);
                    map.set(String.valueOf(m.getField(kf)), value(vf, m.getField(vf)));
                }
            } else if (f.isRepeated()) {
                ArrayNode arr = out.putArray(f.getName());
                for (Object item : (List<?>) v) {
                    arr.add(value(f, item));
                }
            } else if (isInline(msg, f) && value(f, v) instanceof ObjectNode embedded) {
                out.setAll(embedded);
            } else if (!isGoZeroValue(f, v)) {
                out.set(f.getName(), value(f, v));
            }
        }
        return out;
    }

    /**
     * Embedded Go structs whose fields JSON writes into the parent ({@code json:",inline"}) but
     * protobuf keeps as a nested message, keyed by message and field.
     */
    private static final java.util.Set<String> INLINE_FIELDS = java.util.Set.of(
            "k8s.io.api.networking.v1.IngressRule.ingressRuleValue", "k8s.io.api.core.v1.Volume.volumeSource",
            "k8s.io.api.core.v1.PersistentVolumeSpec.persistentVolumeSource", "k8s.io.api.core.v1.Probe.handler",
            "k8s.io.api.core.v1.EphemeralContainer.ephemeralContainerCommon");

    private static boolean isInline(Message msg, FieldDescriptor f) {
        return f.getJavaType() == FieldDescriptor.JavaType.MESSAGE
                && INLINE_FIELDS.contains(msg.getDescriptorForType().getFullName() + "." + f.getName());
    }

    /**
     * Go's protobuf marshalling writes every non-pointer field, zero or not, where its JSON
     * marshalling omits them ({@code omitempty}). A zero scalar is therefore dropped unless the
     * field is one of the pointer fields whose explicit zero means something.
     */
    private static boolean isGoZeroValue(FieldDescriptor f, Object v) {
        if (POINTER_FIELDS.contains(f.getName())) {
            return false;
        }
        return switch (f.getJavaType()) {
            case STRING -> ((String) v).isEmpty();
            case INT, LONG -> ((Number) v).longValue() == 0;
            case FLOAT, DOUBLE -> ((Number) v).doubleValue() == 0;
            case BOOLEAN -> !((Boolean) v);
            case BYTE_STRING -> ((ByteString) v).isEmpty();
            default -> false;
        };
    }


    /** Pointer fields of the built-in types where 0 or false is a deliberate value. */
    private static final java.util.Set<String> POINTER_FIELDS = java.util.Set.of(
            "replicas", "terminationGracePeriodSeconds", "activeDeadlineSeconds", "backoffLimit",
            "backoffLimitPerIndex", "maxFailedIndexes", "completions", "parallelism", "successfulJobsHistoryLimit",
            "failedJobsHistoryLimit", "revisionHistoryLimit", "progressDeadlineSeconds", "startingDeadlineSeconds",
            "ttlSecondsAfterFinished", "automountServiceAccountToken", "enableServiceLinks", "suspend",
            "readOnlyRootFilesystem", "runAsNonRoot", "runAsUser", "runAsGroup", "fsGroup", "allowPrivilegeEscalation",
            "privileged", "hostUsers", "shareProcessNamespace", "defaultMode", "optional", "immutable", "priority",
            "setHostnameAsFQDN", "partition", "expirationSeconds", "allocateLoadBalancerNodePorts", "manualSelector",
            "allowVolumeExpansion", "attachRequired", "podInfoOnMount", "storageCapacity", "requiresRepublish", "seLinuxMount");
    private static JsonNode value(FieldDescriptor f, Object v) {
        return switch (f.getJavaType()) {
            case INT -> F.numberNode((Integer) v);
            case LONG -> F.numberNode((Long) v);
            case FLOAT -> F.numberNode((Float) v);
            case DOUBLE -> F.numberNode((Double) v);
            case BOOLEAN -> F.booleanNode((Boolean) v);
            case STRING -> F.textNode((String) v);
            case BYTE_STRING -> F.textNode(Base64.getEncoder().encodeToString(((ByteString) v).toByteArray()));
            case ENUM -> F.textNode(v.toString());
            case MESSAGE -> message((Message) v);
        };
    }

    /** Messages whose JSON form is not an object of their fields. */
    private static JsonNode message(Message m) {
        String name = m.getDescriptorForType().getFullName();
        return switch (name) {
            case "k8s.io.apimachinery.pkg.api.resource.Quantity" -> F.textNode(stringField(m, 1));
            case "k8s.io.apimachinery.pkg.util.intstr.IntOrString" -> longField(m, 1) == 1
                    ? F.textNode(stringField(m, 3)) : F.numberNode((int) longField(m, 2));
            case "k8s.io.apimachinery.pkg.apis.meta.v1.Time" -> longField(m, 1) == 0 && longField(m, 2) == 0
                    ? F.nullNode() // Go's zero time marshals as null
                    : F.textNode(DateTimeFormatter.ISO_INSTANT.format(
                    Instant.ofEpochSecond(longField(m, 1)).truncatedTo(ChronoUnit.SECONDS)));
            case "k8s.io.apimachinery.pkg.apis.meta.v1.MicroTime" -> F.textNode(DateTimeFormatter.ISO_INSTANT.format(
                    Instant.ofEpochSecond(longField(m, 1), longField(m, 2)).truncatedTo(ChronoUnit.MICROS)));
            case "k8s.io.apimachinery.pkg.apis.meta.v1.Duration" -> F.textNode(goDuration(longField(m, 1)));
            case "k8s.io.apimachinery.pkg.runtime.RawExtension", "k8s.io.apimachinery.pkg.apis.meta.v1.FieldsV1" ->
                    rawJson(m);
            default -> toJson(m);
        };
    }

    private static JsonNode rawJson(Message m) {
        FieldDescriptor f = m.getDescriptorForType().findFieldByNumber(1);
        ByteString raw = f == null || !m.hasField(f) ? ByteString.EMPTY : (ByteString) m.getField(f);
        if (raw.isEmpty()) {
            return F.nullNode();
        }
        try {
            return JSON.readTree(raw.toByteArray());
        } catch (IOException e) {
            throw ApiException.badRequest("an embedded object is not valid JSON: " + e.getMessage());
        }
    }

    private static String stringField(Message m, int number) {
        FieldDescriptor f = m.getDescriptorForType().findFieldByNumber(number);
        return f == null ? "" : String.valueOf(m.getField(f));
    }

    private static long longField(Message m, int number) {
        FieldDescriptor f = m.getDescriptorForType().findFieldByNumber(number);
        return f == null ? 0 : ((Number) m.getField(f)).longValue();
    }

    /** Go's time.Duration.String() for whole seconds and below, as metav1.Duration marshals. */
    static String goDuration(long nanos) {
        if (nanos == 0) {
            return "0s";
        }
        StringBuilder s = new StringBuilder();
        if (nanos < 0) {
            s.append('-');
            nanos = -nanos;
        }
        long h = nanos / 3_600_000_000_000L;
        long m = nanos / 60_000_000_000L % 60;
        double sec = (nanos % 60_000_000_000L) / 1e9;
        if (h > 0) {
            s.append(h).append('h');
        }
        if (h > 0 || m > 0) {
            s.append(m).append('m');
        }
        String secs = sec == Math.floor(sec) ? Long.toString((long) sec) : Double.toString(sec);
        return s.append(secs).append('s').toString();
    }

    private static Map<String, Descriptor> index() {
        Map<String, Descriptor> all = new HashMap<>();
        for (FileDescriptor file : List.of(io.kubernetes.client.proto.V1.getDescriptor(),
                io.kubernetes.client.proto.V1Apps.getDescriptor(), io.kubernetes.client.proto.V1Batch.getDescriptor(),
                io.kubernetes.client.proto.V1Rbac.getDescriptor(), io.kubernetes.client.proto.V1Policy.getDescriptor(),
                io.kubernetes.client.proto.V1Networking.getDescriptor(),
                io.kubernetes.client.proto.V1Scheduling.getDescriptor(),
                io.kubernetes.client.proto.V1Authorization.getDescriptor(),
                io.kubernetes.client.proto.V1Authentication.getDescriptor(),
                io.kubernetes.client.proto.V1Certificates.getDescriptor(),
                io.kubernetes.client.proto.V1Autoscaling.getDescriptor(),
                io.kubernetes.client.proto.V1Storage.getDescriptor(),
                io.kubernetes.client.proto.V1Admissionregistration.getDescriptor(),
                io.kubernetes.client.proto.V2beta2Autoscaling.getDescriptor(),
                io.kubernetes.client.proto.Meta.getDescriptor())) {
            for (Descriptor d : file.getMessageTypes()) {
                all.put(d.getFullName(), d);
            }
        }
        return Map.copyOf(all);
    }
}
