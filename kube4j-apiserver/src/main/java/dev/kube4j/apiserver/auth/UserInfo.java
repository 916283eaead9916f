package dev.kube4j.apiserver.auth;

import java.util.List;

/** An authenticated identity: user name and groups, as upstream's user.Info. */
public record UserInfo(String name, List<String> groups) {

    public static final String AUTHENTICATED = "system:authenticated";

    public static UserInfo of(String name, List<String> groups) {
        List<String> all = new java.util.ArrayList<>(groups);
        if (!all.contains(AUTHENTICATED)) {
            all.add(AUTHENTICATED);
        }
        return new UserInfo(name, List.copyOf(all));
    }
}
