package dev.passgate.user;

import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Accounts. Usernames and emails are unique without regard to case. No method returns null.
 */
public interface UserStore {

    Optional<User> findById(String id);

    /** By username or email address, case-insensitively: what a person types at sign-in. */
    Optional<User> findByIdentifier(String identifier);

    /** @throws DuplicateUserException when the username or email is already taken */
    User create(User user);

    /**
     * Applies {@code change} to the current state in one transaction.
     *
     * @return the changed user, or empty when no user has this id
     * @throws DuplicateUserException when the change takes another account's username or email
     */
    Optional<User> update(String id, UnaryOperator<User> change);

    /** @return false when no user had this id */
    boolean delete(String id);

    class DuplicateUserException extends RuntimeException {
        public DuplicateUserException(String message) {
            super(message);
        }
    }
}
