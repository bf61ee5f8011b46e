package org.ttsaudit.pipeline.synthesis;

import java.util.concurrent.ThreadFactory;

/** Daemon threads for the handler's pools: a pool still busy at shutdown must not keep the JVM up. */
final class Threads {
    private Threads() {}

    static ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
