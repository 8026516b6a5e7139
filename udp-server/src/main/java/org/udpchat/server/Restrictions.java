package org.udpchat.server;

import java.util.List;

/** The bans and mutes in force, as {@code /bans} shows them: a copy, safe to hand to another thread. */
public record Restrictions(List<Restriction> bans, List<Restriction> mutes) {

    public Restrictions {
        bans = List.copyOf(bans);
        mutes = List.copyOf(mutes);
    }
}
