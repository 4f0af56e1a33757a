package org.recoverylink.server.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** A secret kept in the data directory: written once, readable by its owner only. */
public final class SecretFiles {

  private SecretFiles() {
  }

  /**
   * Writes {@code content} to {@code file} unless it exists: through a partial file moved into
   * place, so two servers starting at once keep the first one's secret and none reads half.
   */
  public static void writeOnce(Path file, String content) throws IOException {
    Path partial = file.resolveSibling(file.getFileName() + ".new");
    Files.deleteIfExists(partial);
    try {
      Files.createFile(partial, PosixFilePermissions.asFileAttribute(
          PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException e) {
      Files.createFile(partial);
    }
    Files.writeString(partial, content, StandardCharsets.UTF_8);
    try {
      Files.move(partial, file);
    } catch (FileAlreadyExistsException e) {
      Files.deleteIfExists(partial);
    }
  }
}
