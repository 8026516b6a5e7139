package org.udpchat.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.udpchat.server.cluster.ClusterDirectory;
import org.udpchat.server.cluster.ClusterDirectory.Change;

/** The relay's copy of the other nodes' members: which rooms they are in, as the directory's changes move them. */
class RemoteMembersTest {

    private static final UUID HERE = new UUID(0, 1);
    private static final UUID THERE = new UUID(0, 2);

    private final RemoteMembers remote = new RemoteMembers();

    private static Change listed(String name, String room, UUID node) {
        return new Change.Listed(
                name.toLowerCase(), new ClusterDirectory.Listing(name, room, node, "192.0.2.1:1", true));
    }

    @Test
    void aRoomIsElsewhereWhileAnotherNodeHasAMemberInIt() {
        remote.startFrom(HERE, Map.of());
        remote.apply(listed("Bob", "Games", THERE));
        remote.apply(listed("Carol", "games", THERE));

        assertTrue(remote.hasMembersIn("games"));
        assertEquals("games", remote.roomKeyOf("bob"));
        remote.apply(listed("Bob", "lobby", THERE)); // moved
        assertEquals(Set.of("games", "lobby"), remote.roomKeys());
        remote.apply(new Change.Unlisted("carol", THERE));
        assertFalse(remote.hasMembersIn("games"), "its last member left");
        remote.apply(listed("Bob", "lobby", HERE)); // came to this node: ours, not elsewhere
        assertEquals(Set.of(), remote.roomKeys());
        assertNull(remote.roomKeyOf("bob"));
    }

    @Test
    void aReadOfTheWholeDirectoryMendsWhatTheChangesMissed() {
        remote.startFrom(HERE, Map.of());
        remote.apply(listed("Bob", "games", THERE));
        remote.apply(listed("Carol", "lobby", THERE));

        remote.readBegins();
        var directory = Map.of(
                "bob", listing("Bob", "lobby", THERE), // moved: the change never came
                "dan", listing("Dan", "games", THERE), // joined: never came either
                "erin", listing("Erin", "lobby", HERE)); // ours: not kept here
        // carol left: her removal never came
        var mends = remote.missed(directory);
        mends.forEach(remote::apply);

        assertEquals(3, mends.size(), mends.toString());
        assertEquals("lobby", remote.roomKeyOf("bob"));
        assertEquals("games", remote.roomKeyOf("dan"));
        assertNull(remote.roomKeyOf("carol"));
        assertNull(remote.roomKeyOf("erin"));
        assertEquals(2, remote.size());
        assertTrue(remote.missed(directoryOf(remote)).isEmpty(), "no read under way: nothing was told meanwhile");
    }

    @Test
    void whatAChangeToldDuringTheReadIsNotUndoneByTheRead() {
        remote.startFrom(HERE, Map.of());
        remote.apply(listed("Bob", "games", THERE));
        remote.readBegins();
        remote.apply(listed("Bob", "lobby", THERE)); // moved after the read had passed his entry
        remote.apply(listed("Dan", "games", THERE)); // joined after the read had passed his
        remote.apply(new Change.Unlisted("bob", THERE)); // and then left

        var mends = remote.missed(Map.of("bob", listing("Bob", "games", THERE)));

        assertTrue(mends.isEmpty(), mends.toString());
        assertNull(remote.roomKeyOf("bob"));
        assertEquals("games", remote.roomKeyOf("dan"));
    }

    @Test
    void aMemberOfOursThatTheCopyStillPlacesElsewhereIsTakenBack() {
        remote.startFrom(HERE, Map.of());
        remote.apply(listed("Bob", "games", THERE));
        remote.readBegins();

        remote.missed(Map.of("bob", listing("Bob", "games", HERE))).forEach(remote::apply);

        assertNull(remote.roomKeyOf("bob"), "resumed here: ours, not another node's");
        assertFalse(remote.hasMembersIn("games"));
    }

    private static ClusterDirectory.Listing listing(String name, String room, UUID node) {
        return new ClusterDirectory.Listing(name, room, node, "192.0.2.1:1", true);
    }

    private static Map<String, ClusterDirectory.Listing> directoryOf(RemoteMembers remote) {
        var all = new java.util.HashMap<String, ClusterDirectory.Listing>();
        for (String key : new String[] {"bob", "dan"}) {
            all.put(key, remote.named(key));
        }
        return all;
    }
}
