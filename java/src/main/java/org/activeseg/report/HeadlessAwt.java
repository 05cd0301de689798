package org.activeseg.report;

/** Makes AWT run without a display: the report is drawn on servers and CI machines with none. */
final class HeadlessAwt {
    private HeadlessAwt() {}

    /**
     * Sets {@code java.awt.headless=true} unless the user chose a value. Must run before the first use of
     * AWT in the JVM (AWT reads the property once); every report class that draws calls it first.
     */
    static void ensure() {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }
}
