package org.ttsaudit.inference.onnx;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides once per process whether ONNX Runtime's CUDA provider loads. A failed attempt costs
 * seconds (the provider library is unpacked and probed), so the answer is cached for every
 * operator instance and model in this JVM.
 */
public final class DeviceSelector {
    private static final Logger LOG = LoggerFactory.getLogger(DeviceSelector.class);
    private static volatile Boolean cudaAvailable;
    private static volatile String cudaProblem = "";

    private DeviceSelector() {}

    /** Resolves a preference to the device a session will actually use. */
    public static Device resolve(Device preference) {
        switch (preference) {
            case CPU:
                return Device.CPU;
            case CUDA:
                if (!cudaAvailable()) {
                    throw new IllegalStateException(
                            "inference.device=cuda but the CUDA provider did not load: " + cudaProblem
                                    + ". Use inference.device=auto to fall back to CPU.");
                }
                return Device.CUDA;
            default:
                return cudaAvailable() ? Device.CUDA : Device.CPU;
        }
    }

    public static boolean cudaAvailable() {
        Boolean known = cudaAvailable;
        if (known == null) {
            synchronized (DeviceSelector.class) {
                known = cudaAvailable;
                if (known == null) {
                    known = probeCuda();
                    cudaAvailable = known;
                }
            }
        }
        return known;
    }

    /** Options for a session on the given resolved device. */
    public static OrtSession.SessionOptions sessionOptions(Device device, int intraOpThreads)
            throws OrtException {
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
        if (intraOpThreads > 0) {
            options.setIntraOpNumThreads(intraOpThreads);
        }
        if (device == Device.CUDA) {
            options.addCUDA(0);
        }
        return options;
    }

    private static boolean probeCuda() {
        long start = System.nanoTime();
        // The environment registers ORT's logger; without it every provider fails for that reason alone.
        // At FATAL, ORT does not print its own red error for the expected miss on a machine without CUDA;
        // the outcome is logged below either way.
        OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_FATAL);
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.addCUDA(0);
            LOG.info("ONNX Runtime CUDA provider loaded; inference runs on CUDA");
            return true;
        } catch (OrtException | RuntimeException | LinkageError e) {
            cudaProblem = String.valueOf(e.getMessage()).lines().findFirst().orElse("unknown");
            LOG.info("ONNX Runtime CUDA provider unavailable ({}; probe took {} ms); inference runs on CPU",
                    cudaProblem, (System.nanoTime() - start) / 1_000_000);
            return false;
        }
    }
}
