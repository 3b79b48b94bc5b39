package dev.passgate.it;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.virtualauthenticator.HasVirtualAuthenticator;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticator;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticatorOptions;

/**
 * A real headless Chromium (Debian's package, driven by its own chromedriver: nothing is
 * downloaded) with a virtual authenticator standing in for the platform authenticator: a
 * CTAP2 internal authenticator holding resident keys, with user verification.
 */
final class Chromium implements AutoCloseable {
    static final String BINARY = "/usr/bin/chromium";
    static final String DRIVER = "/usr/bin/chromedriver";

    final ChromeDriver driver;
    final VirtualAuthenticator authenticator;

    private Chromium(ChromeDriver driver, VirtualAuthenticator authenticator) {
        this.driver = driver;
        this.authenticator = authenticator;
    }

    static boolean available() {
        return new File(BINARY).canExecute() && new File(DRIVER).canExecute();
    }

    static Chromium start() throws IOException {
        return start(true);
    }

    /** @param consenting false: an authenticator whose prompt nobody answers */
    static Chromium start(boolean consenting) throws IOException {
        return start(consenting, new String[0]);
    }

    /** @param extraArguments more Chromium switches, e.g. to accept a test proxy's self-signed certificate */
    static Chromium start(boolean consenting, String... extraArguments) throws IOException {
        ChromeOptions options = new ChromeOptions();
        options.addArguments(extraArguments);
        options.setBinary(BINARY);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--disable-quic", "--window-size=1000,900",
                "--user-data-dir=" + Files.createTempDirectory("passgate-chromium"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(DRIVER)).usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        VirtualAuthenticator authenticator = ((HasVirtualAuthenticator) driver).addVirtualAuthenticator(
                new VirtualAuthenticatorOptions()
                        .setProtocol(VirtualAuthenticatorOptions.Protocol.CTAP2)
                        .setTransport(VirtualAuthenticatorOptions.Transport.INTERNAL)
                        .setHasResidentKey(true)
                        .setHasUserVerification(true)
                        .setIsUserVerified(true)
                        .setIsUserConsenting(consenting));
        return new Chromium(driver, authenticator);
    }

    /** Kept as test output when a browser test fails. */
    void screenshot(String name) {
        try {
            Path dir = Path.of("target", "screenshots");
            Files.createDirectories(dir);
            File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
            Files.copy(shot.toPath(), dir.resolve(name + ".png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Files.writeString(dir.resolve(name + ".html"), driver.getPageSource());
        } catch (IOException | RuntimeException e) {
            System.err.println("could not keep a screenshot of " + name + ": " + e);
        }
    }

    @Override
    public void close() {
        driver.quit();
    }
}
