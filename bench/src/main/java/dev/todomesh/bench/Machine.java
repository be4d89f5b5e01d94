package dev.todomesh.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Facts about the machine a run happens on, read from /proc where it exists. */
final class Machine {

  private Machine() {}

  /** Returns processor count, memory, CPU model, JVM and OS, as text values by name. */
  static Map<String, String> describe() {
    Map<String, String> facts = new LinkedHashMap<>();
    facts.put("processors", Integer.toString(Runtime.getRuntime().availableProcessors()));
    facts.put("memTotal", procField("/proc/meminfo", "MemTotal"));
    facts.put("cpuModel", procField("/proc/cpuinfo", "model name"));
    facts.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
    facts.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
    facts.put("maxHeap", Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MB");
    return facts;
  }

  /** Returns the 1, 5 and 15 minute load averages as /proc/loadavg shows them, as uptime does. */
  static String loadAverage() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return parts[0] + " " + parts[1] + " " + parts[2];
    } catch (IOException e) {
      return "unknown";
    }
  }

  private static String procField(String file, String name) {
    try {
      List<String> lines = Files.readAllLines(Path.of(file));
      for (String line : lines) {
        int colon = line.indexOf(':');
        if (colon > 0 && line.substring(0, colon).trim().equals(name)) {
          return line.substring(colon + 1).trim();
        }
      }
    } catch (IOException e) {
      // Not Linux: the fact stays unknown.
    }
    return "unknown";
  }
}
