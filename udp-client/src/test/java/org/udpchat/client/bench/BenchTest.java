package org.udpchat.client.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the load program starts the servers it measures. */
class BenchTest {

    @TempDir
    Path directory;

    @Test
    void liftsEveryPerAddressLimitOfAServerOfProtocolTwo() {
        List<String> command = Bench.serverCommand(Path.of("server.jar"), List.of(), 50);

        assertEquals("0", command.get(command.indexOf("--max-per-ip") + 1));
        assertEquals("0", command.get(command.indexOf("--max-handshakes-per-ip") + 1));
        assertEquals("0", command.get(command.indexOf("--max-handshakes") + 1));
        assertEquals("0", command.get(command.indexOf("--flood-rate") + 1));
    }

    @Test
    void givesAnOlderServerNoOptionItWouldRefuse() {
        List<String> command = Bench.serverCommand(Path.of("server.jar"), List.of(), 50, false);

        assertFalse(command.contains("--max-handshakes-per-ip"));
        assertFalse(command.contains("--max-handshakes"));
        assertEquals("0", command.get(command.indexOf("--max-per-ip") + 1));
    }

    @Test
    void tellsAServerOfProtocolTwoByItsHelp() throws Exception {
        assertTrue(Bench.speaksProtocolTwo(jarOf(HelpOfProtocolTwo.class)));
        assertFalse(Bench.speaksProtocolTwo(jarOf(HelpOfProtocolOne.class)));
    }

    /** What udp-server's help says once it speaks protocol 2, in short. */
    public static final class HelpOfProtocolTwo {
        public static void main(String[] args) {
            System.out.println("  --max-per-ip N\n  --max-handshakes-per-ip N  handshakes a second from one address");
        }
    }

    /** What an older udp-server's help says, in short. */
    public static final class HelpOfProtocolOne {
        public static void main(String[] args) {
            System.out.println("  --max-per-ip N  members from one address");
        }
    }

    /** A jar whose main class is {@code main}, copied from the test classes. */
    private Path jarOf(Class<?> main) throws IOException {
        Path jar = directory.resolve(main.getSimpleName() + ".jar");
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, main.getName());
        String entry = main.getName().replace('.', '/') + ".class";
        try (OutputStream file = Files.newOutputStream(jar);
                JarOutputStream out = new JarOutputStream(file, manifest);
                InputStream bytes = main.getClassLoader().getResourceAsStream(entry)) {
            out.putNextEntry(new JarEntry(entry));
            bytes.transferTo(out);
            out.closeEntry();
        }
        return jar;
    }
}
