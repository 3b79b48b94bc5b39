package dev.passgate.password;

import com.password4j.Argon2Function;
import com.password4j.Password;
import com.password4j.types.Argon2;

/**
 * Argon2id at OWASP's recommended minimum (m = 19 MiB, t = 2, p = 1), stored as a PHC string
 * ({@code $argon2id$v=19$m=19456,t=2,p=1$salt$hash}) so parameters can be raised later without
 * breaking existing hashes. Password4j rather than hand-written Argon2: it is small, maintained,
 * and implements RFC 9106 without native code.
 */
public final class PasswordHasher {
    private static final Argon2Function ARGON2ID = Argon2Function.getInstance(19456, 2, 1, 32, Argon2.ID, 19);

    /** A hash of a random password: verified against for unknown accounts so timing does not reveal them. */
    private static final String DECOY = Password.hash("decoy-" + System.nanoTime()).addRandomSalt(16).with(ARGON2ID).getResult();

    public String hash(String password) {
        return Password.hash(password).addRandomSalt(16).with(ARGON2ID).getResult();
    }

    public boolean verify(String password, String storedHash) {
        if (password == null) {
            return false;
        }
        if (storedHash == null) {
            Password.check(password, DECOY).with(ARGON2ID);
            return false;
        }
        return Password.check(password, storedHash).with(Argon2Function.getInstanceFromHash(storedHash));
    }
}
