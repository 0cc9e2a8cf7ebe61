package io.cagekeeper.reconciliation.report;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * The exception list as CSV for re-performance and triage: one row per exception, in the report's
 * order. Its id, disposition, reviewer, comment and disposition_at columns are exactly what
 * {@link Dispositions} reads back, so a reviewer fills this file in and gives it to the next run.
 */
public final class CsvReport {

    static final String[] HEADER = {"id", "type", "severity", "at", "person", "subject", "events", "detail",
        "disposition", "reviewer", "comment", "disposition_at"};

    private CsvReport() {
    }

    @SuppressWarnings("unchecked")
    public static String exceptions(Map<String, Object> report) {
        StringWriter out = new StringWriter();
        try (CSVPrinter p = new CSVPrinter(out, CSVFormat.DEFAULT.builder().setHeader(HEADER).setRecordSeparator("\n").get())) {
            for (Object o : (List<Object>) report.get("exceptions")) {
                Map<String, Object> e = (Map<String, Object>) o;
                Map<String, Object> d = (Map<String, Object>) e.get("disposition");
                StringBuilder events = new StringBuilder();
                for (Object id : (List<Object>) e.get("events")) {
                    events.append(events.length() == 0 ? "" : " ").append(id);
                }
                p.printRecord(e.get("id"), e.get("type"), e.get("severity"), e.get("at"), e.get("person"), e.get("subject"),
                        events, e.get("detail"), d == null ? "" : d.get("value"), d == null ? "" : d.get("reviewer"),
                        d == null ? "" : d.get("comment"), d == null ? "" : d.get("at"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
