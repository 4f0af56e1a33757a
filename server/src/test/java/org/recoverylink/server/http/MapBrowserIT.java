package org.recoverylink.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.recoverylink.core.directory.Directory;
import org.recoverylink.core.directory.EssexDirectory;
import org.recoverylink.core.directory.Service;
import org.recoverylink.fhir.directory.DirectoryBundle;

/**
 * The treatment system map in a real browser (the map issue's acceptance test): the server jar
 * serves {@code /map}, headless Chromium (Debian's {@code chromium}) loads it, and the test
 * checks that every directory service is on the page the browser built, that the pathways
 * picture is drawn (in the page and on its own), and leaves screenshots in
 * {@code target/map/}. Fails, never skips, without Chromium: .ci/run installs it.
 */
class MapBrowserIT {

  private static final Path CHROMIUM = Path.of(System.getProperty("recoverylink.chromium",
      "/usr/bin/chromium"));
  private static final Duration BROWSER_TIMEOUT = Duration.ofSeconds(120);
  /** Taller than the page: Chromium's screenshot is of the window, cropped to the page after. */
  private static final int WINDOW_HEIGHT = 24_000;
  private static final Path ARTEFACTS = Path.of(System.getProperty("recoverylink.server.jar"))
      .resolveSibling("map");
  private static final Pattern HEIGHT = Pattern.compile("<svg [^>]*height=\"(\\d+)\"");
  /** An area's header band: its top edge (after "Q x,") and its fill. */
  private static final Pattern AREA_HEADER =
      Pattern.compile("Q\\d+,(\\d+) [^\"]*\" fill=\"#([0-9a-f]{6})\" class=\"area-header\"");

  @RegisterExtension
  final HubProcesses hubs = new HubProcesses(MapBrowserIT.class);

  @TempDir
  Path dir;

  @Test
  void everyServiceIsOnThePageAndThePictureIsDrawn() throws Exception {
    requireChromium();
    Directory directory = EssexDirectory.directory(); // the jar's embedded default
    HubProcesses.Hub hub = hubs.start("map", Map.of(), List.of("--data",
        dir.resolve("data").toString()));
    String map = hub.base().replaceFirst("/fhir$", "/map");

    String dom = chromium("dom", List.of("--dump-dom", map));
    Files.writeString(ARTEFACTS.resolve("map-dom.html"), dom, StandardCharsets.UTF_8);
    for (Service service : directory.services()) {
      assertTrue(dom.contains(">" + htmlText(service.name()) + "</h3>"),
          service.name() + " has no card on the page Chromium built");
    }
    assertTrue(dom.contains("<svg"), "no picture on the page");
    for (String area : directory.geography().areas()) {
      assertTrue(dom.contains(">" + htmlText(area) + "</text>"), area + " not in the picture");
    }
    assertFalse(dom.contains("<script"), "a script on the page");

    // The picture alone, at its own size. Chromium parses it as XML and, on an error, puts a
    // message above what it could draw: the headers must be where the picture puts them.
    String svg = fetch(map + "/pathways.svg");
    Matcher height = HEIGHT.matcher(svg);
    assertTrue(height.find(), "the picture has no height");
    Path picture = ARTEFACTS.resolve("pathways.png");
    chromium("picture", List.of("--window-size=960," + height.group(1),
        "--screenshot=" + picture, map + "/pathways.svg"));
    Matcher header = AREA_HEADER.matcher(svg);
    List<Integer> drawnAt = new ArrayList<>();
    while (header.find()) {
      drawnAt.add(Integer.parseInt(header.group(1)));
    }
    int fill = Integer.parseInt(areaFill(svg), 16);
    int areas = directory.geography().areas().size();
    assertEquals(areas, drawnAt.size(), "the picture does not draw one header per area");
    List<Integer> shownAt = bands(ImageIO.read(picture.toFile()), fill);
    assertEquals(areas, shownAt.size(), "the screenshot of the picture does not show one"
        + " header band per area: " + shownAt);
    for (int i = 0; i < areas; i++) {
      assertTrue(Math.abs(shownAt.get(i) - drawnAt.get(i)) <= 4, "area header " + i
          + " is drawn at y " + drawnAt.get(i) + " but shows at " + shownAt.get(i));
    }

    // The whole page, as a person sees it at 1280 px wide.
    Path window = dir.resolve("window.png");
    chromium("page", List.of("--window-size=1280," + WINDOW_HEIGHT, "--screenshot=" + window,
        map));
    BufferedImage page = cropToContent(ImageIO.read(window.toFile()));
    ImageIO.write(page, "png", ARTEFACTS.resolve("map.png").toFile());
    assertEquals(areas, bands(page, fill).size(),
        "the page does not show the picture's header band of each area");
  }

  @Test
  void aHostileDirectoryIsShownAsTextByTheBrowser() throws Exception {
    requireChromium();
    String name = "Futures in Mind <script>document.title='owned'</script> & co";
    Directory essex = EssexDirectory.directory();
    Directory.Builder builder = Directory.builder("hostile", "1", essex.geography());
    for (Service s : essex.services()) {
      builder.service(new Service(s.id(), s.id().equals("futures-in-mind") ? name : s.name(),
          s.provider(), s.kinds(), s.eligibility(), s.coverage(), s.endpoint(),
          s.description(), s.contact()));
    }
    Path file = dir.resolve("directory.json");
    Files.writeString(file, new DirectoryBundle(TestHub.FHIR).writeJson(builder.build()),
        StandardCharsets.UTF_8);
    HubProcesses.Hub hub = hubs.start("hostile", Map.of(), List.of("--data",
        dir.resolve("data").toString(), "--directory", file.toString()));

    String dom = chromium("hostile", List.of("--dump-dom",
        hub.base().replaceFirst("/fhir$", "/map")));

    assertTrue(dom.contains(">" + htmlText(name) + "</h3>"), "the name is not shown as text");
    assertFalse(dom.contains("<script"), "the directory's script became an element");
    assertTrue(dom.contains("<title>Drug and alcohol services in Essex"),
        "the directory's script ran: it sets the title");
  }

  private static void requireChromium() {
    assertTrue(Files.isExecutable(CHROMIUM), "Chromium is not installed at " + CHROMIUM
        + ": the map's browser test needs Debian's chromium package (apt-get install"
        + " chromium; .ci/run installs it), or -Drecoverylink.chromium=PATH");
  }

  /**
   * Runs headless Chromium with a fresh profile and no network beyond the page; returns what it
   * printed (the DOM for --dump-dom). Its log goes to target/map/chromium-{name}.log.
   */
  private String chromium(String name, List<String> arguments) throws Exception {
    Path profile = Files.createDirectories(dir.resolve("chromium-" + name));
    List<String> command = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless",
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--hide-scrollbars", "--force-device-scale-factor=1", "--user-data-dir=" + profile));
    command.addAll(arguments);
    Path out = dir.resolve("chromium-" + name + ".out");
    Path log = Files.createDirectories(ARTEFACTS).resolve("chromium-" + name + ".log");
    Process process = new ProcessBuilder(command).redirectOutput(out.toFile())
        .redirectError(log.toFile()).start();
    if (!process.waitFor(BROWSER_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      throw new AssertionError("Chromium (" + name + ") did not finish within "
          + BROWSER_TIMEOUT + "; its log: " + log);
    }
    assertEquals(0, process.exitValue(), "Chromium (" + name + ") failed; its log: "
        + Files.readString(log, StandardCharsets.UTF_8));
    return Files.readString(out, StandardCharsets.UTF_8);
  }

  private static String fetch(String url) throws IOException, InterruptedException {
    HttpResponse<String> response = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode(), url);
    return response.body();
  }

  /** The colour the picture says it paints area headers in, as RRGGBB. */
  private static String areaFill(String svg) {
    Matcher header = AREA_HEADER.matcher(svg);
    assertTrue(header.find(), "the picture marks no area header");
    return header.group(2);
  }

  /**
   * Where the image shows separate horizontal bands of this colour: the first row of each run
   * of rows with at least 400 pixels of it (a header band is 850 wide; text takes a few).
   */
  static List<Integer> bands(BufferedImage image, int rgb) {
    List<Integer> bands = new ArrayList<>();
    boolean inBand = false;
    for (int y = 0; y < image.getHeight(); y++) {
      int matching = 0;
      for (int x = 0; x < image.getWidth(); x++) {
        if (near(image.getRGB(x, y), rgb)) {
          matching++;
        }
      }
      boolean band = matching >= 400;
      if (band && !inBand) {
        bands.add(y);
      }
      inBand = band;
    }
    return bands;
  }

  private static boolean near(int argb, int rgb) {
    for (int shift = 0; shift <= 16; shift += 8) {
      if (Math.abs((argb >> shift & 0xff) - (rgb >> shift & 0xff)) > 3) {
        return false;
      }
    }
    return true;
  }

  /** The screenshot without the empty window below the page. */
  private static BufferedImage cropToContent(BufferedImage window) {
    int background = window.getRGB(0, window.getHeight() - 1);
    int last = window.getHeight() - 1;
    while (last > 0 && uniform(window, last, background)) {
      last--;
    }
    assertTrue(last < window.getHeight() - 100, "the page is taller than the "
        + window.getHeight() + " px window: raise WINDOW_HEIGHT");
    return window.getSubimage(0, 0, window.getWidth(), last + 1);
  }

  private static boolean uniform(BufferedImage image, int y, int argb) {
    for (int x = 0; x < image.getWidth(); x++) {
      if (image.getRGB(x, y) != argb) {
        return false;
      }
    }
    return true;
  }

  /** Text as Chromium serialises it in --dump-dom: &amp;, &lt;, &gt; and no-break spaces. */
  private static String htmlText(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        .replace("\u00a0", "&nbsp;");
  }
}
