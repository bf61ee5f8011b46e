package org.ttsaudit.inference.io;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Opens a configured location the way every option that names a file reads it: {@code classpath:/x}
 * for what ships in the jar, a {@code file:} URI, or a plain path.
 */
public final class Locations {
    private Locations() {}

    public static InputStream open(String location) throws IOException {
        if (location.startsWith("classpath:")) {
            String resource = location.substring("classpath:".length());
            InputStream in = Locations.class.getResourceAsStream(resource.startsWith("/") ? resource : "/" + resource);
            if (in == null) {
                throw new IOException("no classpath resource " + resource);
            }
            return in;
        }
        Path path = location.startsWith("file:") ? Path.of(URI.create(location)) : Path.of(location);
        return Files.newInputStream(path);
    }
}
