package org.udpchat.server;

import java.net.InetAddress;

/**
 * The operator's bans (by IP address: every port, every name) and mutes (by name key: a muted
 * member may not take another name, and rejoining under the same one keeps the mute). Owned by the relay thread.
 */
final class Moderation {

    private final Deadlines<InetAddress> bans = new Deadlines<>();
    private final Deadlines<String> mutes = new Deadlines<>();

    Deadlines<InetAddress> bans() {
        return bans;
    }

    Deadlines<String> mutes() {
        return mutes;
    }
}
