package org.recoverylink.server.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.io.TempDir;

/** Secrets written once, as servers starting together on one data directory write them. */
class SecretFilesTest {

  private static final int WRITERS = 16;

  @RepeatedTest(20)
  void writersAtOnceAllKeepTheFirstSecretWholeAndLeaveNothingBehind(@TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("secret");
    CyclicBarrier together = new CyclicBarrier(WRITERS);
    ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
    try {
      List<Future<String>> read = new ArrayList<>();
      for (int i = 0; i < WRITERS; i++) {
        String mine = "secret of writer " + i + " ".repeat(4096); // long enough to be torn
        read.add(pool.submit(() -> {
          together.await();
          SecretFiles.writeOnce(file, mine);
          return Files.readString(file);
        }));
      }
      List<String> seen = new ArrayList<>();
      for (Future<String> each : read) {
        seen.add(each.get());
      }
      String kept = Files.readString(file);
      assertTrue(kept.matches("secret of writer \\d+ {4096}"), "whole: " + kept.length());
      assertEquals(List.of(kept), seen.stream().distinct().toList(),
          "every writer reads the one secret kept");
    } finally {
      pool.shutdownNow();
    }
    try (Stream<Path> left = Files.list(dir)) {
      assertEquals(List.of(file), left.toList(), "no temporary file left");
    }
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
  }
}
