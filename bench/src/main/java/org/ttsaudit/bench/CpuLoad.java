package org.ttsaudit.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * How busy the rest of the machine was while a suite ran: CPU time the whole machine spent
 * (/proc/stat, steal included) minus what this process and its children (the database server)
 * spent. Figures measured while others load the cores are lower than the machine can do; the
 * report says how much that was.
 */
public final class CpuLoad {
    /** Jiffies per second on Linux (USER_HZ). */
    private static final double HZ = 100;

    /** Jiffies: the machine busy, the machine in all, and this process tree. */
    record Snapshot(long machineBusy, long machineTotal, long ours) {}

    private CpuLoad() {}

    static Snapshot take() {
        try {
            String[] cpu = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long idle = Long.parseLong(cpu[4]) + Long.parseLong(cpu[5]);
            long total = 0;
            for (int i = 1; i <= 8 && i < cpu.length; i++) {
                total += Long.parseLong(cpu[i]);
            }
            ProcessHandle self = ProcessHandle.current();
            long ours = jiffies(self.pid(), true);
            List<ProcessHandle> children = new ArrayList<>(self.descendants().toList());
            for (ProcessHandle child : children) {
                ours += jiffies(child.pid(), false);
            }
            return new Snapshot(total - idle, total, ours);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** CPU seconds so far: [0] this JVM (its own threads), [1] its live child processes (the database server). */
    public static double[] processSeconds() {
        ProcessHandle self = ProcessHandle.current();
        long children = self.descendants().mapToLong(child -> jiffies(child.pid(), false)).sum();
        return new double[] {jiffies(self.pid(), false) / HZ, children / HZ};
    }

    /** The share of the machine's CPU others used between two snapshots, or NaN where /proc is unreadable. */
    static double othersShare(Snapshot before, Snapshot after) {
        if (before == null || after == null || after.machineTotal == before.machineTotal) {
            return Double.NaN;
        }
        long others = (after.machineBusy - before.machineBusy) - (after.ours - before.ours);
        return Math.max(0, others) / (double) (after.machineTotal - before.machineTotal);
    }

    /** utime + stime (and, for this process, its reaped children's), from /proc/PID/stat. */
    private static long jiffies(long pid, boolean withReapedChildren) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // f[0] is field 3 (state): utime is field 14, stime 15, cutime 16, cstime 17.
            long t = Long.parseLong(f[11]) + Long.parseLong(f[12]);
            return withReapedChildren ? t + Long.parseLong(f[13]) + Long.parseLong(f[14]) : t;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
