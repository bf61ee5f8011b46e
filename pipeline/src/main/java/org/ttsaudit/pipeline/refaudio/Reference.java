package org.ttsaudit.pipeline.refaudio;

import java.net.URI;
import java.nio.file.Path;

/** A reference clip the policy allows: a file under the root, or an http(s) URL on an allowed host. */
public sealed interface Reference {
    /** A normalized path under {@code refaudio.file-root}; links are resolved by the loader. */
    record Local(Path path) implements Reference {}

    /** An http(s) URL without credentials whose host is allow-listed; addresses are checked at fetch time. */
    record Remote(URI uri) implements Reference {}
}
