package dev.kube4j.apimachinery.validation;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ValidatorsTest {

    private static final ObjectMapper M = new ObjectMapper();

    @Test
    void subdomainMessage() {
        assertThat(Validators.isDNS1123Subdomain("Foo")).containsExactly(
                "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')");
        assertThat(Validators.isDNS1123Subdomain("a.b-c")).isEmpty();
    }

    @Test
    void labelMessages() {
        assertThat(Validators.isDNS1123Label("a.b")).containsExactly("must not contain dots");
        assertThat(Validators.isDNS1123Label("A")).containsExactly(
                "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')");
        assertThat(Validators.isDNS1123Label("a".repeat(64))).contains("must be no more than 63 characters");
        assertThat(Validators.isDNS1035Label("1abc")).containsExactly(
                "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')");
    }

    @Test
    void qualifiedNamesAndValues() {
        assertThat(Validators.isQualifiedName("example.com/app")).isEmpty();
        assertThat(Validators.isQualifiedName("/app")).containsExactly("prefix part must be non-empty");
        assertThat(Validators.isQualifiedName("a/b/c")).hasSize(1).first().asString().startsWith("a qualified name must consist");
        assertThat(Validators.isQualifiedName("-x")).containsExactly(
                "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')");
        assertThat(Validators.isValidLabelValue("")).isEmpty();
        assertThat(Validators.isValidLabelValue("a b")).hasSize(1);
        assertThat(Validators.isConfigMapKey("a b")).containsExactly(
                "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')");
        assertThat(Validators.isConfigMapKey("..x")).containsExactly("must not start with '..'");
    }

    @Test
    void portsAndPaths() {
        assertThat(Validators.isValidPortNum(70000)).containsExactly("must be between 1 and 65535, inclusive");
        assertThat(Validators.isValidPortName("http")).isEmpty();
        assertThat(Validators.isValidPortName("123")).containsExactly("must contain at least one letter (a-z)");
        assertThat(Validators.isValidPathSegmentName("..")).containsExactly("may not be '..'");
        assertThat(Validators.isValidPathSegmentName("a/b%")).containsExactly("may not contain '/'", "may not contain '%'");
        assertThat(NameValidator.DNS_SUBDOMAIN.validate("web-", true)).isEmpty();
    }

    @Test
    void ips() {
        assertThat(Validators.isValidIP(Path.of("ip"), "10.0.0.1")).isEmpty();
        assertThat(Validators.isValidIP(Path.of("ip"), "2001:db8::1")).isEmpty();
        assertThat(Validators.isValidIP(Path.of("ip"), "x").get(0).toString())
                .isEqualTo("ip: Invalid value: \"x\": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)");
        assertThat(Validators.isValidIP(Path.of("ip"), "2001:DB8::1").get(0).detail()).isEqualTo("must be in canonical form (\"2001:db8::1\")");
        assertThat(Validators.isValidCIDR(Path.of("c"), "10.0.0.0/8")).isEmpty();
        assertThat(Validators.isValidCIDR(Path.of("c"), "10.0.0.1/8").get(0).detail()).isEqualTo("must not have bits set beyond the prefix length");
    }

    @Test
    void goValues() throws Exception {
        assertThat(GoValue.stringMap(M.readTree("{\"b\":\"2\",\"a\":\"1\"}")).toString()).isEqualTo("map[string]string{\"a\":\"1\", \"b\":\"2\"}");
        assertThat(GoValue.labelSelector(M.readTree("{\"matchLabels\":{\"app\":\"web\"}}")).toString())
                .isEqualTo("v1.LabelSelector{MatchLabels:map[string]string{\"app\":\"web\"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}");
        assertThat(GoValue.intOrString(M.readTree("0")).toString()).isEqualTo("intstr.IntOrString{Type:0, IntVal:0, StrVal:\"\"}");
    }

    @Test
    void objectMeta() throws Exception {
        List<FieldError> errs = ObjectMetaValidation.validateObjectMeta(M.readTree("{\"metadata\":{\"name\":\"Foo\",\"namespace\":\"default\"}}"), true, NameValidator.DNS_SUBDOMAIN);
        assertThat(errs).extracting(FieldError::toString).containsExactly(
                "metadata.name: Invalid value: \"Foo\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')");
        errs = ObjectMetaValidation.validateObjectMeta(M.readTree("{\"metadata\":{}}"), false, NameValidator.DNS_SUBDOMAIN);
        assertThat(errs).extracting(FieldError::toString).containsExactly("metadata.name: Required value: name or generateName is required");
        errs = ObjectMetaValidation.validateObjectMeta(M.readTree("{\"metadata\":{\"name\":\"a\",\"finalizers\":[\"foo\"],\"labels\":{\"x\":\"a b\"}}}"), false, NameValidator.DNS_SUBDOMAIN);
        assertThat(errs).extracting(FieldError::toString).contains(
                "metadata.finalizers[0]: Invalid value: \"foo\": name is neither a standard finalizer name nor is it fully qualified");
        assertThat(errs.get(0).toString()).startsWith("metadata.labels: Invalid value: \"a b\": a valid label must be an empty string");
        String big = "x".repeat(300 * 1024);
        errs = ObjectMetaValidation.validateObjectMeta(M.readTree("{\"metadata\":{\"name\":\"a\",\"annotations\":{\"k\":\"" + big + "\"}}}"), false, NameValidator.DNS_SUBDOMAIN);
        assertThat(errs).extracting(FieldError::toString).containsExactly("metadata.annotations: Too long: may not be more than 262144 bytes");
        // odd shapes never throw
        assertThat(ObjectMetaValidation.validateObjectMeta(M.readTree("{\"metadata\":5}"), true, NameValidator.DNS_SUBDOMAIN)).isNotEmpty();
        assertThat(ObjectMetaValidation.validateObjectMeta(M.readTree("{\"metadata\":{\"name\":1,\"labels\":[1],\"ownerReferences\":{},\"finalizers\":\"x\"}}"), true, NameValidator.DNS_SUBDOMAIN)).isNotEmpty();
    }
}
