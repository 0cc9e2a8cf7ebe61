package io.cagekeeper.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.cagekeeper.gateway.Gateway;
import io.cagekeeper.gateway.auth.Role;
import io.cagekeeper.sim.reader.Card;
import io.cagekeeper.sim.reader.Indication;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The console in a real headless Chromium against a running gateway, as each role works in it: the
 * navigation each role gets, the desk approving a visit and checking the visitor in, a badge presented at
 * the reader appearing in the live feed within a second, a forced door raising an alarm the desk
 * acknowledges, facilities enrolling a person and a badge that then opens the door.
 */
class ConsoleIT {

    @RegisterExtension
    static final CageExtension env = new CageExtension();
    static ConsoleBrowser browser;

    @BeforeAll
    static void startBrowser() throws Exception {
        assumeTrue(ConsoleBrowser.available(), "chromium and chromium-driver not installed");
        browser = new ConsoleBrowser(env.cage().gateway.httpPort());
    }

    @AfterAll
    static void stopBrowser() throws Exception {
        if (browser != null) {
            browser.close();
        }
    }

    private static Supplier<Gateway> gateway() {
        return () -> env.cage().gateway;
    }

    /** A new user with {@code roles}, logged in in the browser; answers the login. */
    static String logInAs(ConsoleBrowser b, Gateway g, String prefix, Role... roles) throws Exception {
        String login = prefix + "-" + UUID.randomUUID().toString().substring(0, 6);
        String password = "console-it-" + UUID.randomUUID();
        ApiClient.createUser(g, login, password, null, roles);
        b.driver.manage().deleteAllCookies();
        b.login(login, password);
        return login;
    }

    @Test
    void eachRoleSeesOnlyItsViews() throws Exception {
        assertThat(views(Role.SECURITY_DESK)).containsExactly("feed", "visits", "doors", "alarms", "occupancy", "threat", "grants", "account");
        assertThat(views(Role.FACILITIES)).containsExactly("feed", "occupancy", "persons", "grants", "import", "events", "account");
        assertThat(views(Role.AUDITOR)).containsExactly("feed", "occupancy", "events", "audit", "reconciliation", "account");
        assertThat(views(Role.ADMIN)).containsExactly("audit", "users", "tokens", "config", "account");
        // a view of another role, opened by its address, is not shown (and its API refuses the role anyway)
        logInAs(browser, env.cage().gateway, "desk", Role.SECURITY_DESK);
        browser.driver.get(browser.base + "/#/users");
        browser.waitUpTo(Duration.ofSeconds(10)).until(d -> "feed".equals(d.findElement(By.id("main")).getAttribute("data-view")));
        assertThat(browser.driver.findElements(By.id("user-list"))).isEmpty();
    }

    @Test
    void theDeskLogsInAndReachesTheAlarmsWithTheKeyboardAloneWithAVisibleFocus() throws Exception {
        String login = "kbd-" + UUID.randomUUID().toString().substring(0, 6);
        String password = "console-it-" + UUID.randomUUID();
        ApiClient.createUser(env.cage().gateway, login, password, null, Role.SECURITY_DESK);
        browser.driver.manage().deleteAllCookies();
        browser.driver.get(browser.base + "/");
        browser.waitUpTo(Duration.ofSeconds(10)).until(d -> d.switchTo().activeElement().getAttribute("name") != null
                && d.switchTo().activeElement().getAttribute("name").equals("login"));
        var keys = new org.openqa.selenium.interactions.Actions(browser.driver);
        keys.sendKeys(login).sendKeys(org.openqa.selenium.Keys.TAB).sendKeys(password).sendKeys(org.openqa.selenium.Keys.ENTER).perform();
        browser.waitUpTo(Duration.ofSeconds(10)).until(d -> !d.findElements(By.cssSelector("#nav a[data-view='alarms']")).isEmpty());
        WebElement focused = null;
        for (int i = 0; i < 40; i++) {
            keys.sendKeys(org.openqa.selenium.Keys.TAB).perform();
            focused = browser.driver.switchTo().activeElement();
            if ("alarms".equals(focused.getAttribute("data-view"))) {
                break;
            }
        }
        assertThat(focused.getAttribute("data-view")).as("the Alarms link is reached by Tab").isEqualTo("alarms");
        assertThat(focused.getCssValue("outline-style")).as("the focus is visible").isNotEqualTo("none");
        keys.sendKeys(org.openqa.selenium.Keys.ENTER).perform();
        browser.waitUpTo(Duration.ofSeconds(10)).until(d -> "alarms".equals(d.findElement(By.id("main")).getAttribute("data-view")));
    }

    @Test
    void aLockdownSetAtTheDeskAfterConfirmationShowsInEveryonesBanner() throws Exception {
        logInAs(browser, env.cage().gateway, "desk", Role.SECURITY_DESK);
        browser.open("threat");
        new Select(browser.driver.findElement(By.id("threat-level"))).selectByValue("LOCKDOWN");
        browser.driver.findElement(By.id("threat-reason")).sendKeys("intruder reported in hall B");
        browser.driver.findElement(By.id("threat-set")).click();
        WebElement yes = browser.waitUpTo(Duration.ofSeconds(5)).until(d -> d.findElement(By.id("threat-yes")));
        assertThat(env.cage().api.json(env.cage().get("/api/state"), 200).getString("threatLevel")).as("nothing changes before the confirmation")
                .isEqualTo("NORMAL");
        yes.click();
        try {
            browser.waitUpTo(Duration.ofSeconds(10)).until(d -> d.findElement(By.id("banner")).getText().contains("Lockdown"));
            assertThat(env.cage().api.json(env.cage().get("/api/state"), 200).getString("threatLevel")).isEqualTo("LOCKDOWN");
            logInAs(browser, env.cage().gateway, "auditor", Role.AUDITOR);
            browser.waitUpTo(Duration.ofSeconds(10)).until(d -> d.findElement(By.id("banner")).getText().contains("Threat level: Lockdown"));
        } finally {
            env.cage().api.json(env.cage().post("/api/threat-level", "{\"level\":\"NORMAL\",\"reason\":\"all clear\"}"), 200);
        }
    }

    private List<String> views(Role role) throws Exception {
        logInAs(browser, env.cage().gateway, role.id(), role);
        List<String> nav = browser.navigation();
        browser.logout();
        return nav;
    }

    @Test
    void theDeskApprovesAVisitAndChecksTheVisitorIn() throws Exception {
        ApiClient ticketing = ApiClient.token(gateway(), Role.FACILITIES);
        Instant start = Instant.now().minusSeconds(60);
        String visit = ticketing.json(ticketing.post("/api/visits", new JsonObject().put("visitorName", "Vera Visitor").put("organization", "Acme Cooling")
                .put("hostPersonId", "p-alice").put("escortPersonId", "p-alice").put("purpose", "replace a CRAC filter").put("zoneId", "cage")
                .put("validFrom", start.toString()).put("validUntil", start.plus(Duration.ofHours(2)).toString()).encode()), 201).getString("id");
        logInAs(browser, env.cage().gateway, "desk", Role.SECURITY_DESK);
        browser.open("visits");
        WebElement row = browser.waitUpTo(Duration.ofSeconds(20)).until(d -> d.findElement(By.cssSelector("#visits-pending tr[data-visit='" + visit + "']")));
        row.findElement(By.cssSelector("input.comment")).sendKeys("host confirmed by phone");
        row.findElement(By.cssSelector("button.approve")).click();

        WebElement expected = browser.waitUpTo(Duration.ofSeconds(10))
                .until(d -> d.findElement(By.cssSelector("#visits-expected tr[data-visit='" + visit + "']")));
        new Select(expected.findElement(By.cssSelector("select.id-type"))).selectByValue("PASSPORT");
        expected.findElement(By.cssSelector("input.card")).sendKeys("18:50201");
        expected.findElement(By.cssSelector("button.check-in")).click();
        browser.waitUpTo(Duration.ofSeconds(10)).until(d -> !d.findElements(By.cssSelector("#visits-present tr[data-visit='" + visit + "']")).isEmpty());
        browser.assertNoticeIsNotAnError();

        JsonObject v = ticketing.json(ticketing.get("/api/visits/" + visit), 200);
        assertThat(v.getString("state")).isEqualTo("CHECKED_IN");
        assertThat(v.getString("idDocumentType")).isEqualTo("PASSPORT");
        assertThat(v.getString("decisionComment")).isEqualTo("host confirmed by phone");
    }

    @Test
    void aBadgePresentedAtTheReaderAppearsInTheLiveFeedWithinASecond() throws Exception {
        logInAs(browser, env.cage().gateway, "desk", Role.SECURITY_DESK);
        browser.open("feed");
        browser.waitUpTo(Duration.ofSeconds(10)).until(d -> d.findElement(By.cssSelector("#feed-status .badge.ok")).isDisplayed());
        Set<String> before = ids();
        env.cage().reader.presentCard(Card.h10301(18, 40211), null);
        WebElement row = browser.waitUpTo(Duration.ofSeconds(1)).until(d -> d.findElements(By.cssSelector("#feed-rows tr.ACCESS_GRANTED")).stream()
                .filter(r -> !before.contains(r.getAttribute("data-event-id"))).findFirst().orElse(null));
        assertThat(row.getText()).contains("Alice").contains("Granted");
        assertThat(row.findElement(By.cssSelector(".reasons")).getText()).isNotBlank();
        assertThat(row.getText()).as("the desk sees the card masked").doesNotContain("40211");
    }

    private static Set<String> ids() {
        return browser.driver.findElements(By.cssSelector("#feed-rows tr[data-event-id]")).stream().map(r -> r.getAttribute("data-event-id"))
                .collect(Collectors.toSet());
    }

    @Test
    void aForcedDoorRaisesAnAlarmTheDeskAcknowledgesWithAComment() throws Exception {
        logInAs(browser, env.cage().gateway, "desk", Role.SECURITY_DESK);
        browser.open("alarms");
        env.cage().door.open(); // no grant, no exit button: forced
        try {
            WebElement row = browser.waitUpTo(Duration.ofSeconds(15))
                    .until(d -> d.findElement(By.cssSelector("#alarm-list tr[data-type='DOOR_FORCED_OPEN']")));
            String id = row.getAttribute("data-alarm");
            assertThat(row.getText()).contains("Critical").contains("Active");
            browser.waitUpTo(Duration.ofSeconds(5)).until(d -> d.getTitle().startsWith("(1)"));
            row.findElement(By.cssSelector("input.comment")).sendKeys("guard sent, door closed");
            row.findElement(By.cssSelector("button.ack")).click();
            browser.waitUpTo(Duration.ofSeconds(10)).until(d -> d.findElement(By.cssSelector("#alarm-list tr[data-alarm='" + id + "']")).getText().contains("Acknowledged"));
            browser.assertNoticeIsNotAnError();
            JsonObject alarm = env.cage().api.json(env.cage().get("/api/alarms?state=acknowledged"), 200).getJsonArray("alarms").stream()
                    .map(o -> (JsonObject) o).filter(a -> String.valueOf(a.getLong("id")).equals(id)).findFirst().orElseThrow();
            assertThat(alarm.getString("ackComment")).isEqualTo("guard sent, door closed");
            assertThat(alarm.getString("acknowledgedBy")).startsWith("user:");

            browser.open("doors");
            WebElement door = browser.waitUpTo(Duration.ofSeconds(5)).until(d -> d.findElement(By.cssSelector("#door-board [data-door='d1']")));
            assertThat(door.getText()).contains("Forced open").contains("Open");
        } finally {
            env.cage().door.close();
        }
    }

    @Test
    void facilitiesEnrollsAPersonAndABadgeThatThenOpensTheDoor() throws Exception {
        logInAs(browser, env.cage().gateway, "facilities", Role.FACILITIES);
        browser.open("persons");
        browser.driver.findElement(By.id("new-name")).sendKeys("Nina New");
        new Select(browser.driver.findElement(By.id("new-type"))).selectByValue("CONTRACTOR");
        browser.driver.findElement(By.id("new-org")).sendKeys("Cool Air Ltd");
        browser.driver.findElement(By.id("create-person")).click();
        browser.waitUpTo(Duration.ofSeconds(10)).until(d -> d.getCurrentUrl().contains("#/person/") && !d.findElements(By.id("enroll-card")).isEmpty());
        String personId = java.net.URLDecoder.decode(browser.driver.getCurrentUrl().replaceAll(".*#/person/", ""), java.nio.charset.StandardCharsets.UTF_8);
        browser.driver.findElement(By.id("enroll-card")).sendKeys("18:40300");
        browser.driver.findElement(By.id("enroll-go")).click();
        browser.waitUpTo(Duration.ofSeconds(10)).until(d -> d.findElements(By.cssSelector("tr[data-credential]")).stream()
                .anyMatch(r -> r.getText().contains("18:40300") && r.getText().contains("Active")));
        browser.assertNoticeIsNotAnError();

        // the grant, requested by facilities, approved by someone else at the desk
        ApiClient facilities = ApiClient.token(gateway(), Role.FACILITIES);
        ApiClient desk = ApiClient.user(gateway(), "desk-" + UUID.randomUUID().toString().substring(0, 6), null, Role.SECURITY_DESK);
        String grant = facilities.json(facilities.post("/api/grants", new JsonObject().put("personId", personId).put("accessLevelId", "cage")
                .put("validFrom", Instant.now().minusSeconds(60).toString()).put("reason", "CRAC maintenance").encode()), 201).getString("id");
        desk.json(desk.post("/api/grants/" + grant + "/approve", "{\"comment\":\"ok\"}"), 200);

        Await.until(Duration.ofSeconds(10), "the new badge opens the door", () -> "GRANT".equals(present(40300).orElse(null)));
        browser.open("person/" + personId);
        browser.waitUpTo(Duration.ofSeconds(10)).until(d -> d.findElement(By.id("main")).getText().contains("Cool Air Ltd"));
    }

    @Test
    void anAuditorReconcilesADayTriagesAnExceptionAndSignsItOffAsPreparer() throws Exception {
        // a burst of denials of a card nobody holds: a DENIED_BURST exception of this period
        for (int i = 0; i < 5; i++) {
            assertThat(present(60600)).contains("DENY");
        }
        // the view's period ends at the start of the current minute (its inputs hold minutes): let it pass the burst
        Thread.sleep(61_000 - Instant.now().toEpochMilli() % 60_000);
        logInAs(browser, env.cage().gateway, "auditor", Role.AUDITOR);
        browser.open("reconciliation");
        browser.waitUpTo(Duration.ofSeconds(10)).until(d -> d.findElements(By.cssSelector("#reconciliation-run button[type=submit]")).stream()
                .findFirst().orElse(null)).click();
        WebElement open = browser.waitUpTo(Duration.ofSeconds(60)).until(d -> d.findElements(By.cssSelector("#reconciliation-table tbody tr")).stream()
                .filter(r -> r.getText().contains("DONE")).findFirst().flatMap(r -> r.findElements(By.tagName("button")).stream()
                        .filter(b -> b.getText().equals("Open")).findFirst()).orElse(null));
        WebElement row = open.findElement(By.xpath("./ancestor::tr"));
        assertThat(row.findElements(By.cssSelector("a[href$='/files/report.pdf']"))).hasSize(1);
        String id = row.findElement(By.tagName("td")).getText();
        open.click();
        browser.waitUpTo(Duration.ofSeconds(10)).until(d -> !d.findElements(By.id("reconciliation-exceptions")).isEmpty());
        browser.assertNoticeIsNotAnError();
        WebElement burst = browser.driver.findElements(By.cssSelector("#reconciliation-exceptions tbody tr")).stream()
                .filter(r -> r.getText().contains("DENIED_BURST")).findFirst().orElseThrow();
        String exception = burst.findElement(By.cssSelector(".triage")).getAttribute("data-exception");
        new Select(burst.findElement(By.cssSelector("select.disposition"))).selectByValue("FALSE_POSITIVE");
        burst.findElement(By.cssSelector("input.comment")).sendKeys("a test card of the lock vendor");
        burst.findElement(By.cssSelector("button.dispose")).click();
        browser.waitUpTo(Duration.ofSeconds(10)).until(d -> browser.notice().contains("Disposition saved"));
        assertThat(env.cage().query("SELECT disposition, comment FROM reconciliation_dispositions WHERE exception_id = '" + exception + "'"))
                .singleElement().satisfies(d -> assertThat(d).containsEntry("disposition", "FALSE_POSITIVE")
                        .containsEntry("comment", "a test card of the lock vendor"));

        row.findElements(By.tagName("button")).stream().filter(b -> b.getText().equals("Sign as preparer")).findFirst().orElseThrow().click();
        org.openqa.selenium.Alert prompt = browser.waitUpTo(Duration.ofSeconds(5)).until(org.openqa.selenium.support.ui.ExpectedConditions.alertIsPresent());
        prompt.sendKeys("prepared for the SOC 2 sample");
        prompt.accept();
        browser.waitUpTo(Duration.ofSeconds(10)).until(d -> browser.notice().contains("Signed off"));
        ApiClient auditor = ApiClient.token(gateway(), Role.AUDITOR);
        JsonObject signed = auditor.json(auditor.get("/api/reconciliations/" + id), 200);
        assertThat(signed.getJsonArray("signoffs").getJsonObject(0).getString("role")).isEqualTo("preparer");
        assertThat(signed.getJsonArray("signoffs").getJsonObject(0).getString("comment")).isEqualTo("prepared for the SOC 2 sample");
    }

    private static Optional<String> present(int number) {
        String id = env.cage().reader.presentCard(Card.h10301(18, number), null);
        return env.cage().reader.awaitIndication(id, Duration.ofSeconds(5)).map(Indication::result);
    }
}
