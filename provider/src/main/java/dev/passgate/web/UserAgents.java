package dev.passgate.web;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * "Chrome (macOS)": a User-Agent as a person recognises it, for notices and (later) the list of
 * sessions. Browser and system only, never versions: enough to say "was this you?", too little to
 * fingerprint. Order matters: Edge and Opera also say Chrome, Chrome also says Safari.
 */
public final class UserAgents {
    private static final List<Map.Entry<String, String>> BROWSERS = List.of(
            Map.entry("edg/", "Edge"), Map.entry("opr/", "Opera"), Map.entry("samsungbrowser/", "Samsung Internet"),
            Map.entry("firefox/", "Firefox"), Map.entry("fxios/", "Firefox"), Map.entry("crios/", "Chrome"),
            Map.entry("chromium/", "Chromium"), Map.entry("chrome/", "Chrome"), Map.entry("safari/", "Safari"));
    private static final List<Map.Entry<String, String>> SYSTEMS = List.of(
            Map.entry("iphone", "iOS"), Map.entry("ipad", "iPadOS"), Map.entry("android", "Android"),
            Map.entry("cros", "ChromeOS"), Map.entry("windows", "Windows"), Map.entry("mac os x", "macOS"),
            Map.entry("macintosh", "macOS"), Map.entry("linux", "Linux"));

    private UserAgents() {
    }

    /**
     * @return e.g. "Firefox (Windows)", in names that need no translation; empty when nothing is
     *         recognised (the message then says "an unknown browser" in its own language)
     */
    public static String summary(String userAgent) {
        String ua = userAgent == null ? "" : userAgent.toLowerCase(Locale.ROOT);
        String browser = first(BROWSERS, ua);
        String system = first(SYSTEMS, ua);
        if (browser.isEmpty()) {
            return system.isEmpty() ? "" : "(" + system + ")";
        }
        return system.isEmpty() ? browser : browser + " (" + system + ")";
    }

    private static String first(List<Map.Entry<String, String>> table, String ua) {
        return table.stream().filter(e -> ua.contains(e.getKey())).map(Map.Entry::getValue).findFirst().orElse("");
    }
}
