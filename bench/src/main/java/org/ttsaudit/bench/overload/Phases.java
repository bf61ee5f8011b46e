package org.ttsaudit.bench.overload;

/**
 * When each phase of the overload run began and ended (epoch ms, at the producer): normal load
 * before, the overload, normal load after. The drain is whatever follows until every result is in.
 */
record Phases(long before, long overload, long recovery, long end) {
    String of(long t) {
        if (t < overload) {
            return "normal";
        }
        if (t < recovery) {
            return "overload";
        }
        return t < end ? "normal again" : "drain";
    }
}
