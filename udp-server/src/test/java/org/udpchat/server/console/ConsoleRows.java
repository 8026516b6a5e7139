package org.udpchat.server.console;

import java.net.InetSocketAddress;
import java.util.regex.Pattern;
import org.udpchat.codec.HostPort;

/** The operator console's table rows as tests expect them: every column as {@link AdminConsole} lays it out. */
final class ConsoleRows {

    private ConsoleRows() {}

    /**
     * The {@code /list} row of a member silent for less than a minute; {@code idle} is the word for it in the
     * console's language ({@code idle}, {@code 空闲}).
     */
    static Pattern memberRow(String name, String room, InetSocketAddress address, String protocol, String idle) {
        String columns =
                String.format("  %-20s %-20s %-40s %-8s %s ", name, room, HostPort.format(address), protocol, idle);
        return Pattern.compile(Pattern.quote(columns) + "\\d+s");
    }
}
