package dev.passgate.protocol.token;

import java.time.Instant;
import java.util.Optional;

import com.nimbusds.oauth2.sdk.Scope;

import dev.passgate.protocol.session.SessionStore;
import dev.passgate.user.User;
import dev.passgate.user.UserStore;

/**
 * Whether a grant still speaks for its user, checked at every use of a token issued from it
 * (refresh, userinfo, introspection, the provider's own APIs): not revoked or expired, its
 * account active, and — unless it was issued for {@code offline_access} — the single sign-on
 * session it came from still open. So sessions own their tokens: any logout, a session's expiry
 * or its replacement by another user ends them at once, on every node.
 */
public final class LiveGrants {
    public static final String OFFLINE_ACCESS = "offline_access";

    private final GrantStore grants;
    private final SessionStore sessions;
    private final UserStore users;

    public LiveGrants(GrantStore grants, SessionStore sessions, UserStore users) {
        this.grants = grants;
        this.sessions = sessions;
        this.users = users;
    }

    /** A grant that still speaks for its user, with that user as read for the check (callers need not read it again). */
    public record Live(Grant grant, User user) {
    }

    public Optional<Live> find(String grantId, Instant now) {
        Optional<Grant> grant = grants.findGrant(grantId).filter(g -> g.isUsableAt(now))
                .filter(g -> isOffline(g) || g.sid().flatMap(sessions::findBySid).map(s -> s.isLiveAt(now)).orElse(false));
        return grant.flatMap(g -> g.userId().flatMap(users::findById).filter(User::active).map(u -> new Live(g, u)));
    }

    /** Issued for {@code offline_access}: outlives the session; still ends with the account's password or access. */
    private static boolean isOffline(Grant grant) {
        return Scope.parse(grant.scope()).contains(OFFLINE_ACCESS);
    }
}
