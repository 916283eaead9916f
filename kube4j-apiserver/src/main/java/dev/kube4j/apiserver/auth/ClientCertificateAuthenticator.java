package dev.kube4j.apiserver.auth;

import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Request;

import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Authenticates by the TLS client certificate, which the TLS layer already verified against the
 * cluster CA: user = CN, groups = O, as upstream's x509 authenticator.
 */
public final class ClientCertificateAuthenticator implements Authenticator {

    /** Parsed identities by certificate: parsing the subject on every request showed up in profiles. */
    private final java.util.Map<X509Certificate, Optional<UserInfo>> identities =
            java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());

    @Override
    public Optional<UserInfo> authenticate(Request request) {
        if (!(request.getAttribute(EndPoint.SslSessionData.ATTRIBUTE) instanceof EndPoint.SslSessionData ssl)) {
            return Optional.empty();
        }
        X509Certificate[] chain = ssl.peerCertificates();
        if (chain == null || chain.length == 0) {
            return Optional.empty();
        }
        return identities.computeIfAbsent(chain[0], ClientCertificateAuthenticator::fromCertificate);
    }

    static Optional<UserInfo> fromCertificate(X509Certificate cert) {
        try {
            String cn = null;
            List<String> groups = new ArrayList<>();
            for (Rdn rdn : new LdapName(cert.getSubjectX500Principal().getName()).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    cn = String.valueOf(rdn.getValue());
                } else if (rdn.getType().equalsIgnoreCase("O")) {
                    groups.add(0, String.valueOf(rdn.getValue()));
                }
            }
            return cn == null || cn.isEmpty() ? Optional.empty() : Optional.of(UserInfo.of(cn, groups));
        } catch (InvalidNameException e) {
            return Optional.empty();
        }
    }
}
