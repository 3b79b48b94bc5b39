package dev.passgate.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** An SMTP exchange as a mail client speaks it (RFC 5321): the code in the body queues for its recipient. */
class SmtpSinkTest {

    @Test
    void mailWhenDeliveredThenItsCodeQueuesForTheRecipientAndHeadersAreIgnored() throws Exception {
        try (SmtpSink sink = new SmtpSink(0); Socket s = new Socket("localhost", sink.port())) {
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            OutputStream out = s.getOutputStream();
            assertTrue(in.readLine().startsWith("220"));
            for (String line : new String[] {"EHLO provider", "MAIL FROM:<login@example.com>", "RCPT TO:<Ada@Bench.invalid>", "DATA"}) {
                out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
                String reply = in.readLine();
                assertTrue(reply.startsWith("250") || reply.startsWith("354"), line + " → " + reply);
            }
            out.write(("Message-ID: <123456.789@example.com>\r\nSubject: Your code\r\n\r\nYour Passgate verification code is 482913."
                    + "\r\n.\r\nQUIT\r\n").getBytes(StandardCharsets.US_ASCII));
            assertTrue(in.readLine().startsWith("250"));
            assertEquals("482913", sink.nextCode("ada@bench.invalid"), "the body's code, not the header's digits");
        }
    }
}
