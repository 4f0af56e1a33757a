package org.recoverylink.server.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One server at a time on a data folder's embedded database: a lock on {@code server.lock} in
 * the folder, held while the server runs and let go by the operating system when the process
 * ends, however it ends. A second server on the same folder is told plainly, instead of with the
 * embedded database's own lock message. The file holds the owner's process id, for the message.
 */
public final class DataDirectoryLock implements AutoCloseable {

  /** Another process holds the folder. */
  public static final class InUse extends RuntimeException {

    private static final long serialVersionUID = 1L;

    InUse(String message) {
      super(message);
    }
  }

  private final FileChannel channel;
  private final FileLock lock;

  private DataDirectoryLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Takes the folder (making it if need be).
   *
   * @throws InUse if another process (or this one) has it
   */
  public static DataDirectoryLock take(Path data) throws IOException {
    Files.createDirectories(data);
    Path file = data.resolve("server.lock");
    FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE,
        StandardOpenOption.READ, StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null; // held by this process already
    }
    if (lock == null) {
      String owner = Files.readString(file, StandardCharsets.UTF_8).strip();
      channel.close();
      throw new InUse("the data folder " + data.toAbsolutePath() + " is in use by another"
          + " RecoveryLink server" + (owner.isEmpty() ? "" : " (process " + owner + ")")
          + ": stop it, give this one its own --data, or run both on one shared database with"
          + " --db");
    }
    channel.truncate(0);
    channel.write(java.nio.ByteBuffer.wrap(String.valueOf(ProcessHandle.current().pid())
        .getBytes(StandardCharsets.UTF_8)), 0);
    channel.force(false);
    return new DataDirectoryLock(channel, lock);
  }

  @Override
  public void close() throws IOException {
    try {
      lock.release();
    } finally {
      channel.close();
    }
  }
}
