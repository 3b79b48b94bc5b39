package dev.passgate.otp;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Keeps what it is given, or fails on demand, like a channel that is down. */
final class RecordingDelivery implements CodeDelivery {
    private static final Pattern CODE = Pattern.compile("\\b([0-9]{6})\\b");

    record Delivered(Channel channel, String destination, String message) {
        String code() {
            Matcher m = CODE.matcher(message);
            if (!m.find()) {
                throw new AssertionError("no six-digit code in: " + message);
            }
            return m.group(1);
        }
    }

    final List<Delivered> delivered = new CopyOnWriteArrayList<>();
    volatile boolean down;
    /** Runs while a message is "in flight": what other requests do during a slow delivery. */
    volatile Runnable during = () -> { };

    @Override
    public void deliver(Channel channel, String destination, CodeMessage message) throws DeliveryException {
        if (down) {
            throw new DeliveryException("channel down");
        }
        during.run();
        delivered.add(new Delivered(channel, destination, message.text()));
    }

    Delivered last() {
        if (delivered.isEmpty()) {
            throw new AssertionError("nothing delivered");
        }
        return delivered.get(delivered.size() - 1);
    }

    String lastCode() {
        return last().code();
    }
}
