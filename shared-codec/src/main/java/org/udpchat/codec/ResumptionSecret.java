package org.udpchat.codec;

import java.security.SecureRandom;

/**
 * 256 bits the server gives a client inside its sealed WELCOME, and the client shows inside a later
 * sealed LOGIN to take its session back (after losing touch, or to catch up once it expired). Knowing
 * a session's token, which travels in clear as a routing hint, gives nothing: the secret never leaves
 * the encryption. {@link #NONE} (all zeros) in a LOGIN that presents no previous session.
 */
public record ResumptionSecret(long first, long second, long third, long fourth) {

    public static final int BYTES = 32;

    public static final ResumptionSecret NONE = new ResumptionSecret(0, 0, 0, 0);

    /** A fresh secret; never {@link #NONE}. */
    public static ResumptionSecret random(SecureRandom random) {
        ResumptionSecret secret;
        do {
            secret = new ResumptionSecret(random.nextLong(), random.nextLong(), random.nextLong(), random.nextLong());
        } while (secret.isNone());
        return secret;
    }

    public boolean isNone() {
        return (first | second | third | fourth) == 0;
    }

    /** Whether {@code shown} is this secret, in time that does not depend on where they differ. */
    public boolean matches(ResumptionSecret shown) {
        long difference =
                (first ^ shown.first) | (second ^ shown.second) | (third ^ shown.third) | (fourth ^ shown.fourth);
        return difference == 0 && !isNone();
    }

    /** Never the secret itself: records print their fields, and this one must not reach a log. */
    @Override
    public String toString() {
        return isNone() ? "ResumptionSecret[none]" : "ResumptionSecret[…]";
    }
}
