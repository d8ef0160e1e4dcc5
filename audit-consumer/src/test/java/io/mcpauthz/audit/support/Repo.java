package io.mcpauthz.audit.support;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the repository and its tools are: surefire passes the root; the launcher fills .tools/. */
public final class Repo {

  private Repo() {
  }

  public static Path root() {
    String root = System.getProperty("mcp-authz.root");
    return root != null && !root.isBlank() ? Path.of(root) : Path.of("..").toAbsolutePath().normalize();
  }

  /** {@code .tools/<name>} (or {@code -Dmcp-authz.tools=<dir>}); fails clearly when it is missing. */
  public static Path tool(String name) {
    String tools = System.getProperty("mcp-authz.tools");
    Path path = (tools != null && !tools.isBlank() ? Path.of(tools) : root().resolve(".tools")).resolve(name);
    if (!Files.exists(path)) {
      throw new IllegalStateException(path + " is missing: ./mcp-authz test installs it (ensure_siem_schemas "
          + "in deploy/local/lib.sh), or pass -Dmcp-authz.tools=<dir holding siem/>");
    }
    return path;
  }
}
