package org.udpchat.codec;

import java.util.Locale;

/**
 * The line a kicked member receives just before {@code EXIT}. Classic text has no kick packet, so this
 * one line has a fixed form that the project's client recognises in either language, to tell a kick
 * (exit status 3) from the room closing (status 0). It is spoken by {@link Names#ADMINISTRATOR}, whose
 * lines no member can forge: a chat line starts with its speaker's name, and nobody can take that one.
 */
public final class KickNotice {

    private static final String ZH = "您已被移出聊天室";
    private static final String EN = "you have been removed from the room";

    private KickNotice() {}

    /**
     * What the administrator says to the kicked member, in the server's language; {@code reason} may be
     * empty. The caller checks it with {@link ChatText#check} and sends it as
     * {@code Line.chat(Names.ADMINISTRATOR, text)}.
     */
    public static String text(Locale language, String reason) {
        boolean chinese = language.getLanguage().equals(Locale.CHINESE.getLanguage());
        String notice = chinese ? ZH : EN;
        return reason.isEmpty() ? notice : notice + (chinese ? "：" : ": ") + reason;
    }

    /** Whether {@code line} is a kick notice, in either language. */
    public static boolean matches(ServerPacket.Line line) {
        String admin = Names.ADMINISTRATOR + ServerPacket.Line.CHAT_SEPARATOR;
        return line.text().startsWith(admin + ZH) || line.text().startsWith(admin + EN);
    }
}
