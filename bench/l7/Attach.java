/**
 * Loads a JVMTI agent into a running JVM (java Attach.java PID LIBRARY OPTIONS): how profile.sh
 * starts and stops async-profiler around the measured window only, after the warm-up.
 */
public class Attach {
  public static void main(String[] args) throws Exception {
    var vm = com.sun.tools.attach.VirtualMachine.attach(args[0]);
    try {
      vm.loadAgentPath(args[1], args[2]);
    } finally {
      vm.detach();
    }
  }
}
