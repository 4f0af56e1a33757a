package org.recoverylink.benchmarks.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * How much CPU processes other than this one and its children (the hub, the token commands)
 * used while a measurement ran: the machine's busy time from {@code /proc/stat} less ours from
 * {@code /proc/[pid]/stat}. On a machine shared with builds, a row measured while others used
 * a good part of a core says so itself. Linux only; elsewhere it reports nothing.
 */
final class OtherCpu {

  /** USER_HZ: the unit of /proc times, 100 on every Linux this runs on. */
  private static final double TICKS_PER_SECOND = 100;

  private final long startBusy;
  private final long startOurs;
  private final long startNanos = System.nanoTime();

  private OtherCpu() {
    startBusy = busy();
    startOurs = ours();
  }

  static OtherCpu start() {
    return new OtherCpu();
  }

  /** Others' CPU since the start, in percent of one processor, e.g. "3%"; "-" when unknown. */
  String stop() {
    long busy = busy();
    long ours = ours();
    if (busy < 0 || ours < 0 || startBusy < 0 || startOurs < 0) {
      return "-";
    }
    double seconds = (System.nanoTime() - startNanos) / 1e9;
    double others = Math.max(0, (busy - startBusy) - (ours - startOurs)) / TICKS_PER_SECOND;
    return String.format(Locale.ROOT, "%.0f%%", 100 * others / seconds);
  }

  /** Ticks every processor spent busy (user, nice, system, irq, softirq), or -1. */
  private static long busy() {
    try (Stream<String> lines = Files.lines(Path.of("/proc/stat"))) {
      String cpu = lines.filter(l -> l.startsWith("cpu ")).findFirst().orElse(null);
      if (cpu == null) {
        return -1;
      }
      String[] f = cpu.trim().split("\\s+");
      return Long.parseLong(f[1]) + Long.parseLong(f[2]) + Long.parseLong(f[3])
          + Long.parseLong(f[6]) + Long.parseLong(f[7]);
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /** Ticks this process and its living descendants used (user and system), or -1. */
  private static long ours() {
    long sum = ticks(ProcessHandle.current().pid());
    if (sum < 0) {
      return -1;
    }
    for (ProcessHandle child : ProcessHandle.current().descendants().toList()) {
      sum += Math.max(0, ticks(child.pid()));
    }
    return sum;
  }

  private static long ticks(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }
}
