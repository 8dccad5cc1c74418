package sh.ratri.agent.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Checks a sink's base URL without any network access: it must be an absolute http(s) URL, and
 * plain {@code http://} is only for this machine unless the user opted in, since anything else
 * would carry the API key and the events unencrypted.
 */
final class EndpointCheck {

    private EndpointCheck() {
    }

    /** Why {@code url} cannot be used, or null when it can. */
    static String syntaxProblem(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return "not a URL";
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return "not an http:// or https:// URL";
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            return "no host";
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            return "a query or fragment is not allowed";
        }
        return null;
    }

    static boolean isPlainHttpToAnotherHost(String url) {
        URI uri = URI.create(url);
        return uri.getScheme().equalsIgnoreCase("http") && !isLoopback(uri.getHost());
    }

    static boolean isLoopback(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        return h.equals("localhost") || h.endsWith(".localhost") || h.equals("::1")
                || h.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
    }

    static String withoutTrailingSlash(String url) {
        String u = url;
        while (u.endsWith("/")) {
            u = u.substring(0, u.length() - 1);
        }
        return u;
    }
}
