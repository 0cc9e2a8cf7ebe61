package io.cagekeeper.reconciliation.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

/**
 * The report for the auditor's file, as PDF (PDFBox): header, completeness, population, exceptions,
 * sample and access review, from the same tree as the JSON, so the two never disagree. Plain A4 pages
 * of text in the standard Helvetica (no font to embed); characters outside Latin-1 print as '?'.
 * Signing the PDF belongs to the evidence issue.
 */
public final class PdfReport {

    private static final float MARGIN = 40;
    private static final float LEADING = 11;
    private static final float SIZE = 8.5f;
    private static final int WIDTH = 130;

    private final PDType1Font font = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
    private final PDType1Font bold = new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD);
    private final List<Object[]> lines = new ArrayList<>();

    private PdfReport() {
    }

    @SuppressWarnings("unchecked")
    public static void write(Map<String, Object> report, Path file) throws IOException {
        PdfReport pdf = new PdfReport();
        Map<String, Object> header = (Map<String, Object>) report.get("header");
        Map<String, Object> period = (Map<String, Object>) header.get("period");
        pdf.title("Cagekeeper reconciliation report " + header.get("id"));
        pdf.text("Period " + period.get("from") + " to " + period.get("to") + " (UTC); " + period.get("from_site") + " to "
                + period.get("to_site") + " " + period.get("site_time_zone"));
        pdf.text("Scope " + header.get("scope"));
        pdf.text("Generated " + header.get("generated_at") + ", engine " + header.get("engine_version") + ", rules "
                + header.get("rules_version") + " sha256 " + header.get("rules_hash"));
        pdf.text("Settings " + header.get("settings"));
        Map<String, Object> completeness = (Map<String, Object>) report.get("completeness");
        pdf.title("Completeness");
        for (Object o : (List<Object>) completeness.get("sources")) {
            Map<String, Object> s = (Map<String, Object>) o;
            pdf.text(s.get("table") + ": " + s.get("kind") + " " + s.get("location") + ", " + s.get("rows") + " rows, sha256 "
                    + s.get("sha256") + ", extracted " + s.get("extracted_at"));
        }
        for (Object o : (List<Object>) completeness.get("devices")) {
            Map<String, Object> d = (Map<String, Object>) o;
            pdf.text("device " + d.get("device") + ": seq " + d.get("first_seq") + " to " + d.get("last_seq") + ", gaps " + d.get("gaps"));
        }
        pdf.text("control totals " + completeness.get("control_totals") + ", events outside the period "
                + completeness.get("events_outside_period"));
        pdf.title("Population");
        ((Map<String, Object>) report.get("population")).forEach((k, v) -> pdf.text(k + ": " + v));
        List<Object> exceptions = (List<Object>) report.get("exceptions");
        pdf.title("Exceptions (" + exceptions.size() + ")");
        for (Object o : exceptions) {
            Map<String, Object> e = (Map<String, Object>) o;
            Object d = e.get("disposition");
            pdf.text(e.get("id") + "  " + e.get("type") + "  " + e.get("severity") + "  " + e.get("at") + "  person "
                    + e.get("person") + "  events " + e.get("events"));
            pdf.text("      " + e.get("detail") + (d == null ? "  [no disposition]" : "  [" + d + "]"));
        }
        Map<String, Object> sample = (Map<String, Object>) report.get("sample");
        pdf.title("Sample");
        pdf.text("seed " + sample.get("seed") + ", population " + sample.get("population") + ", of " + sample.get("of"));
        pdf.text("event ids " + sample.get("event_ids"));
        pdf.title("Access review");
        for (Object o : (List<Object>) report.get("access_review")) {
            Map<String, Object> g = (Map<String, Object>) o;
            pdf.text(g.get("grant") + "  " + g.get("person") + "  " + g.get("zones") + "  approved by " + g.get("approved_by")
                    + "  last use " + g.get("last_use") + "  " + g.get("recommendation")
                    + (g.get("removal") == null ? "" : " (" + g.get("removal") + ")"));
        }
        pdf.title("Sign-off");
        pdf.text("Prepared by: ______________________   Reviewed by (approved none of the access above): ______________________");
        pdf.save(file);
    }

    private void title(String text) {
        lines.add(new Object[] {bold, ""});
        lines.add(new Object[] {bold, text});
    }

    private void text(String text) {
        String t = latin1(text);
        while (t.length() > WIDTH) {
            lines.add(new Object[] {font, t.substring(0, WIDTH)});
            t = "      " + t.substring(WIDTH);
        }
        lines.add(new Object[] {font, t});
    }

    private static String latin1(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            out.append((c >= 0x20 && c <= 0x7e) || (c >= 0xa0 && c <= 0xff) ? c : '?');
        }
        return out.toString();
    }

    private void save(Path file) throws IOException {
        try (PDDocument doc = new PDDocument()) {
            int perPage = (int) ((PDRectangle.A4.getHeight() - 2 * MARGIN) / LEADING);
            for (int start = 0; start < lines.size(); start += perPage) {
                PDPage page = new PDPage(PDRectangle.A4);
                doc.addPage(page);
                try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
                    cs.beginText();
                    cs.newLineAtOffset(MARGIN, PDRectangle.A4.getHeight() - MARGIN);
                    for (int i = start; i < Math.min(lines.size(), start + perPage); i++) {
                        cs.setFont((PDType1Font) lines.get(i)[0], SIZE);
                        cs.showText((String) lines.get(i)[1]);
                        cs.newLineAtOffset(0, -LEADING);
                    }
                    cs.endText();
                }
            }
            doc.save(file.toFile());
        }
    }
}
