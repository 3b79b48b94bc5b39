package dev.passgate.user;

import java.util.List;

/** All accounts, page by page (SCIM listing; start-up's "is this a fresh install?"). */
public interface UserListing {

    /** Users in username order; {@code offset} from 0. */
    List<User> list(int offset, int limit);

    long count();

    /**
     * What support types to find a person: an exact id, username, email or phone number, or the start of a
     * username or email (case-insensitive). At most {@code limit}, in username order.
     */
    List<User> search(String text, int limit);
}
