package org.ttsaudit.models.audio;

/** A byte array that is not a WAV file this project can read; the message says why. */
public class WavFormatException extends Exception {
    public WavFormatException(String message) {
        super(message);
    }
}
