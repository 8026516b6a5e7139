package org.udpchat.server;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.udpchat.codec.RoomNames;
import org.udpchat.server.cluster.ClusterDirectory;

/**
 * The relay's copy of the members the other nodes of its cluster have, by name key, kept from the changes to
 * the cluster's directory as they are posted to the relay: what {@code /who} and {@code /rooms} add to this
 * node's own members. Empty on a single server. Owned by the relay thread.
 */
final class RemoteMembers {

    /** This node, whose own listings are its {@link Rooms}' and not kept here; null on a single server. */
    private UUID localNode;

    private final Map<String, ClusterDirectory.Listing> byKey = new LinkedHashMap<>();

    /** A change to the directory, as the relay hears it. */
    void apply(ClusterDirectory.Change change) {
        if (change instanceof ClusterDirectory.Change.Listed listed) {
            if (listed.listing().node().equals(localNode)) {
                byKey.remove(listed.key()); // one of ours: come back here, or listed again
            } else {
                byKey.put(listed.key(), listed.listing());
            }
        } else if (change instanceof ClusterDirectory.Change.Unlisted unlisted) {
            ClusterDirectory.Listing kept = byKey.get(unlisted.key());
            if (kept != null && (unlisted.node() == null || kept.node().equals(unlisted.node()))) {
                byKey.remove(unlisted.key());
            }
        }
    }

    /** The whole directory at once, as node {@code local} starts following it. */
    void startFrom(UUID local, Map<String, ClusterDirectory.Listing> directory) {
        this.localNode = local;
        directory.forEach((key, listing) -> apply(new ClusterDirectory.Change.Listed(key, listing)));
    }

    /** The names of the other nodes' members in the room with key {@code roomKey}, in the order they were listed. */
    List<String> namesIn(String roomKey) {
        List<String> names = new ArrayList<>();
        for (ClusterDirectory.Listing listing : byKey.values()) {
            if (RoomNames.key(listing.room()).equals(roomKey)) {
                names.add(listing.name());
            }
        }
        return names;
    }

    /** How many of the other nodes' members each room has, by room key, with the room's name as listed. */
    Map<String, RoomCount> rooms() {
        Map<String, RoomCount> rooms = new LinkedHashMap<>();
        for (ClusterDirectory.Listing listing : byKey.values()) {
            rooms.merge(
                    RoomNames.key(listing.room()),
                    new RoomCount(listing.room(), 1),
                    (seen, more) -> new RoomCount(seen.name(), seen.members() + 1));
        }
        return rooms;
    }

    /** A room's name and how many members it has. */
    record RoomCount(String name, int members) {}

    /** The other node's member with name key {@code key}, as last listed; null when no other node has it. */
    ClusterDirectory.Listing named(String key) {
        return byKey.get(key);
    }

    int size() {
        return byKey.size();
    }
}
