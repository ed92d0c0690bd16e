package io.grain.sample.gateway;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The web page in a real browser: headless Chromium under Selenium opens the page a member's
 * gateway serves, sees the live matches update by push (their ticks move on), the leaderboard and
 * both members, logs in as a player, finds a match against the bots, and makes a move that the
 * gateway answers. Needs Debian's {@code chromium} and {@code chromium-driver} (the paths can be
 * given as {@code -Dgrain.chromium=..} and {@code -Dgrain.chromedriver=..}); without them the test
 * is skipped with a message, except in CI ({@code CI} set), where it must run.
 */
class WebPageTest {
    private static final String CHROMIUM = System.getProperty("grain.chromium", "/usr/bin/chromium");
    private static final String CHROMEDRIVER = System.getProperty("grain.chromedriver", "/usr/bin/chromedriver");
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final int MATCHES_TO_TRY = 5;

    @Test
    @Timeout(300)
    void thePageShowsTheLiveArenaAndAVisitorLogsInAndPlays() {
        final boolean present = new File(CHROMIUM).canExecute() && new File(CHROMEDRIVER).canExecute();
        if (System.getenv("CI") != null) {
            assertTrue(present, "CI needs " + CHROMIUM + " and " + CHROMEDRIVER + ": apt-get install -y chromium chromium-driver");
        }
        Assumptions.assumeTrue(present, "skipped: no " + CHROMIUM + " or " + CHROMEDRIVER
            + "; install Chromium and its driver (Debian: apt-get install -y chromium chromium-driver) to run the web page test");
        try (LocalArena arena = new LocalArena(2).withBots(7)) {
            final ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER))
                .usingAnyFreePort()
                .build();
            final ChromeOptions options = new ChromeOptions()
                .setBinary(CHROMIUM)
                .addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1400,1000");
            final WebDriver browser = new ChromeDriver(service, options);
            try {
                browser.get(arena.gateway(0).pageUrl());
                final WebDriverWait wait = new WebDriverWait(browser, WAIT);
                wait.ignoring(StaleElementReferenceException.class);
                wait.until(b -> b.findElement(By.id("status")).getText().startsWith("connected"));

                // live matches, updating by push: the ticks shown move on
                final String firstTicks = wait.until(b -> nonEmpty(ticks(b)));
                wait.until(b -> {
                    final String now = ticks(b);
                    return !now.isEmpty() && !now.equals(firstTicks) ? now : null;
                });
                wait.until(b -> b.findElements(By.cssSelector("#members tbody tr")).size() == 2);
                // each member's gateway page, from the member state it published (spread by the membership)
                wait.until(b -> b.findElements(By.cssSelector("#members tbody tr td:last-child")).stream()
                    .allMatch(td -> td.getText().startsWith("http://")));
                // the bots keep the grains busy: the cluster row shows a call rate from the members' meters
                wait.until(b -> b.findElements(By.cssSelector("#members tfoot td")).size() == 9
                    && "cluster".equals(b.findElement(By.cssSelector("#members tfoot td")).getText())
                    && Double.parseDouble(b.findElements(By.cssSelector("#members tfoot td")).get(3).getText()) > 0);
                wait.until(b -> !b.findElements(By.cssSelector("#leaderboard tbody tr")).isEmpty());

                // log in as a player and play against the bots
                browser.findElement(By.id("player-name")).sendKeys("alice");
                browser.findElement(By.id("login")).click();
                wait.until(b -> b.findElement(By.id("game")).isDisplayed());
                assertEquals("alice", browser.findElement(By.id("me")).getText());
                // the lobby chat: alice's line comes back to her page by push (the page listens while it
                // watches; a line said before the lobby heard of the new connection is not hers to see,
                // so she says it again, a bounded number of times, below the lobby's 5 lines in 10 s)
                boolean heard = false;
                for (int attempt = 0; attempt < 3 && !heard; attempt++) {
                    browser.findElement(By.id("chat-text")).sendKeys("hello from the page");
                    browser.findElement(By.id("chat-send")).click();
                    try {
                        heard = new WebDriverWait(browser, Duration.ofSeconds(5))
                            .until(b -> b.findElement(By.id("chat-lines")).getText().contains("alice hello from the page"));
                    } catch (final org.openqa.selenium.TimeoutException notYet) {
                        heard = false;
                    }
                }
                assertTrue(heard, "alice's line came back by push; chat error: " + browser.findElement(By.id("chat-error")).getText());
                // a match against bots can end within a second or two for a visitor who stands still: a
                // move made after its end is not sent, so the visitor plays again (a bounded number of times)
                int movesSent = 0;
                for (int match = 0; match < MATCHES_TO_TRY && movesSent == 0; match++) {
                    wait.until(b -> b.findElement(By.id("queue")).isEnabled());
                    browser.findElement(By.id("queue")).click();
                    wait.until(b -> b.findElement(By.id("arena")).isDisplayed() && inMatch(b));
                    browser.findElement(By.id("move-east")).click();
                    browser.findElement(By.id("attack")).click();
                    wait.until(b -> sent(b) > 0 || !inMatch(b));
                    movesSent = sent(browser);
                }
                assertTrue(movesSent > 0, "a move was answered by the gateway; status: "
                    + browser.findElement(By.id("game-status")).getText());
                // the move's answer can come before the match's first tick draws the grid
                new WebDriverWait(browser, WAIT).withMessage("alice is on the grid")
                    .until(b -> !b.findElements(By.cssSelector("#grid .cell.you, #grid .cell.down")).isEmpty());
                final Object errors = ((JavascriptExecutor)browser).executeScript(
                    "return document.getElementById('login-error').textContent");
                assertEquals("", errors);
            } finally {
                browser.quit();
                service.close();
            }
        }
    }

    /** Whether the page is in a match (its script's own state). */
    private static boolean inMatch(final WebDriver browser) {
        return Boolean.TRUE.equals(((JavascriptExecutor)browser).executeScript("return page.matchId !== null"));
    }

    private static int sent(final WebDriver browser) {
        return Integer.parseInt(browser.findElement(By.id("moves-sent")).getText());
    }

    /** The ticks of the live matches shown, e.g. "123:14 456:3". */
    private static String ticks(final WebDriver browser) {
        // read in one script: the cards are rebuilt on every push, so element references go stale
        return (String)((JavascriptExecutor)browser).executeScript("return Array.from(document.querySelectorAll('#matches .match'))"
            + ".map(m => m.dataset.matchId + ':' + m.dataset.tick).join(' ')");
    }

    private static String nonEmpty(final String value) {
        return value.isEmpty() ? null : value;
    }
}
