package org.ttsaudit.pipeline.audit;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The built-in kinds of personal data; the label is the key in {@code mask_counts} and in {@code masking.kinds}. */
public enum MaskKind {
    MOBILE, FIXED_LINE, RESIDENT_ID, BANK_CARD, EMAIL, IPV4, IPV6, PASSPORT;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static MaskKind of(String label) {
        for (MaskKind k : values()) {
            if (k.label().equals(label.strip())) {
                return k;
            }
        }
        throw new IllegalArgumentException("masking.kinds: unknown kind '" + label.strip() + "'; the kinds are "
                + Arrays.stream(values()).map(MaskKind::label).collect(Collectors.joining(", ")));
    }
}
