package org.ttsaudit.cli.report;

import static org.junit.jupiter.api.Assertions.fail;

import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;

/**
 * Screenshots of a local HTML file with Debian's {@code chromium} in headless mode. Outside CI a
 * machine without it skips the test that needs it; under CI (env {@code CI}, set by .ci/run, which
 * installs chromium) a missing browser is a failure.
 */
final class HeadlessChromium {
    private static final List<String> NAMES = List.of("chromium", "chromium-browser");
    private static final long TIMEOUT_SECONDS = 90;

    private final Path binary;

    private HeadlessChromium(Path binary) {
        this.binary = binary;
    }

    static HeadlessChromium requireOrSkip() {
        Optional<Path> found = find();
        if (found.isEmpty()) {
            String ci = System.getenv("CI");
            if (ci != null && !ci.isBlank() && !ci.equals("false") && !ci.equals("0")) {
                fail("chromium is not on PATH, but CI=" + ci + " requires the screenshot check (.ci/run installs it)");
            }
            Assumptions.abort("chromium is not installed: screenshot check skipped (apt-get install chromium; "
                    + "with CI set it is required)");
        }
        return new HeadlessChromium(found.get());
    }

    private static Optional<Path> find() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            for (String name : NAMES) {
                Path candidate = Path.of(dir, name);
                if (Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The page as a {@code width} x {@code height} image at one device pixel per CSS pixel, so
     * SVG coordinates map to pixels one to one. Its own profile directory keeps it independent of
     * any browser profile on the machine.
     */
    BufferedImage screenshot(Path html, int width, int height, Path workDir) throws IOException, InterruptedException {
        Files.createDirectories(workDir);
        Path png = workDir.resolve(html.getFileName().toString().replace(".html", ".png"));
        Files.deleteIfExists(png);
        Path log = workDir.resolve("chromium.log");
        Process process = new ProcessBuilder(binary.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-dev-shm-usage", "--no-first-run", "--no-default-browser-check", "--hide-scrollbars",
                "--force-device-scale-factor=1", "--user-data-dir=" + workDir.resolve("chromium-profile").toAbsolutePath(),
                "--window-size=" + width + "," + height, "--screenshot=" + png.toAbsolutePath(),
                html.toAbsolutePath().toUri().toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("chromium took more than " + TIMEOUT_SECONDS + " s; see " + log);
        }
        if (!Files.exists(png)) {
            fail("chromium wrote no screenshot (exit " + process.exitValue() + "): " + Files.readString(log));
        }
        return ImageIO.read(png.toFile());
    }
}
