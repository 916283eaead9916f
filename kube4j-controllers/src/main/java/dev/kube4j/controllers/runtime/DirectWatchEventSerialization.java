package dev.kube4j.controllers.runtime;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import dev.kube4j.apimachinery.json.JsonMembers;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.api.model.WatchEvent;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * fabric8's serialization, except that a watch event's object is decoded straight into its class.
 * fabric8 first reads the whole object into a JSON tree to learn its kind, then converts the tree
 * into the typed object: for every event of every informer, the tree is pure overhead (it was
 * the largest single cost of our control plane's client side). Here a first pass reads only the
 * object's top-level {@code kind} and {@code apiVersion}, skipping everything else, and a second
 * pass decodes the object into the class fabric8 would have chosen. Anything unusual (no kind, not
 * an object, a parse error) goes the standard way, so behaviour is unchanged.
 *
 * <p>The object's {@code metadata.managedFields} is cut out of the bytes before either pass, as
 * kube-controller-manager and kube-scheduler strip it in their informers (no control loop reads it,
 * and the caches drop it anyway, see {@link ManagedFieldsDroppingStore}): on a pod it is a large
 * share of the JSON, decoded into maps of maps, with one field name per pod IP that defeated
 * Jackson's name table. Responses lose it the same way (a single object's, and each list item's).
 * Clients built by {@link ApiClients} serve control-plane components only. String values that
 * repeat from object to object are decoded into shared Strings ({@link SharedStrings}).
 */
public final class DirectWatchEventSerialization extends KubernetesSerialization {

    private final ObjectMapper mapper;

    private DirectWatchEventSerialization(ObjectMapper mapper) {
        super(mapper, true);
        this.mapper = mapper;
    }

    public static DirectWatchEventSerialization create() {
        ObjectMapper mapper = new ObjectMapper().registerModule(
                new SimpleModule("kube4j-shared-strings").addDeserializer(String.class, new SharedStrings()));
        return new DirectWatchEventSerialization(mapper);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T unmarshal(String str, Class<T> type) {
        if (type == WatchEvent.class) {
            WatchEvent event = decodeEvent(str);
            if (event != null) {
                return (T) event;
            }
        }
        return super.unmarshal(str, type);
    }

    /** A response: a single object, or a list (an informer's list), without managedFields. */
    @Override
    public <T> T unmarshal(InputStream is, Class<T> type) {
        return super.unmarshal(withoutManagedFields(is, KubernetesResourceList.class.isAssignableFrom(type)), type);
    }

    @Override
    public <T> T unmarshal(InputStream is, TypeReference<T> type) {
        Class<?> raw = type.getType() instanceof Class<?> c ? c
                : type.getType() instanceof java.lang.reflect.ParameterizedType p && p.getRawType() instanceof Class<?> c ? c : Object.class;
        return super.unmarshal(withoutManagedFields(is, KubernetesResourceList.class.isAssignableFrom(raw)), type);
    }

    /** A list loses each item's managedFields, any other object its own. */
    private static InputStream withoutManagedFields(InputStream is, boolean list) {
        try (is) {
            byte[] json = is.readAllBytes();
            json = list ? JsonMembers.withoutInEach(json, "items", "metadata", "managedFields")
                    : JsonMembers.without(json, "metadata", "managedFields");
            return new ByteArrayInputStream(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The event, or null to let fabric8 decode it. */
    private WatchEvent decodeEvent(String text) {
        try {
            byte[] json = JsonMembers.without(text.getBytes(StandardCharsets.UTF_8), "object", "metadata", "managedFields");
            ObjectHeader header = readHeader(json);
            if (header == null) {
                return null;
            }
            Class<? extends KubernetesResource> cls = getRegisteredKubernetesResource(header.apiVersion, header.kind);
            if (cls == null) {
                cls = GenericKubernetesResource.class; // what fabric8 decodes an unregistered kind into
            }
            try (JsonParser p = mapper.createParser(json)) {
                if (!moveToObject(p)) {
                    return null;
                }
                WatchEvent event = new WatchEvent();
                event.setType(header.type);
                event.setObject(mapper.readValue(p, cls));
                return event;
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private record ObjectHeader(String type, String kind, String apiVersion) {
    }

    /** The event's type and its object's kind and apiVersion, reading no further than needed; null if any is missing. */
    private ObjectHeader readHeader(byte[] json) throws IOException {
        String type = null;
        String kind = null;
        String apiVersion = null;
        try (JsonParser p = mapper.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if (field.equals("type") && value == JsonToken.VALUE_STRING) {
                    type = p.getText();
                } else if (field.equals("object") && value == JsonToken.START_OBJECT) {
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String name = p.currentName();
                        JsonToken v = p.nextToken();
                        if (v == JsonToken.VALUE_STRING && name.equals("kind")) {
                            kind = p.getText();
                        } else if (v == JsonToken.VALUE_STRING && name.equals("apiVersion")) {
                            apiVersion = p.getText();
                        } else {
                            p.skipChildren();
                        }
                        if (type != null && kind != null && apiVersion != null) {
                            // The usual order ("type" first, then the object's apiVersion and kind):
                            // nothing further is needed, the rest is not even scanned.
                            return new ObjectHeader(type, kind, apiVersion);
                        }
                    }
                } else {
                    p.skipChildren();
                }
            }
        }
        return type == null || kind == null || apiVersion == null ? null : new ObjectHeader(type, kind, apiVersion);
    }

    /** Advances {@code p} to the START_OBJECT of the event's object. */
    private static boolean moveToObject(JsonParser p) throws IOException {
        if (p.nextToken() != JsonToken.START_OBJECT) {
            return false;
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            if (field.equals("object") && value == JsonToken.START_OBJECT) {
                return true;
            }
            p.skipChildren();
        }
        return false;
    }
}
