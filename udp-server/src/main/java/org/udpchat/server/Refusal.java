package org.udpchat.server;

import org.udpchat.codec.RefusalReason;

/**
 * Why someone may not join, move or take a name, as {@link Admission} decides it: the reason, in the
 * native protocol's own terms, and the limit that stood in the way (the most members, rooms or characters,
 * the minutes a ban has left), or 0; and for {@link RefusalReason#NAME_LOOKS_LIKE}, the present member's
 * name it looks like (empty: the administrator's). Each protocol words it its own way.
 */
record Refusal(RefusalReason reason, long limit, String subject) {

    Refusal {
        if (reason == null) {
            throw new NullPointerException("reason == null");
        }
        if (subject == null) {
            throw new NullPointerException("subject == null");
        }
    }

    /** A refusal about nobody in particular. */
    Refusal(RefusalReason reason, long limit) {
        this(reason, limit, "");
    }
}
