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
}
