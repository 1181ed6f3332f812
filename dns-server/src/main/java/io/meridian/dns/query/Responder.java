package io.meridian.dns.query;

import io.meridian.core.health.HealthSource;
import io.meridian.core.health.HealthView;
import io.meridian.core.snapshot.Current;
import io.meridian.core.snapshot.Snapshot;
import io.meridian.core.snapshot.Zone;
import io.meridian.dns.io.Query;
import io.meridian.dns.io.QueryHandler;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import org.xbill.DNS.DClass;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * The authoritative query path: checks the query in the order of dnsjava's jnamed (drop responses,
 * FORMERR, NOTIMP, EDNS version), finds the zone, answers from the snapshot, and encodes the reply
 * within the size the transport allows. It reads the published snapshot once per query, never
 * blocks, and never throws for bad input: every outcome is an rcode or a dropped packet.
 */
public final class Responder implements QueryHandler {

  private static final System.Logger LOG = System.getLogger(Responder.class.getName());
  private static final int QR = 0x8000;

  private final Current<Snapshot> snapshot;
  private final HealthSource health;
  private final QueryStats stats;
  private final boolean fastPath;

  /** Answers policies with the configured health ({@code health: up|down}). */
  public Responder(Current<Snapshot> snapshot) {
    this(snapshot, HealthSource.CONFIGURED, new QueryStats(), true);
  }

  /**
   * @param health asked once per query, with that query's snapshot
   */
  public Responder(Current<Snapshot> snapshot, HealthSource health, QueryStats stats) {
    this(snapshot, health, stats, true);
  }

  /**
   * @param fastPath whether common queries may be answered by {@link FastPath}; off only to
   *     compare it with the full path
   */
  Responder(Current<Snapshot> snapshot, HealthSource health, QueryStats stats, boolean fastPath) {
    this.snapshot = snapshot;
    this.health = health;
    this.stats = stats;
    this.fastPath = fastPath;
  }

  @Override
  public byte[] handle(Query query) {
    byte[] reply = answer(query);
    stats.reply(reply);
    return reply;
  }

  private byte[] answer(Query query) {
    byte[] buffer = query.buffer();
    if (query.length() < Header.LENGTH || (u16(buffer, 2) & QR) != 0) {
      return null; // no header to answer, or a response: answering could start a loop
    }
    Snapshot current = snapshot.get();
    HealthView view = health.viewFor(current.policies());
    if (fastPath) {
      LeanQuery lean = LeanQuery.parse(buffer, query.length());
      byte[] reply = lean == null ? null : FastPath.answer(lean, query, current, view, stats);
      if (reply != null) {
        return reply;
      }
    }
    Message request;
    try {
      request = new Message(ByteBuffer.wrap(buffer, 0, query.length()));
    } catch (IOException | RuntimeException e) {
      LOG.log(System.Logger.Level.DEBUG, () -> "malformed query from " + query.client(), e);
      return headerOnly(buffer, Rcode.FORMERR);
    }
    int ourPayload = current.server().udpPayloadSize();
    OPTRecord queryOpt = request.getOPT();
    ClientSubnet client;
    try {
      client = ClientSubnet.of(queryOpt, query.client());
    } catch (ClientSubnet.Malformed e) {
      LOG.log(
          System.Logger.Level.DEBUG,
          () -> "bad ECS from " + query.client() + ": " + e.getMessage());
      return headerOnly(buffer, Rcode.FORMERR);
    }
    Message reply = reply(request, current, view, queryOpt, ourPayload, client, stats);
    return reply.toWire(ReplySizes.maxReply(query.transport(), queryOpt, ourPayload));
  }

  private static Message reply(
      Message request,
      Snapshot snapshot,
      HealthView view,
      OPTRecord queryOpt,
      int ourPayload,
      ClientSubnet client,
      QueryStats stats) {
    Header in = request.getHeader();
    Message reply = new Message(in.getID());
    Header out = reply.getHeader();
    out.setFlag(Flags.QR);
    out.setOpcode(in.getOpcode());
    copyFlag(in, out, Flags.RD);
    copyFlag(in, out, Flags.CD);
    Record question = request.getQuestion();
    if (question != null) {
      reply.addRecord(question, Section.QUESTION); // as sent, case included
    }
    // RFC 7871 7.2.1: a query's ECS is echoed "regardless of whether the client information was
    // needed to formulate an answer", so error replies carry it too, with scope 0
    if (in.getOpcode() != Opcode.QUERY) {
      out.setRcode(Rcode.NOTIMP);
      return withOpt(reply, queryOpt, ourPayload, Rcode.NOERROR, client, 0);
    }
    if (in.getCount(Section.QUESTION) != 1 || countOpt(request) > 1) {
      out.setRcode(Rcode.FORMERR);
      return withOpt(reply, queryOpt, ourPayload, Rcode.NOERROR, client, 0);
    }
    if (queryOpt != null && queryOpt.getVersion() > 0) {
      // RFC 6891 6.1.3; the options of an EDNS version we do not speak are not ours to echo
      return withOpt(reply, queryOpt, ourPayload, Rcode.BADVERS);
    }
    int qtype = question.getType();
    Zone zone = snapshot.zones().find(question.getName());
    if (zone == null || question.getDClass() != DClass.IN || isTransfer(qtype)) {
      out.setRcode(Rcode.REFUSED); // not ours, another class, or zone transfer (not offered)
      return withOpt(reply, queryOpt, ourPayload, Rcode.NOERROR, client, 0);
    }
    stats.zone(zone.apex());
    AnswerBuilder answers = new AnswerBuilder(snapshot, view, client, stats);
    boolean referral = answers.answer(reply, zone, question.getName(), qtype);
    AdditionalSection.add(reply, snapshot.zones(), referral);
    return withOpt(reply, queryOpt, ourPayload, Rcode.NOERROR, client, answers.scope());
  }

  private static boolean isTransfer(int qtype) {
    return qtype == Type.AXFR || qtype == Type.IXFR;
  }

  private static Message withOpt(
      Message reply, OPTRecord queryOpt, int ourPayload, int extendedRcode) {
    return withOpt(reply, queryOpt, ourPayload, extendedRcode, null, 0);
  }

  /**
   * A reply to a query EDNS0 made carries our OPT: our payload size, the DO bit echoed, and the
   * client subnet echoed with the scope that decided the answer (RFC 7871 7.2.1: 0 when the answer
   * does not depend on the client).
   */
  private static Message withOpt(
      Message reply,
      OPTRecord queryOpt,
      int ourPayload,
      int extendedRcode,
      ClientSubnet client,
      int scope) {
    if (queryOpt == null) {
      return reply;
    }
    int flags = queryOpt.getFlags() & ExtendedFlags.DO;
    List<EDNSOption> options =
        client != null && client.option() != null ? List.of(client.echo(scope)) : List.of();
    reply.addRecord(
        new OPTRecord(ourPayload, extendedRcode >>> 4, 0, flags, options), Section.ADDITIONAL);
    return reply;
  }

  private static int countOpt(Message request) {
    List<Record> additional = request.getSection(Section.ADDITIONAL);
    int count = 0;
    for (Record record : additional) {
      if (record.getType() == Type.OPT) {
        count++;
      }
    }
    return count;
  }

  private static void copyFlag(Header from, Header to, int flag) {
    if (from.getFlag(flag)) {
      to.setFlag(flag);
    }
  }

  /** A reply of just a header, for queries too broken to parse: id, opcode and RD kept. */
  private static byte[] headerOnly(byte[] query, int rcode) {
    byte[] out = new byte[Header.LENGTH];
    out[0] = query[0];
    out[1] = query[1];
    int flags = u16(query, 2);
    int opcode = flags & 0x7800;
    int rd = flags & 0x0100;
    int replyFlags = QR | opcode | rd | rcode;
    out[2] = (byte) (replyFlags >>> 8);
    out[3] = (byte) replyFlags;
    return out;
  }

  private static int u16(byte[] b, int offset) {
    return ((b[offset] & 0xFF) << 8) | (b[offset + 1] & 0xFF);
  }
}
