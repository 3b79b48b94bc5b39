package dev.passgate.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.mail.internet.MimeMessage;

import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import com.icegreen.greenmail.util.GreenMail;

/** What a person does on the login pages, in one Chromium: type, click, wait, read the emailed code. */
final class BrowserSteps {
    private final Supplier<Chromium> browser;
    private final GreenMail mail;
    private final Set<MimeMessage> consumed = new HashSet<>();

    /** @param browser the test's current browser (a test may replace it midway) */
    BrowserSteps(Supplier<Chromium> browser, GreenMail mail) {
        this.browser = browser;
        this.mail = mail;
    }

    /**
     * The newest code mailed to {@code address} that this browser has not used yet. Other mail to
     * the same address (notices of passkey changes) has no code and is passed over.
     */
    String emailCode(String address) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(20);
        while (Instant.now().isBefore(deadline)) {
            MimeMessage[] messages = mail.getReceivedMessagesForDomain(address);
            for (int i = messages.length - 1; i >= 0; i--) {
                String body = com.icegreen.greenmail.util.GreenMailUtil.getBody(messages[i]);
                if (CODE.matcher(body).find()) {
                    if (consumed.contains(messages[i])) {
                        break; // the newest code was used already: wait for the next one
                    }
                    consumed.add(messages[i]);
                    return sixDigits(body);
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no email code for " + address);
    }

    private static final Pattern CODE = Pattern.compile("(?<![0-9])([0-9]{6})(?![0-9])");

    /** Waits until {@code address} has received {@code count} mails with {@code subject}. */
    void awaitMails(String address, String subject, int count) throws Exception {
        Instant deadline = Instant.now().plusSeconds(20);
        while (Instant.now().isBefore(deadline)) {
            int n = 0;
            for (MimeMessage m : mail.getReceivedMessagesForDomain(address)) {
                n += subject.equals(m.getSubject()) ? 1 : 0;
            }
            if (n >= count) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("fewer than " + count + " mails \"" + subject + "\" for " + address);
    }

    /** The body of the first mail to {@code address} whose subject is {@code subject}, waiting for it. */
    String emailWithSubject(String address, String subject) throws Exception {
        Instant deadline = Instant.now().plusSeconds(20);
        while (Instant.now().isBefore(deadline)) {
            for (MimeMessage m : mail.getReceivedMessagesForDomain(address)) {
                if (subject.equals(m.getSubject())) {
                    Object content = m.getContent(); // decoded: the text may be quoted-printable or base64 on the wire
                    return content instanceof String text ? text : com.icegreen.greenmail.util.GreenMailUtil.getBody(m);
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no mail \"" + subject + "\" for " + address);
    }

    static String sixDigits(String text) {
        Matcher m = CODE.matcher(text);
        assertTrue(m.find(), text);
        return m.group(1);
    }

    /**
     * A first sign-in that ends with a passkey: from {@code authorizeUrl}, identifier, password, the emailed code,
     * then the passkey the offer makes, back at {@code callback}.
     */
    void enrol(String authorizeUrl, String user, String password, String callback) throws Exception {
        Chromium chromium = browser.get();
        chromium.driver.get(authorizeUrl);
        type(By.id("identifier"), user);
        click("Continue");
        type(By.id("password"), password);
        click("Sign in");
        type(By.id("code"), emailCode(user + "@example.com"));
        click("Verify");
        waitForHeading("Create a passkey");
        click("Create passkey");
        waitFor("back at the client", () -> chromium.driver.getCurrentUrl().startsWith(callback + "?code="));
        org.junit.jupiter.api.Assertions.assertEquals(1, chromium.authenticator.getCredentials().size());
    }

    void waitForHeading(String text) {
        waitFor("the page \"" + text + "\"", () -> browser.get().driver.findElements(By.tagName("h1")).stream()
                .anyMatch(h -> h.getText().equals(text)));
    }

    WebElement waitForAlert() {
        return waitFor("an error in role=alert", () -> browser.get().driver.findElements(By.cssSelector("[role=alert]")).stream()
                .filter(e -> !e.getText().isBlank()).findFirst().orElse(null));
    }

    void type(By field, String text) {
        WebElement input = waitFor("the field " + field, () -> {
            List<WebElement> found = browser.get().driver.findElements(field);
            return found.isEmpty() ? null : found.get(0);
        });
        input.clear();
        input.sendKeys(text);
    }

    /** Finds and clicks in one go, again if the page changed in between (a stale element is not a failure). */
    void click(String buttonName) {
        waitFor("the button \"" + buttonName + "\"", () -> {
            WebElement button = browser.get().driver
                    .findElements(By.xpath("//button[normalize-space()=\"" + buttonName + "\"]")).stream()
                    .filter(WebElement::isDisplayed).findFirst().orElse(null);
            if (button == null) {
                return null;
            }
            String before = browser.get().driver.getCurrentUrl();
            try {
                button.click();
            } catch (org.openqa.selenium.WebDriverException e) {
                if (browser.get().driver.getCurrentUrl().equals(before)) {
                    throw e; // still on the page: find it again and retry
                }
                // the click went through and the page moved on under the driver's feet
            }
            return Boolean.TRUE;
        });
    }

    <T> T waitFor(String what, Supplier<T> probe) {
        return waitFor(Duration.ofSeconds(20), what, probe);
    }

    <T> T waitFor(Duration timeout, String what, Supplier<T> probe) {
        Instant deadline = Instant.now().plus(timeout);
        RuntimeException last = null;
        while (Instant.now().isBefore(deadline)) {
            try {
                T value = probe.get();
                if (value != null && !Boolean.FALSE.equals(value)) {
                    return value;
                }
            } catch (org.openqa.selenium.WebDriverException retry) {
                // The page changed under us (stale element, or "node does not belong to the document"
                // while the next page loads): look again.
                last = retry;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("timed out waiting for " + what + " at " + browser.get().driver.getCurrentUrl(), last);
    }
}
