package org.udpchat.server;

import java.time.Instant;
import java.util.Optional;

/**
 * A ban or a mute as the operator sees it in {@code /bans}: whom it holds (an address or a name), what is
 * left of its term, and when it was imposed (unknown for one kept from a version-1 file). A copy, safe to
 * hand to another thread.
 */
public record Restriction(String subject, Term remaining, Optional<Instant> imposed) {}
