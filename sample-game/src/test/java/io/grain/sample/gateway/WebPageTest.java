package io.grain.sample.gateway;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.time.Duration;
import java.util.List;

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
                wait.until(b -> b.findElement(By.id("status")).getText().startsWith("connected"));

                // live matches, updating by push: the ticks shown move on
                final String firstTicks = wait.until(b -> nonEmpty(ticks(b)));
                wait.until(b -> {
                    final String now = ticks(b);
                    return !now.isEmpty() && !now.equals(firstTicks) ? now : null;
                });
                wait.until(b -> b.findElements(By.cssSelector("#members tbody tr")).size() == 2);
                wait.until(b -> !b.findElements(By.cssSelector("#leaderboard tbody tr")).isEmpty());

                // log in as a player and play against the bots
                browser.findElement(By.id("player-name")).sendKeys("alice");
                browser.findElement(By.id("login")).click();
                wait.until(b -> b.findElement(By.id("game")).isDisplayed());
                assertEquals("alice", browser.findElement(By.id("me")).getText());
                browser.findElement(By.id("queue")).click();
                wait.until(b -> b.findElement(By.id("arena")).isDisplayed());
                wait.until(b -> !b.findElements(By.cssSelector("#grid .cell.you")).isEmpty());
                final WebElement attack = browser.findElement(By.id("attack"));
                attack.click();
                browser.findElement(By.id("move-east")).click();
                wait.until(b -> Integer.parseInt(b.findElement(By.id("moves-sent")).getText()) >= 2);
                final List<WebElement> me = browser.findElements(By.cssSelector("#grid .cell.you, #grid .cell.down"));
                assertTrue(!me.isEmpty(), "alice is on the grid");
                final Object errors = ((org.openqa.selenium.JavascriptExecutor)browser).executeScript(
                    "return document.getElementById('login-error').textContent");
                assertEquals("", errors);
            } finally {
                browser.quit();
                service.close();
            }
        }
    }

    /** The ticks of the live matches shown, e.g. "123:14 456:3". */
    private static String ticks(final WebDriver browser) {
        final StringBuilder ticks = new StringBuilder();
        for (final WebElement match : browser.findElements(By.cssSelector("#matches .match"))) {
            ticks.append(match.getAttribute("data-match-id")).append(':').append(match.getAttribute("data-tick")).append(' ');
        }
        return ticks.toString().trim();
    }

    private static String nonEmpty(final String value) {
        return value.isEmpty() ? null : value;
    }
}
