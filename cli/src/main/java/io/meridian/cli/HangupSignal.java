package io.meridian.cli;

import java.lang.System.Logger.Level;

/** Runs an action on SIGHUP, the Unix convention for "re-read your configuration". */
final class HangupSignal {

  private static final System.Logger LOG = System.getLogger(HangupSignal.class.getName());

  private HangupSignal() {}

  @SuppressWarnings("restriction") // sun.misc.Signal is the JDK's only signal API (jdk.unsupported)
  static void onHangup(Runnable action) {
    try {
      sun.misc.Signal.handle(new sun.misc.Signal("HUP"), signal -> action.run());
    } catch (IllegalArgumentException e) {
      LOG.log(Level.WARNING, "SIGHUP is not available here; reload by editing the file instead");
    }
  }
}
