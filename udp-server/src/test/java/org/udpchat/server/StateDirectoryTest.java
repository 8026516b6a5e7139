package org.udpchat.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The state directory: where it is, that it is private, and that one server at a time has it. */
class StateDirectoryTest {

    @TempDir
    Path home;

    @Test
    void isUnderXdgStateHomeWhenItIsSet() {
        assertEquals(Path.of("/var/state/udp-chat"), StateDirectory.defaultLocation("/var/state", "/home/ann"));
    }

    @Test
    void isUnderTheHomeDirectoryWhenXdgStateHomeIsUnsetEmptyOrRelative() {
        Path fallback = Path.of("/home/ann/.local/state/udp-chat");
        assertEquals(fallback, StateDirectory.defaultLocation(null, "/home/ann"));
        assertEquals(fallback, StateDirectory.defaultLocation("", "/home/ann"));
        assertEquals(fallback, StateDirectory.defaultLocation("state", "/home/ann"));
    }

    @Test
    void isMadeWithItsParentsForTheOwnerAlone() throws Exception {
        Path path = home.resolve(".local/state/udp-chat");

        try (StateDirectory directory = StateDirectory.open(path)) {
            assertEquals(path, directory.path());
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(path)));
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(path.getParent())));
        }
    }

    @Test
    void aSecondOpenIsRefusedNamingTheDirectoryAndTheHoldersProcess() throws Exception {
        try (StateDirectory first = StateDirectory.open(home)) {
            StateDirectoryException refused =
                    assertThrows(StateDirectoryException.class, () -> StateDirectory.open(home));

            assertEquals(
                    "the state directory " + home + " is in use by another server (process "
                            + ProcessHandle.current().pid()
                            + "): stop that server, or give this one another --state-dir",
                    refused.getMessage());
        }
    }

    @Test
    void aSecondOpenUnderAnotherSpellingOfThePathIsRefusedToo() throws Exception {
        Path link = Files.createSymbolicLink(home.resolve("link"), Files.createDirectory(home.resolve("real")));
        try (StateDirectory first = StateDirectory.open(home.resolve("real"))) {
            assertThrows(StateDirectoryException.class, () -> StateDirectory.open(link));
            assertThrows(StateDirectoryException.class, () -> StateDirectory.open(home.resolve("real/../real")));
        }
    }

    @Test
    void isFreeOnceClosedAndTheLockFileNamesItsLastHolder() throws Exception {
        StateDirectory.open(home).close();

        try (StateDirectory again = StateDirectory.open(home)) {
            assertEquals(home, again.path());
        }
        // read only now: opening the lock file while holding it would drop this process's lock (POSIX)
        assertEquals(ProcessHandle.current().pid() + "\n", Files.readString(home.resolve(StateDirectory.LOCK_FILE)));
    }

    @Test
    void aDirectoryThatCannotBeMadeIsAClearError() throws Exception {
        Path file = Files.writeString(home.resolve("a-file"), "");

        StateDirectoryException refused =
                assertThrows(StateDirectoryException.class, () -> StateDirectory.open(file.resolve("state")));

        assertTrue(
                refused.getMessage().startsWith("cannot make the state directory " + file.resolve("state") + ": "),
                refused.getMessage());
    }
}
