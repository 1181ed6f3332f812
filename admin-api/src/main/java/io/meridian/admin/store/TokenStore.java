package io.meridian.admin.store;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Bearer tokens, stored only as SHA-256 hashes in {@code tokens.json}: the secret is shown once,
 * when it is made, and a stolen data directory reveals no usable token. Tokens are random 256-bit
 * values, so an unsalted fast hash is enough (there is nothing to guess).
 */
public final class TokenStore {

  /** A token as stored: its name, role and the hash of its secret. */
  public record Token(String name, Role role, String sha256, long createdAtEpochMillis) {}

  /** A token just made: the only time its secret is known. */
  public record Issued(Token token, String secret) {}

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Path file;
  private final Map<String, Token> byHash = new ConcurrentHashMap<>();

  public TokenStore(Path dataDir) throws IOException {
    this.file = dataDir.resolve("tokens.json");
    if (Files.exists(file)) {
      List<Token> tokens =
          JSON.readValue(Files.readString(file, StandardCharsets.UTF_8), new TypeReference<>() {});
      tokens.forEach(t -> byHash.put(t.sha256(), t));
    }
  }

  public boolean isEmpty() {
    return byHash.isEmpty();
  }

  public Optional<Token> authenticate(String secret) {
    return Optional.ofNullable(byHash.get(sha256(secret)));
  }

  /** Makes a token with a fresh random secret. */
  public synchronized Issued issue(String name, Role role, long nowMillis) throws IOException {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    String secret = "mrd_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    return new Issued(add(name, role, secret, nowMillis), secret);
  }

  /** Stores a token whose secret the operator chose (the first admin token from the environment). */
  public synchronized Token add(String name, Role role, String secret, long nowMillis)
      throws IOException {
    if (list().stream().anyMatch(t -> t.name().equals(name))) {
      throw new IllegalArgumentException("a token named '" + name + "' exists");
    }
    Token token = new Token(name, role, sha256(secret), nowMillis);
    byHash.put(token.sha256(), token);
    save();
    return token;
  }

  public synchronized boolean revoke(String name) throws IOException {
    boolean removed = byHash.values().removeIf(t -> t.name().equals(name));
    if (removed) {
      save();
    }
    return removed;
  }

  public List<Token> list() {
    List<Token> out = new ArrayList<>(byHash.values());
    out.sort(java.util.Comparator.comparing(Token::name));
    return out;
  }

  private void save() throws IOException {
    DurableFiles.write(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(list()));
  }

  static String sha256(String secret) {
    try {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
