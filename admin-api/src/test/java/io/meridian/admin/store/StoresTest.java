package io.meridian.admin.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The durable stores on a real file system: what a restart, or a crash mid-write, leaves. */
class StoresTest {

  @TempDir Path dir;

  @Test
  void versionsAreNumberedKeptAndReadBackAfterARestart() throws Exception {
    ConfigStore store = new ConfigStore(dir);
    assertTrue(store.current().isEmpty());
    store.append("a", "first", "zones: []\n", 1);
    store.append("b", "second", "zones: [x]\n", 2);
    ConfigStore again = new ConfigStore(dir);
    assertEquals(2, again.current().orElseThrow().number());
    assertEquals("zones: []\n", again.read(1).orElseThrow().document());
    assertEquals(2, again.list(Long.MAX_VALUE, 10).size());
    assertEquals(1, again.list(2, 10).get(0).number());
    assertEquals("\"v2\"", again.current().orElseThrow().etag());
    // a temporary file a crash left behind is no version
    Files.writeString(dir.resolve("versions/.000003.json123.tmp"), "{");
    assertEquals(2, new ConfigStore(dir).current().orElseThrow().number());
  }

  @Test
  void anAuditEntryCutShortByACrashIsSkippedAndTheRestStays() throws Exception {
    AuditLog log = new AuditLog(dir);
    log.append(1, "admin", "admin", "PUT", "/v1/config", "replace config", null, Map.of("version", 2));
    Files.writeString(dir.resolve("audit.jsonl"), "{\"seq\":2,\"atEpoch", StandardOpenOption.APPEND);
    AuditLog again = new AuditLog(dir);
    assertEquals(1, again.list(Long.MAX_VALUE, 10).size());
    again.append(3, "ops", "operator", "PUT", "/v1/overrides/regions/eu", "drain", null, null);
    assertEquals("drain", new AuditLog(dir).list(Long.MAX_VALUE, 10).get(0).action());
  }

  @Test
  void tokensAreKeptAsHashesAndCheckedBySecret() throws Exception {
    TokenStore tokens = new TokenStore(dir);
    TokenStore.Issued issued = tokens.issue("ci", Role.VIEWER, 1);
    TokenStore again = new TokenStore(dir);
    assertEquals("ci", again.authenticate(issued.secret()).orElseThrow().name());
    assertTrue(again.authenticate("mrd_wrong").isEmpty());
    assertFalse(Files.readString(dir.resolve("tokens.json")).contains(issued.secret()));
    assertTrue(again.revoke("ci"));
    assertTrue(new TokenStore(dir).authenticate(issued.secret()).isEmpty());
    assertTrue(Role.ADMIN.allows(Role.OPERATOR) && !Role.VIEWER.allows(Role.OPERATOR));
  }
}
