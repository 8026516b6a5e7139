package org.udpchat.server.console;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.attribute.UserPrincipal;
import org.junit.jupiter.api.Test;

/** Who a server lets attach, as the attaching side foresees it (the server's own rule: its user and root). */
class SocketPlaceTest {

    private static UserPrincipal user(int uid) throws IOException {
        return FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByName(Integer.toString(uid));
    }

    @Test
    void rootsServerRefusesEveryoneButRoot() throws IOException {
        assertTrue(SocketPlace.wouldBeRefusedBy(user(0), 65534));
        assertFalse(SocketPlace.wouldBeRefusedBy(user(0), 0));
    }

    @Test
    void aServerTakesItsOwnUser() throws IOException {
        assertFalse(SocketPlace.wouldBeRefusedBy(user(65534), 65534));
        assertFalse(SocketPlace.wouldBeRefusedBy(user(1000), 0), "root may attach to anyone's");
    }
}
