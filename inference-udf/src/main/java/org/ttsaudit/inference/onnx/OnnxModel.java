package org.ttsaudit.inference.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.Map;
import org.ttsaudit.inference.io.Locations;

/**
 * One ONNX Runtime session and the card that describes it. Thread-safe for {@link #run} (ORT
 * sessions are); {@link #close()} releases the native session.
 */
public final class OnnxModel implements AutoCloseable {
    private final ModelCard card;
    private final OrtSession session;
    private final Device device;

    private OnnxModel(ModelCard card, OrtSession session, Device device) {
        this.card = card;
        this.session = session;
        this.device = device;
    }

    /**
     * Loads a model from its card. {@code cardLocation} is {@code classpath:/models/x.json} or a
     * file path/URI; the model file named in the card is resolved next to it. A location ending in
     * {@code .onnx} is a Piper voice: its card is read from the {@code .onnx.json} beside it.
     */
    public static OnnxModel load(String cardLocation, Device preference, int intraOpThreads)
            throws IOException, OrtException {
        ModelCard card = card(cardLocation);
        byte[] bytes;
        try (InputStream in = Locations.open(sibling(cardLocation, card.file()))) {
            bytes = in.readAllBytes();
        }
        Device device = DeviceSelector.resolve(preference);
        try (OrtSession.SessionOptions options = DeviceSelector.sessionOptions(device, intraOpThreads)) {
            OrtSession session = OrtEnvironment.getEnvironment().createSession(bytes, options);
            return new OnnxModel(card, session, device);
        }
    }

    /** Reads a card without creating a session (for validation against its vocabulary). */
    public static ModelCard readCard(String cardLocation) {
        try {
            return card(cardLocation);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read model card " + cardLocation, e);
        }
    }

    public OrtSession.Result run(Map<String, OnnxTensor> inputs) throws OrtException {
        return session.run(inputs);
    }

    public ModelCard card() {
        return card;
    }

    public Device device() {
        return device;
    }

    public static OrtEnvironment environment() {
        return OrtEnvironment.getEnvironment();
    }

    @Override
    public void close() throws OrtException {
        session.close();
    }

    private static ModelCard card(String location) throws IOException {
        if (location.endsWith(".onnx")) {
            try (InputStream in = Locations.open(location + PiperConfig.SUFFIX)) {
                return PiperConfig.read(in, location.substring(location.lastIndexOf('/') + 1));
            }
        }
        try (InputStream in = Locations.open(location)) {
            return ModelCard.read(in);
        }
    }

    private static String sibling(String location, String file) {
        int slash = location.lastIndexOf('/');
        return slash < 0 ? file : location.substring(0, slash + 1) + file;
    }

}
