import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * The sweep's plot for bench/run.sh: throughput (MB/s) by file size, both axes logarithmic, one
 * line each for prex, the shell pipeline and the disk floor. Run as a single-file program, headless:
 * {@code java -Djava.awt.headless=true bench/Plot.java OUT.png SWEEP.tsv [SUBTITLE]}; the TSV has
 * one line per size: bytes, prex MB/s, pipeline MB/s, floor MB/s ("-" for a missing value).
 */
public class Plot {
  static final String[] NAMES = {"prex", "pipeline (sftp get + gpg per agency)", "disk floor (dd, fsync)"};
  static final Color[] COLORS = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x7f7f7f)};
  static final int W = 960, H = 600, LEFT = 90, RIGHT = 30, TOP = 70, BOTTOM = 70;

  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      System.err.println("usage: java bench/Plot.java OUT.png SWEEP.tsv [SUBTITLE]");
      System.exit(2);
    }
    List<double[]> rows = new ArrayList<>();
    for (String line : Files.readAllLines(Path.of(args[1]))) {
      if (line.isBlank()) continue;
      String[] f = line.trim().split("\t");
      double[] r = new double[4];
      for (int i = 0; i < 4; i++) {
        r[i] = i < f.length && !f[i].equals("-") ? Double.parseDouble(f[i]) : Double.NaN;
      }
      rows.add(r);
    }
    if (rows.isEmpty()) throw new IllegalArgumentException("no rows in " + args[1]);

    double xMin = Double.MAX_VALUE, xMax = 0, yMin = Double.MAX_VALUE, yMax = 0;
    for (double[] r : rows) {
      xMin = Math.min(xMin, r[0]);
      xMax = Math.max(xMax, r[0]);
      for (int s = 1; s <= 3; s++) {
        if (r[s] > 0) {
          yMin = Math.min(yMin, r[s]);
          yMax = Math.max(yMax, r[s]);
        }
      }
    }
    double lx0 = Math.log10(xMin) - 0.3, lx1 = Math.log10(xMax) + 0.3;
    if (lx1 - lx0 < 1) lx1 = lx0 + 1;
    double ly0 = Math.floor(Math.log10(yMin)), ly1 = Math.ceil(Math.log10(yMax));
    if (ly1 <= ly0) ly1 = ly0 + 1;

    BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, W, H);
    int pw = W - LEFT - RIGHT, ph = H - TOP - BOTTOM;

    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 17));
    center(g, "prex vs shell pipeline: throughput by file size, one file to 4 agencies", W / 2, 28);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    if (args.length > 2) center(g, args[2], W / 2, 48);

    // grid and y labels: decades
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    for (double d = ly0; d <= ly1 + 1e-9; d++) {
      int y = TOP + ph - (int) Math.round((d - ly0) / (ly1 - ly0) * ph);
      g.setColor(new Color(0xdddddd));
      g.drawLine(LEFT, y, LEFT + pw, y);
      g.setColor(Color.BLACK);
      String label = mbps(Math.pow(10, d));
      FontMetrics fm = g.getFontMetrics();
      g.drawString(label, LEFT - 8 - fm.stringWidth(label), y + 4);
    }
    // x ticks at the measured sizes
    for (double[] r : rows) {
      int x = xPix(r[0], lx0, lx1, pw);
      g.setColor(new Color(0xeeeeee));
      g.drawLine(x, TOP, x, TOP + ph);
      g.setColor(Color.BLACK);
      center(g, size(r[0]), x, TOP + ph + 18);
    }
    g.setColor(Color.BLACK);
    g.drawRect(LEFT, TOP, pw, ph);
    center(g, "file size (log scale)", LEFT + pw / 2, H - 22);
    Graphics2D gr = (Graphics2D) g.create();
    gr.rotate(-Math.PI / 2);
    center(gr, "MB/s of the file, delivered to all 4 agencies (log scale)", -(TOP + ph / 2), 22);
    gr.dispose();

    for (int s = 1; s <= 3; s++) {
      g.setColor(COLORS[s - 1]);
      g.setStroke(new BasicStroke(s == 3 ? 1.5f : 2.5f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND,
          10f, s == 3 ? new float[] {6f, 5f} : null, 0f));
      int px = -1, py = -1;
      for (double[] r : rows) {
        if (!(r[s] > 0)) {
          px = -1;
          continue;
        }
        int x = xPix(r[0], lx0, lx1, pw);
        int y = TOP + ph - (int) Math.round((Math.log10(r[s]) - ly0) / (ly1 - ly0) * ph);
        if (px >= 0) g.drawLine(px, py, x, y);
        g.fillOval(x - 4, y - 4, 9, 9);
        px = x;
        py = y;
      }
    }
    // legend
    g.setStroke(new BasicStroke(2.5f));
    int ly = TOP + 16;
    for (int s = 0; s < 3; s++) {
      g.setColor(COLORS[s]);
      g.drawLine(LEFT + 14, ly + 20 * s - 4, LEFT + 40, ly + 20 * s - 4);
      g.setColor(Color.BLACK);
      g.drawString(NAMES[s], LEFT + 48, ly + 20 * s);
    }
    g.dispose();
    ImageIO.write(img, "png", new File(args[0]));
  }

  static int xPix(double bytes, double lx0, double lx1, int pw) {
    return LEFT + (int) Math.round((Math.log10(bytes) - lx0) / (lx1 - lx0) * pw);
  }

  static void center(Graphics2D g, String s, int x, int y) {
    g.drawString(s, x - g.getFontMetrics().stringWidth(s) / 2, y);
  }

  static String mbps(double v) {
    return v >= 1 ? String.format("%.0f", v) : String.format("%." + (int) Math.ceil(-Math.log10(v)) + "f", v);
  }

  static String size(double b) {
    String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
    int u = 0;
    while (b >= 1024 && u < units.length - 1) {
      b /= 1024;
      u++;
    }
    return (b == Math.floor(b) ? String.format("%.0f", b) : String.format("%.1f", b)) + " " + units[u];
  }
}
