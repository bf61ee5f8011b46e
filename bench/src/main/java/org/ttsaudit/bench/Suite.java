package org.ttsaudit.bench;

import java.util.List;

/** One group of figures, each measured against its baseline in the same run. */
public interface Suite {
    String name();

    /** How the suite measures, in a few sentences for the report. */
    String method();

    List<Figure> run(BenchContext context) throws Exception;
}
