package org.udpchat.client;

import org.udpchat.codec.Limits;
import org.udpchat.codec.Names;

/** The room-name rules in words, for messages that must not depend on the chosen language (usage errors). */
final class RoomRules {

    private RoomRules() {}

    static String describe(Names.Problem problem) {
        switch (problem) {
            case EMPTY:
                return "it is empty";
            case TOO_LONG:
                return "it has more than " + Limits.MAX_NAME_CODE_POINTS + " characters";
            case WHITESPACE:
                return "it has whitespace";
            case INVISIBLE_OR_CONTROL:
            default:
                return "it has control or invisible characters";
        }
    }
}
