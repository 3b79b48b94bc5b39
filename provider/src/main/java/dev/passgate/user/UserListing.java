package dev.passgate.user;

import java.util.List;

/** All accounts, page by page (SCIM listing; start-up's "is this a fresh install?"). */
public interface UserListing {

    /** Users in username order; {@code offset} from 0. */
    List<User> list(int offset, int limit);

    long count();
}
