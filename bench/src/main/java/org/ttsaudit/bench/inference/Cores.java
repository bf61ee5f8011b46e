package org.ttsaudit.bench.inference;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * Puts a thread on one CPU (Linux {@code sched_setaffinity}), so that raw ONNX Runtime and the
 * operator's model thread run on the same core when they are compared. On the 2-vCPU AMD EPYC
 * machine this was built on, the same raw batches ran at 45 ms a call on one vCPU and 62 ms on the
 * other (the process pinned with taskset, in turn, four times), while a scalar loop ran alike on
 * both: left to the scheduler, raw ONNX Runtime on the main thread and the operator's model thread
 * can land on vCPUs of different speeds. Pinned alike, the operator's calls were still slower than
 * raw's (the full run in BENCHMARKS.md): the core's speed is one confound, not the whole gap.
 */
final class Cores {
    private interface C extends Library {
        int sched_setaffinity(int pid, long size, long[] mask);
    }

    /** Linux only: elsewhere there is no /proc to find threads in and no sched_setaffinity. */
    static final boolean AVAILABLE = Files.isDirectory(Path.of("/proc/self/task"));
    private static final C LIBC = AVAILABLE ? Native.load("c", C.class) : null;
    private static final int MASK_WORDS = 16; // a cpu_set_t: 1,024 CPUs
    /** Read once, before any pinning: the JVM counts the calling thread's CPUs, one while it is pinned. */
    private static final int COUNT = Runtime.getRuntime().availableProcessors();

    private Cores() {}

    static int count() {
        return COUNT;
    }

    /** Puts thread {@code tid} (0: the calling thread) on {@code cpu} alone, or on every CPU when {@code cpu} is -1. */
    static void pin(int tid, int cpu) {
        long[] mask = new long[MASK_WORDS];
        if (cpu < 0) {
            for (int c = 0; c < count(); c++) {
                mask[c / 64] |= 1L << (c % 64);
            }
        } else {
            mask[cpu / 64] = 1L << (cpu % 64);
        }
        if (LIBC.sched_setaffinity(tid, mask.length * 8L, mask) != 0) {
            throw new IllegalStateException("sched_setaffinity failed for thread " + tid + " (errno " + Native.getLastError() + ")");
        }
    }

    /** {@code work}'s result, run by the calling thread on {@code cpu} alone; then back on every CPU. */
    static <T> T on(int cpu, Callable<T> work) throws Exception {
        pin(0, cpu);
        try {
            return work.call();
        } finally {
            pin(0, -1);
        }
    }

    /**
     * CPU time (s) and involuntary context switches of the threads named {@code prefix} so far
     * (zero where /proc is not there): the difference of two readings is how much CPU a thread had
     * in between, and how often it was taken off its core though it had work. Read at two points
     * rather than sampled: a sampling thread listing /proc every 20 ms took 6 to 10 % of a core
     * beside the operator (and none beside raw ONNX Runtime), with hundreds of wakeups a run.
     */
    static Use use(String prefix) {
        double cpu = 0;
        long switches = 0;
        for (int tid : AVAILABLE ? threads(prefix) : List.<Integer>of()) {
            long[] reading = read(tid);
            if (reading != null) {
                cpu += reading[0] / 100.0;
                switches += reading[1];
            }
        }
        return new Use(cpu, switches);
    }

    /** CPU seconds and involuntary switches (NaN and 0 where /proc is not there). */
    record Use(double cpuSeconds, long involuntarySwitches) {
        static final Use NONE = new Use(Double.NaN, 0);

        Use since(Use earlier) {
            return AVAILABLE ? new Use(cpuSeconds - earlier.cpuSeconds, involuntarySwitches - earlier.involuntarySwitches) : NONE;
        }
    }

    /** utime + stime in clock ticks (100 a second on Linux) and nonvoluntary_ctxt_switches; null once the thread has ended. */
    private static long[] read(int tid) {
        try {
            String stat = Files.readString(Path.of("/proc/self/task/" + tid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
            long switches = Files.readAllLines(Path.of("/proc/self/task/" + tid + "/status")).stream()
                    .filter(l -> l.startsWith("nonvoluntary_ctxt_switches")).mapToLong(l -> Long.parseLong(l.replaceAll("\\D", "")))
                    .findFirst().orElse(0);
            return new long[] {ticks, switches};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The Linux thread ids of this JVM's threads whose name starts with {@code prefix} (as /proc shows it: 15 characters). */
    static List<Integer> threads(String prefix) {
        List<Integer> tids = new ArrayList<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    if (Files.readString(task.resolve("comm")).startsWith(prefix)) {
                        tids.add(Integer.parseInt(task.getFileName().toString()));
                    }
                } catch (IOException e) {
                    // the thread ended meanwhile
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot list this JVM's threads in /proc/self/task", e);
        }
        return tids;
    }
}
