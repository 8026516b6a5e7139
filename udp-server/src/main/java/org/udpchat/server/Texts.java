package org.udpchat.server;

import java.text.Format;
import java.text.MessageFormat;
import java.util.Locale;
import java.util.ResourceBundle;

/**
 * The server's wording, in Chinese or English, from {@code texts_zh.properties} and
 * {@code texts_en.properties} beside this class.
 */
public final class Texts {

    private final ResourceBundle bundle;
    private final Locale language;

    private Texts(ResourceBundle bundle, Locale language) {
        this.bundle = bundle;
        this.language = language;
    }

    /** The texts for {@code language}; anything but Chinese gets English. */
    public static Texts of(Locale language) {
        Locale chosen = language.getLanguage().equals(Locale.CHINESE.getLanguage()) ? Locale.CHINESE : Locale.ENGLISH;
        ResourceBundle bundle = ResourceBundle.getBundle(
                "org.udpchat.server.texts",
                chosen,
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
        return new Texts(bundle, chosen);
    }

    public Locale language() {
        return language;
    }

    /**
     * The text under {@code key}, formatted by {@link MessageFormat} (so a quote is written {@code ''}).
     * Numbers are shown as plain digits: a byte count of 1016 must not read "1,016". A number the pattern
     * gives a format of its own, a count's {@code {0,choice,1#1 member|1<{0,number,'#'} members}}, goes to
     * that format as a number, which picks the singular or the plural.
     */
    public String get(String key, Object... arguments) {
        MessageFormat format = new MessageFormat(bundle.getString(key), language);
        Format[] formats = format.getFormatsByArgumentIndex();
        Object[] shown = new Object[arguments.length];
        for (int i = 0; i < arguments.length; i++) {
            boolean formatted = i < formats.length && formats[i] != null;
            shown[i] = arguments[i] instanceof Number && !formatted ? arguments[i].toString() : arguments[i];
        }
        return format.format(shown);
    }
}
