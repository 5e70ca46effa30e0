package io.dockyard.agent.exec;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The Session Manager message layout, byte for byte, and the command-line split of ECS Exec commands. */
class ClientMessageTest {

    @Test
    void theHeaderIsTheOneThePluginReads() {
        UUID id = UUID.fromString("00112233-4455-6677-8899-aabbccddeeff");
        byte[] payload = "hi".getBytes(StandardCharsets.UTF_8);
        byte[] f = new ClientMessage(ClientMessage.OUTPUT, 1, 1_700_000_000_000L, 7, 0, id, ClientMessage.OUT, payload).encode();
        ByteBuffer b = ByteBuffer.wrap(f);
        assertThat(f).hasSize(122);
        assertThat(b.getInt(0)).as("header length").isEqualTo(116);
        assertThat(new String(f, 4, 32, StandardCharsets.US_ASCII)).isEqualTo("output_stream_data              ");
        assertThat(b.getInt(36)).isEqualTo(1);
        assertThat(b.getLong(40)).isEqualTo(1_700_000_000_000L);
        assertThat(b.getLong(48)).isEqualTo(7);
        assertThat(HexFormat.of().formatHex(f, 64, 80)).as("uuid halves swapped").isEqualTo("8899aabbccddeeff0011223344556677");
        assertThat(HexFormat.of().formatHex(f, 80, 112)).isEqualTo(HexFormat.of().formatHex(ClientMessage.sha256(payload)));
        assertThat(b.getInt(112)).isEqualTo(1);
        assertThat(b.getInt(116)).isEqualTo(2);
        ClientMessage back = ClientMessage.decode(f);
        assertThat(back.id()).isEqualTo(id);
        assertThat(back.text()).isEqualTo("hi");
        assertThat(back.type()).isEqualTo(ClientMessage.OUTPUT);
        f[121] = 'x';
        assertThat(ClientMessage.decode(f)).as("digest mismatch").isNull();
        assertThat(ClientMessage.decode(new byte[50])).isNull();
    }

    @Test
    void anAcknowledgementNamesTheSequence() {
        ClientMessage in = ClientMessage.stream(ClientMessage.INPUT, 12, ClientMessage.OUT, new byte[]{'a'});
        ClientMessage ack = ClientMessage.ack(in);
        assertThat(ack.type()).isEqualTo(ClientMessage.ACK);
        assertThat(ack.flags()).isEqualTo(3);
        assertThat(ack.text()).contains("\"AcknowledgedMessageSequenceNumber\":12").contains("\"AcknowledgedMessageType\":\"input_stream_data\"");
    }

    @Test
    void commandsSplitAsAShellWould() {
        assertThat(ExecServer.words("sh")).containsExactly("sh");
        assertThat(ExecServer.words("sh -c 'echo hi; echo there'")).containsExactly("sh", "-c", "echo hi; echo there");
        assertThat(ExecServer.words("echo \"a \\\"b\\\"\"  c\\ d ''")).containsExactly("echo", "a \"b\"", "c d", "");
    }
}
