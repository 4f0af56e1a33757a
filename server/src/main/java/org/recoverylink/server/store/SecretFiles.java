package org.recoverylink.server.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** A secret kept in the data directory: written once, readable by its owner only. */
public final class SecretFiles {

  private SecretFiles() {
  }

  /**
   * Writes {@code content} to {@code file} unless it exists, so that two servers starting at
   * once on one data directory keep the same secret and neither reads half of it: each writes
   * a temporary file of its own, then links it in as {@code file}, which fails for all but the
   * first (a rename would check and replace in two steps).
   */
  public static void writeOnce(Path file, String content) throws IOException {
    Path partial;
    try {
      partial = Files.createTempFile(file.toAbsolutePath().getParent(), file.getFileName()
          + ".", ".new", PosixFilePermissions.asFileAttribute(
          PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException e) {
      partial = Files.createTempFile(file.toAbsolutePath().getParent(), file.getFileName()
          + ".", ".new");
    }
    try {
      Files.writeString(partial, content, StandardCharsets.UTF_8);
      try {
        Files.createLink(file, partial);
      } catch (FileAlreadyExistsException e) {
        // another process's secret came first: it is the one
      } catch (UnsupportedOperationException | FileSystemException e) {
        // no hard links on this file system (Linux answers EPERM, not "unsupported")
        try {
          Files.move(partial, file);
        } catch (FileAlreadyExistsException taken) {
          // likewise
        }
      }
    } finally {
      Files.deleteIfExists(partial);
    }
  }
}
