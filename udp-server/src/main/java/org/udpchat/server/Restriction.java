package org.udpchat.server;

import java.time.Duration;
import java.util.Optional;

/**
 * A ban or a mute as the operator sees it in {@code /bans}: whom it holds (an address or a name) and
 * for how much longer, empty when until lifted. A copy, safe to hand to another thread.
 */
public record Restriction(String subject, Optional<Duration> remaining) {}
