package dev.passgate.audit;

import java.util.Optional;

/**
 * What every audit event of one request shares, so the steps that record events need not pass it
 * along: the client the login is for, the login's id, the client's anonymised network, and which node
 * wrote it. Set for each request on its thread (a JAX-RS filter opens and ends it; the login sets its
 * part once the transaction is known); events written off a request's thread carry only the node.
 */
public final class AuditContext {
    /** This JVM, as events name it: the host (container) name and the process id. */
    public static final String NODE = Optional.ofNullable(System.getenv("HOSTNAME")).filter(h -> !h.isBlank()).orElse("node")
            + ":" + ProcessHandle.current().pid() + ":" + dev.passgate.security.Secrets.newToken().substring(0, 4);

    /** @param login the first 16 hex digits of the login transaction's id hash: enough to follow one login, no secret */
    public record Frame(Optional<String> client, Optional<String> login, Optional<String> network) {
        static final Frame EMPTY = new Frame(Optional.empty(), Optional.empty(), Optional.empty());
    }

    private static final ThreadLocal<Frame> CURRENT = ThreadLocal.withInitial(() -> Frame.EMPTY);

    private AuditContext() {
    }

    /** A request begins: from {@code network} (the anonymised client address). */
    public static void begin(String network) {
        CURRENT.set(new Frame(Optional.empty(), Optional.empty(), Optional.ofNullable(network).filter(n -> !n.isBlank())));
    }

    /** The request works on this login, for this client. */
    public static void login(String loginIdHash, String clientId) {
        Frame f = CURRENT.get();
        CURRENT.set(new Frame(Optional.ofNullable(clientId), Optional.ofNullable(loginIdHash)
                .map(h -> h.length() > 16 ? h.substring(0, 16) : h), f.network()));
    }

    /** The request acts for this client (an authenticated token or revocation request). */
    public static void client(String clientId) {
        Frame f = CURRENT.get();
        if (f != null) {
            CURRENT.set(new Frame(Optional.ofNullable(clientId), f.login(), f.network()));
        }
    }

    public static Frame current() {
        return CURRENT.get();
    }

    public static void end() {
        CURRENT.remove();
    }
}
