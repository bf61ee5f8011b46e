package org.ttsaudit.inference.onnx;

import java.util.Locale;

/** Where a model runs. {@link #AUTO} is only a preference: it resolves to CUDA or CPU. */
public enum Device {
    AUTO,
    CUDA,
    CPU;

    public static Device parse(String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "inference.device must be one of auto, cuda, cpu; got '" + value + "'");
        }
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
