package dev.disagg.report;

/** HTML text escaping. */
public final class Html {
    private Html() {
    }

    public static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : JUnitXml.clean(s).toCharArray()) {
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
