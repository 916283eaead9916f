package dev.kube4j.api.certificates;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kube4j.api.util.KindStrategy;
import dev.kube4j.api.util.Tables;
import dev.kube4j.apimachinery.strategy.HumanDuration;
import dev.kube4j.apimachinery.strategy.TableColumn;
import dev.kube4j.apimachinery.validation.FieldError;
import dev.kube4j.apimachinery.validation.GoValue;
import dev.kube4j.apimachinery.validation.NameValidator;
import dev.kube4j.apimachinery.validation.Path;
import dev.kube4j.apimachinery.validation.Validators;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static dev.kube4j.apimachinery.strategy.Nodes.lng;
import static dev.kube4j.apimachinery.strategy.Nodes.obj;
import static dev.kube4j.apimachinery.strategy.Nodes.objects;
import static dev.kube4j.apimachinery.strategy.Nodes.str;
import static dev.kube4j.apimachinery.strategy.Nodes.strings;

/**
 * certificates.k8s.io/v1 certificate signing requests. The spec is immutable once created (its
 * requestor fields are set from the creating user by admission); conditions change through the
 * status and approval subresources. Nothing is signed here.
 */
public class CertificateSigningRequestStrategy extends KindStrategy {

    static final String LEGACY_UNKNOWN_SIGNER = "kubernetes.io/legacy-unknown";
    private static final Set<String> ONE_PER_TYPE = Set.of("Approved", "Denied", "Failed");
    private static final List<String> USAGES = List.of("any", "client auth", "code signing", "content commitment", "crl sign",
            "data encipherment", "decipher only", "digital signature", "email protection", "encipher only", "ipsec end system",
            "ipsec tunnel", "ipsec user", "key agreement", "key encipherment", "microsoft sgc", "netscape sgc", "ocsp signing",
            "s/mime", "server auth", "signing", "timestamping");
    private static final String PEM_HEADER = "-----BEGIN CERTIFICATE REQUEST-----";

    public CertificateSigningRequestStrategy() {
        super(false, NameValidator.DNS_SUBDOMAIN);
    }

    @Override
    public void prepareForCreate(ObjectNode obj) {
        obj.putObject("status");
    }

    /** The spec never changes after create; status is kept by the generic status split. */
    @Override
    public void prepareForUpdate(ObjectNode obj, ObjectNode old) {
        keepSpec(obj, old);
    }

    @Override
    public void prepareForStatusUpdate(ObjectNode obj, ObjectNode old) {
        keepSpec(obj, old);
        populateConditionTimestamps(obj, old);
    }

    private static void keepSpec(ObjectNode obj, ObjectNode old) {
        if (old.has("spec")) {
            obj.set("spec", old.get("spec").deepCopy());
        } else {
            obj.remove("spec");
        }
    }

    /** Conditions get lastUpdateTime now when unset, and lastTransitionTime when their status changed. */
    private static void populateConditionTimestamps(ObjectNode obj, ObjectNode old) {
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        for (ObjectNode c : objects(obj(obj, "status"), "conditions")) {
            if (!c.hasNonNull("lastUpdateTime")) {
                c.put("lastUpdateTime", now);
            }
            if (!c.hasNonNull("lastTransitionTime")) {
                String previous = null;
                for (ObjectNode o : objects(obj(old, "status"), "conditions")) {
                    if (str(o, "type").equals(str(c, "type")) && str(o, "status").equals(str(c, "status"))) {
                        previous = str(o, "lastTransitionTime");
                    }
                }
                c.put("lastTransitionTime", previous == null || previous.isEmpty() ? now : previous);
            }
        }
    }

    @Override
    protected List<FieldError> validateSpec(ObjectNode obj) {
        List<FieldError> errs = new ArrayList<>();
        JsonNode spec = obj(obj, "spec");
        Path sp = Path.of("spec");
        String request = str(spec, "request");
        if (!isPemCertificateRequest(request)) {
            errs.add(FieldError.invalid(sp.child("request").toString(), goBytes(request), "PEM block type must be CERTIFICATE REQUEST"));
        }
        List<String> usages = strings(spec, "usages");
        if (usages.isEmpty()) {
            errs.add(FieldError.required(sp.child("usages").toString(), ""));
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < usages.size(); i++) {
            String u = usages.get(i);
            if (!USAGES.contains(u)) {
                errs.add(FieldError.notSupported(sp.child("usages").index(i).toString(), u, USAGES));
            } else if (!seen.add(u)) {
                errs.add(FieldError.duplicate(sp.child("usages").index(i).toString(), u));
            }
        }
        String signer = str(spec, "signerName");
        Path signerPath = sp.child("signerName");
        if (signer.equals(LEGACY_UNKNOWN_SIGNER)) {
            errs.add(FieldError.invalid(signerPath.toString(), signer, "the legacy signerName is not allowed via this API version"));
        } else if (signer.isEmpty()) {
            errs.add(FieldError.required(signerPath.toString(), ""));
        } else if (!isQualifiedSignerName(signer)) {
            errs.add(FieldError.invalid(signerPath.toString(), signer,
                    "must be a fully qualified domain and path of the form 'example.com/signer-name'"));
        }
        Long expiration = lng(spec, "expirationSeconds");
        if (expiration != null && expiration < 600) {
            errs.add(FieldError.invalid(sp.child("expirationSeconds").toString(), expiration,
                    "may not specify a duration less than 600 seconds (10 minutes)"));
        }
        errs.addAll(validateConditions(obj));
        return errs;
    }

    @Override
    protected List<FieldError> validateSpecUpdate(ObjectNode obj, ObjectNode old) {
        return validateConditions(obj);
    }

    private static List<FieldError> validateConditions(ObjectNode obj) {
        List<FieldError> errs = new ArrayList<>();
        Path cp = Path.of("status", "conditions");
        List<ObjectNode> conditions = objects(obj(obj, "status"), "conditions");
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < conditions.size(); i++) {
            String type = str(conditions.get(i), "type");
            String status = str(conditions.get(i), "status");
            if (type.isEmpty()) {
                errs.add(FieldError.required(cp.index(i).child("type").toString(), ""));
            }
            if (ONE_PER_TYPE.contains(type)) {
                if (!status.equals("True")) {
                    errs.add(FieldError.notSupported(cp.index(i).child("status").toString(), status, List.of("True")));
                }
                if (!seen.add(type)) {
                    errs.add(FieldError.duplicate(cp.index(i).child("type").toString(), type));
                }
            } else if (!List.of("False", "True", "Unknown").contains(status)) {
                errs.add(FieldError.notSupported(cp.index(i).child("status").toString(), status, List.of("False", "True", "Unknown")));
            }
        }
        if (seen.contains("Approved") && seen.contains("Denied")) {
            errs.add(FieldError.invalid(cp.toString(), new GoValue("[]certificates.CertificateSigningRequestCondition{...}"),
                    "Approved and Denied conditions are mutually exclusive"));
        }
        return errs;
    }

    private static boolean isPemCertificateRequest(String base64) {
        try {
            String pem = new String(Base64.getDecoder().decode(base64), StandardCharsets.US_ASCII);
            return pem.contains(PEM_HEADER) && pem.contains("-----END CERTIFICATE REQUEST-----");
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Go's %#v of a []byte. */
    private static GoValue goBytes(String base64) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            bytes = new byte[0];
        }
        if (bytes.length == 0) {
            return new GoValue("[]byte(nil)");
        }
        StringBuilder b = new StringBuilder("[]byte{");
        for (int i = 0; i < bytes.length; i++) {
            b.append(i == 0 ? "" : ", ").append(String.format("0x%x", bytes[i] & 0xff));
        }
        return new GoValue(b.append('}').toString());
    }

    /** A domain-qualified path: "example.com/signer-name" (upstream's ValidateSignerName, simplified). */
    private static boolean isQualifiedSignerName(String signer) {
        int slash = signer.indexOf('/');
        if (slash <= 0 || slash == signer.length() - 1) {
            return false;
        }
        String domain = signer.substring(0, slash);
        return domain.contains(".") && Validators.isDNS1123Subdomain(domain).isEmpty();
    }

    @Override
    public List<TableColumn> columns() {
        return List.of(Tables.name(), Tables.age(),
                Tables.col("SignerName", "string", "signerName indicates the requested signer, and is a qualified name."),
                Tables.col("Requestor", "string", "request contains an x509 certificate signing request encoded in a \"CERTIFICATE REQUEST\" PEM block. When serialized as JSON or YAML, the data is additionally base64-encoded."),
                Tables.col("RequestedDuration", "string", "expirationSeconds is the requested duration of validity of the issued certificate."),
                Tables.col("Condition", "string", "conditions applied to the request. Known conditions are \"Approved\", \"Denied\", and \"Failed\"."));
    }

    @Override
    public List<Object> cells(ObjectNode obj) {
        JsonNode spec = obj(obj, "spec");
        String signer = str(spec, "signerName");
        Long expiration = lng(spec, "expirationSeconds");
        return List.of(Tables.name(obj), Tables.age(obj), signer.isEmpty() ? "<none>" : signer, str(spec, "username"),
                expiration == null ? "<none>" : HumanDuration.format(Duration.ofSeconds(expiration)), condition(obj(obj, "status")));
    }

    /** extractCSRStatus: Denied over Approved over Pending, then Failed and Issued. */
    static String condition(JsonNode status) {
        boolean approved = false;
        boolean denied = false;
        boolean failed = false;
        for (ObjectNode c : objects(status, "conditions")) {
            switch (str(c, "type")) {
                case "Approved" -> approved = true;
                case "Denied" -> denied = true;
                case "Failed" -> failed = true;
                default -> {
                }
            }
        }
        String s = denied ? "Denied" : approved ? "Approved" : "Pending";
        if (failed) {
            s += ",Failed";
        }
        if (!str(status, "certificate").isEmpty()) {
            s += ",Issued";
        }
        return s;
    }

    /** Sets the requestor fields of a new request from the creating user, as upstream's PrepareForCreate. */
    public static void setRequestor(ObjectNode csr, String user, List<String> groups) {
        ObjectNode spec = csr.with("spec");
        spec.put("username", user);
        spec.remove("uid");
        spec.remove("extra");
        ArrayNode g = spec.putArray("groups");
        groups.forEach(g::add);
    }
}
