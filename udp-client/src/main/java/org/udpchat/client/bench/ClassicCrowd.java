package org.udpchat.client.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Classic members, {@code c<i>}, that join ({@code L c<i>}, resent after
 * {@link NativeCrowd#HANDSHAKE_RETRY_MILLIS} until {@code OK}) and then only listen, as a classic client
 * that says nothing: classic text has no acknowledgements and no pings. They read the relay's English
 * notices ({@code --lang en}): "{@code c7 joined the room}" tells of one arrival, "{@code 12 people joined
 * the room: …}" of twelve. One channel per member, all in one selector.
 */
final class ClassicCrowd extends ChannelCrowd {

    private static final Pattern ONE_JOINED = Pattern.compile("^\\S+ joined the room$");
    private static final Pattern MANY_JOINED = Pattern.compile("^(\\d+) people joined the room: ");
    private static final Pattern DEPARTED =
            Pattern.compile("^(\\S+ (left the room|went silent and left the room|could not keep up and was dropped"
                    + "|was removed by the administrator)|\\d+ people left the room: .*)$");

    private final ByteBuffer in = ByteBuffer.allocateDirect(2048);

    private final boolean[] joined;
    private final long[] loginSentMillis;

    private int nextToStart;
    private int handshaking;
    private long lastRetryMillis;

    ClassicCrowd(InetSocketAddress relay, int members, int handshakeWindow) throws IOException {
        super(relay, members, handshakeWindow);
        joined = new boolean[members];
        loginSentMillis = new long[members];
    }

    @Override
    public void run(long deadlineNanos) throws IOException {
        while (true) {
            long nowMillis = System.nanoTime() / 1_000_000;
            while (joining && handshaking < handshakeWindow && nextToStart < members) {
                handshaking++;
                login(nextToStart++, nowMillis);
            }
            long now = System.nanoTime();
            if (now >= deadlineNanos) {
                return;
            }
            if (selector.select(Math.max(1, Math.min(100, (deadlineNanos - now) / 1_000_000 + 1))) > 0) {
                for (SelectionKey key : selector.selectedKeys()) {
                    receive((Integer) key.attachment());
                }
                selector.selectedKeys().clear();
            }
            nowMillis = System.nanoTime() / 1_000_000;
            if (nowMillis - lastRetryMillis >= 100) {
                lastRetryMillis = nowMillis;
                for (int member = 0; member < nextToStart; member++) {
                    if (!joined[member] && nowMillis - loginSentMillis[member] >= NativeCrowd.HANDSHAKE_RETRY_MILLIS) {
                        login(member, nowMillis);
                    }
                }
            }
        }
    }

    private void login(int member, long nowMillis) throws IOException {
        loginSentMillis[member] = nowMillis;
        channels[member].write(ByteBuffer.wrap(("L c" + member).getBytes(StandardCharsets.UTF_8)));
        sent++;
    }

    private void receive(int member) throws IOException {
        while (true) {
            in.clear();
            if (channels[member].receive(in) == null) {
                return;
            }
            in.flip();
            received++;
            String text = StandardCharsets.UTF_8.decode(in).toString().strip();
            if (!joined[member]) {
                if (text.equals("OK")) {
                    joined[member] = true;
                    place[member] = welcomed++;
                    handshaking--;
                    lastWelcomeNanos = System.nanoTime();
                } else if (!text.isEmpty()) {
                    failed++; // a refusal: the storm's limits were set too low
                    joined[member] = true;
                    handshaking--;
                }
                continue;
            }
            long heard = joinsIn(text);
            if (heard > 0 || DEPARTED.matcher(text).matches()) {
                joinsHeard[member] += heard;
                noticeDatagrams++;
                lastNoticeNanos = System.nanoTime();
            }
        }
    }

    /** How many arrivals a line from the relay tells of: 1, the count of a coalesced notice, or 0. */
    static long joinsIn(String line) {
        if (ONE_JOINED.matcher(line).matches()) {
            return 1;
        }
        Matcher many = MANY_JOINED.matcher(line);
        return many.find() ? Long.parseLong(many.group(1)) : 0;
    }
}
