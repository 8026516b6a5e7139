package org.udpchat.server;

import java.net.InetAddress;

/**
 * Which native handshakes the server does: each address group within its own rate ({@link HandshakeRate}),
 * and all of them together within {@link #PER_SECOND}, with a {@link #RESERVE} of that global budget that
 * only a {@linkplain HandshakeRate.Standing#QUIET quiet} group (no handshake for
 * {@value HandshakeRate#QUIET_AFTER_MILLIS} ms) may use. The key agreement is the one expensive thing a
 * stranger can make the relay thread do, so the global rate is what bounds the work, however many addresses
 * ask: flooders at a thousand addresses, each within its own rate, get {@link #PER_SECOND} handshakes between
 * them, not a thousand times their own rate.
 *
 * <p>The reserve is what keeps a newcomer from being starved by them. A group that shook hands lately may
 * take only while more than {@link #RESERVE} handshakes are left, so however hard such groups flood, the
 * last {@link #RESERVE} are there for quiet groups, and while fewer are left everything the budget refills
 * goes to quiet groups alone. A flooding group is quiet at most once every
 * {@value HandshakeRate#QUIET_AFTER_MILLIS} ms. So for a newcomer's INIT to find nothing left, quiet groups
 * must have taken, since its previous INIT {@code T} earlier, either the whole reserve (if the budget was
 * above it meanwhile) or all that refilled ({@code PER_SECOND × T}, if not): at least
 * {@code min(RESERVE, PER_SECOND × T)}, which is {@code PER_SECOND × T} for any {@code T} up to 500 ms. Over
 * {@code X} seconds of INITs turned away, that is {@code PER_SECOND × X} quiet groups, each a different one
 * while {@code X} is under {@value HandshakeRate#QUIET_AFTER_MILLIS} ms:
 *
 * <blockquote><b>a newcomer from a quiet address group that sends its INIT every 500 ms (as the project's
 * client does) or more often is taken within {@code X} of its first INIT, for any {@code X} under 10 s,
 * while fewer than {@code 500 × X} other address groups shake hands</b> (flooders and other newcomers alike):
 * within 2 s while fewer than 1,000 groups flood, within 5 s while fewer than 2,500 do.</blockquote>
 *
 * {@link PendingHandshakes} keeps the handshake, once done, until its login comes (see there: while fewer
 * than {@value PendingHandshakes#MAX_PENDING} groups hold handshakes, a full table gives up the heaviest
 * group's oldest, never a newcomer's only one). Beyond those bounds, or beyond
 * {@link HandshakeRate#TRACKED_ADDRESSES} groups (a forgotten group is quiet again), a newcomer competes on
 * equal terms with the flood. A newcomer behind the same IPv4 address or IPv6 /64 as a flooder is that
 * flooder, as far as the server can tell. Owned by the relay thread.
 */
final class HandshakeBudget {

    /**
     * Handshakes a second for all addresses together. The server's answer to an INIT (three X25519
     * operations and the rest of Noise NX) took 0.52–0.65 ms measured on the development machine
     * ({@code Bench --seal-cost --rounds 3}, 2 cores, another build running): 500 a second is 0.26–0.33 of
     * a core, so a flood of valid-cookie INITs from any number of addresses leaves the relay thread about
     * two thirds of its core for the room. Honest crowds meet it too: the load program's storm of 3,000
     * native joins ({@code Bench --storm 3000}) came at 270 and 510 a second in two runs on that machine, so
     * the fastest storms are slowed a little.
     */
    static final int PER_SECOND = 500;

    /** Handshakes that may be done at once after a quiet spell: a second's worth, as each group's bucket. */
    static final int BURST = PER_SECOND;

    /** This server's handshakes a second for all addresses ({@code --max-handshakes}); 0 for no limit. */
    private final int perSecond;

    private final int burst;
    private final int reserve;

    /**
     * The last handshakes of the budget, kept for quiet groups: half a second's worth, which is what the
     * budget refills between two INITs of a client (500 ms apart), so each INIT of a newcomer that is turned
     * away costs flooders that many quiet groups, as the class comment counts.
     */
    static final int RESERVE = PER_SECOND / 2;

    /** The outcome of asking for a handshake. */
    enum Verdict {
        TAKEN,
        /** Over its address group's own rate. */
        ADDRESS_SPENT,
        /** Over the server's rate: for a recent group, only the reserve was left; for a quiet one, nothing. */
        SERVER_SPENT
    }

    private final HandshakeRate rate;

    /** Handshakes left, in thousandths, so that the refill is exact at any rate. */
    private long milliTokens;

    private long lastMillis;
    private boolean started;

    /**
     * A budget of {@value #PER_SECOND} handshakes a second for the server.
     *
     * @param perAddressPerSecond each address group's handshakes per second; 0 for no limit of its own
     */
    HandshakeBudget(int perAddressPerSecond) {
        this(perAddressPerSecond, PER_SECOND);
    }

    /**
     * @param perSecond the server's handshakes per second, a second's worth at once, half a second's kept for
     *     quiet groups; 0 for no limit (benchmarks that join thousands at once lift it)
     */
    HandshakeBudget(int perAddressPerSecond, int perSecond) {
        this.rate = new HandshakeRate(perAddressPerSecond);
        this.perSecond = perSecond;
        this.burst = perSecond;
        this.reserve = perSecond / 2;
        this.milliTokens = burst * 1000L;
    }

    /**
     * Whether {@code address} would be refused a handshake at {@code nowMillis}, without taking anything or
     * remembering the address: cheap enough to come before the cookie's HMAC. Only handshakes with valid
     * cookies are taken, so nobody can spend another's by forging its address.
     */
    Verdict check(InetAddress address, long nowMillis) {
        HandshakeRate.Standing standing = rate.standing(address, nowMillis);
        if (standing == HandshakeRate.Standing.SPENT) {
            return Verdict.ADDRESS_SPENT;
        }
        if (perSecond == 0) {
            return Verdict.TAKEN;
        }
        return left(nowMillis) > floor(standing) ? Verdict.TAKEN : Verdict.SERVER_SPENT;
    }

    /** Takes one handshake for {@code address} at {@code nowMillis} if its group and the server have one. */
    Verdict tryTake(InetAddress address, long nowMillis) {
        Verdict verdict = check(address, nowMillis);
        if (verdict == Verdict.TAKEN) {
            rate.take(address, nowMillis);
            if (perSecond != 0) {
                milliTokens -= 1000;
            }
        }
        return verdict;
    }

    /** Handshakes left at {@code nowMillis}, whole ones; refills first. */
    int left(long nowMillis) {
        if (!started) {
            started = true;
            lastMillis = nowMillis;
        }
        long elapsed = Math.max(0, nowMillis - lastMillis);
        lastMillis = Math.max(lastMillis, nowMillis);
        milliTokens = Math.min(burst * 1000L, milliTokens + elapsed * perSecond);
        return (int) (milliTokens / 1000);
    }

    int trackedAddresses() {
        return rate.trackedAddresses();
    }

    /** What a group standing so must leave: the reserve, unless it is quiet. */
    private int floor(HandshakeRate.Standing standing) {
        return standing == HandshakeRate.Standing.QUIET ? 0 : reserve;
    }
}
