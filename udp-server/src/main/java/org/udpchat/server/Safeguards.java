package org.udpchat.server;

/**
 * What keeps strangers and members from turning the server against others: who may speak classic text,
 * how fast a member may speak, and how far a member may fall behind. The per-address limits are in
 * {@link RoomLimits}.
 */
public record Safeguards(ClassicAccess classic, FloodControl flood, Backlog backlog) {

    /** The defaults, made to run where strangers can reach the server. */
    public static final Safeguards DEFAULTS =
            new Safeguards(ClassicAccess.LAN, FloodControl.DEFAULTS, Backlog.DEFAULTS);

    public Safeguards {
        if (classic == null || flood == null || backlog == null) {
            throw new NullPointerException("classic, flood and backlog must all be given");
        }
    }

    public Safeguards withClassic(ClassicAccess newClassic) {
        return new Safeguards(newClassic, flood, backlog);
    }

    public Safeguards withFlood(FloodControl newFlood) {
        return new Safeguards(classic, newFlood, backlog);
    }

    public Safeguards withBacklog(Backlog newBacklog) {
        return new Safeguards(classic, flood, newBacklog);
    }
}
