package io.cagekeeper.policy.engine;

import java.time.Instant;
import java.time.LocalDate;

/** Formats the site-local times that decision sentences show, without a DateTimeFormatter per call. */
final class Sentences {

    private Sentences() {
    }

    /** "yyyy-MM-dd HH:mm" on the site's wall clock. */
    static String local(PolicySnapshot snapshot, Instant at) {
        return localFromSeconds(snapshot.clock().localSeconds(at));
    }

    static String localFromSeconds(long localSeconds) {
        long day = Math.floorDiv(localSeconds, SiteClock.SECONDS_PER_DAY);
        int secOfDay = (int) Math.floorMod(localSeconds, SiteClock.SECONDS_PER_DAY);
        int h = secOfDay / 3600;
        int m = secOfDay / 60 % 60;
        return LocalDate.ofEpochDay(day) + " " + (h < 10 ? "0" : "") + h + ":" + (m < 10 ? "0" : "") + m;
    }
}
