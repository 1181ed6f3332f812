package io.meridian.cli;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Calls {@code onChange} when any of the watched files changes. Directories are watched, not files,
 * because editors and deploy tools replace files by renaming over them. Bursts of events (an editor
 * writing in several steps) are folded into one call after a short quiet period.
 */
final class FileWatcher implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(FileWatcher.class.getName());
  static final long QUIET_MILLIS = 200;

  private final WatchService service;
  private final Supplier<Set<Path>> files;
  private final Runnable onChange;
  private final ScheduledExecutorService debounce =
      Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "config-reload"));
  private final Set<Path> watchedDirs = ConcurrentHashMap.newKeySet();
  private final Thread thread;
  private ScheduledFuture<?> pending;

  /**
   * @param files the absolute paths to watch, asked again after every change
   */
  FileWatcher(Supplier<Set<Path>> files, Runnable onChange) throws IOException {
    this.service = FileSystems.getDefault().newWatchService();
    this.files = files;
    this.onChange = onChange;
    registerDirectories();
    this.thread = daemon(this::loop, "config-watch");
    thread.start();
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  private void registerDirectories() {
    for (Path file : files.get()) {
      Path dir = file.getParent();
      if (dir != null && watchedDirs.add(dir)) {
        try {
          dir.register(
              service,
              StandardWatchEventKinds.ENTRY_CREATE,
              StandardWatchEventKinds.ENTRY_MODIFY,
              StandardWatchEventKinds.ENTRY_DELETE);
        } catch (IOException e) {
          watchedDirs.remove(dir);
          LOG.log(Level.WARNING, "cannot watch " + dir + " for changes: " + e.getMessage());
        }
      }
    }
  }

  private void loop() {
    try {
      while (true) {
        WatchKey key = service.take();
        Path dir = (Path) key.watchable();
        Set<Path> watched = files.get();
        boolean relevant = false;
        for (WatchEvent<?> event : key.pollEvents()) {
          relevant |=
              event.kind() == StandardWatchEventKinds.OVERFLOW
                  || watched.contains(dir.resolve((Path) event.context()));
        }
        key.reset();
        if (relevant) {
          scheduleChange();
        }
      }
    } catch (InterruptedException | ClosedWatchServiceException e) {
      // closed
    }
  }

  private synchronized void scheduleChange() {
    if (pending != null) {
      pending.cancel(false);
    }
    pending =
        debounce.schedule(
            () -> {
              onChange.run();
              registerDirectories();
            },
            QUIET_MILLIS,
            TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() throws IOException {
    service.close();
    debounce.shutdownNow();
  }
}
