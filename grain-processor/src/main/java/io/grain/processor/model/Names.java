package io.grain.processor.model;

import java.util.Locale;

/** Case conversions shared by the writers. */
public final class Names {
    private Names() {
    }

    /** {@code addScore} to {@code AddScore}. */
    public static String capitalize(final String name) {
        return name.isEmpty() ? name : Character.toUpperCase(name.charAt(0)) + name.substring(1);
    }

    /** {@code AddScore} or {@code addScore} to {@code ADD_SCORE}. */
    public static String constantCase(final String name) {
        return snakeCase(name).toUpperCase(Locale.ROOT);
    }

    /** {@code nowMillis} to {@code now_millis}; {@code HTTPCode} to {@code http_code}. */
    public static String snakeCase(final String name) {
        final StringBuilder out = new StringBuilder(name.length() + 4);
        for (int i = 0; i < name.length(); i++) {
            final char c = name.charAt(i);
            if (Character.isUpperCase(c)) {
                final boolean afterLower = i > 0 && (Character.isLowerCase(name.charAt(i - 1)) || Character.isDigit(name.charAt(i - 1)));
                final boolean beforeLower = i > 0 && i + 1 < name.length() && Character.isLowerCase(name.charAt(i + 1))
                    && Character.isUpperCase(name.charAt(i - 1));
                if ((afterLower || beforeLower) && out.length() > 0 && out.charAt(out.length() - 1) != '_') {
                    out.append('_');
                }
                out.append(Character.toLowerCase(c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
