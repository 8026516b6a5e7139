package org.udpchat.server.console;

import java.net.InetSocketAddress;
import java.util.regex.Pattern;
import org.udpchat.codec.HostPort;

/** The operator console's table rows as tests expect them: every column as {@link AdminConsole} lays it out. */
final class ConsoleRows {

    private ConsoleRows() {}

    /**
     * The {@code /list} row of a member silent for less than a minute, its columns as wide as they come
     * ({@code TableTest} checks the widths); {@code idle} is the word for it in the
     * console's language ({@code idle}, {@code 空闲}).
     */
    static Pattern memberRow(String name, String room, InetSocketAddress address, String protocol, String idle) {
        return Pattern.compile("  " + Pattern.quote(name) + " +" + Pattern.quote(room) + " +"
                + Pattern.quote(HostPort.format(address)) + " +" + Pattern.quote(protocol) + " +" + Pattern.quote(idle)
                + " \\d+s");
    }
}
