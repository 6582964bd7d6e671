package org.virtfx.bench.vnc;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.util.Collection;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.zip.Deflater;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.virtfx.app.vnc.Framebuffer;
import org.virtfx.app.vnc.FramebufferUpdateDecoder;
import org.virtfx.app.vnc.RfbInput;
import org.virtfx.app.vnc.VncListener;

/**
 * Issue 13, item 3: frames per second the VNC client decodes of 1280x800 full-screen updates,
 * one encoding at a time, from memory (the socket's cost is left out: on a UNIX socket it is a
 * copy the Raw case already pays, since Raw reads its pixels straight into the decoder's array).
 * <ul>
 *   <li>{@code raw}: the whole screen as Raw pixels, 4 MB a frame.</li>
 *   <li>{@code copyrect}: the whole screen scrolled by 16 rows, one CopyRect of 1280x784.</li>
 *   <li>{@code zrle}: the whole screen in ZRLE, each tile in its smallest subencoding, from a
 *       zlib stream whose frames are full-flushed so one frame can be decoded over and over.</li>
 * </ul>
 * Run: {@code mvn -pl bench -am -DskipTests package dependency:build-classpath
 * -Dmdep.outputFile=/tmp/cp.txt}, then
 * {@code java -cp bench/target/classes:$(cat /tmp/cp.txt) org.virtfx.bench.vnc.VncDecodeBenchmark}.
 * The last line is {@code raw_fps=... copyrect_fps=... zrle_fps=...}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class VncDecodeBenchmark {
    @Param({"raw", "copyrect", "zrle"})
    public String encoding;

    private RfbInput in;
    private FramebufferUpdateDecoder decoder;
    private Framebuffer framebuffer;

    @Setup(Level.Trial)
    public void encode() throws IOException {
        int[] desktop = DesktopFrame.pixels();
        framebuffer = new Framebuffer(DesktopFrame.WIDTH, DesktopFrame.HEIGHT);
        System.arraycopy(desktop, 0, framebuffer.pixels(), 0, desktop.length);
        decoder = new FramebufferUpdateDecoder(framebuffer, new VncListener() { });
        RepeatingChannel frames = switch (encoding) {
            case "raw" -> new RepeatingChannel(rawFrame(desktop), 0);
            case "copyrect" -> new RepeatingChannel(
                    update(0, 0, DesktopFrame.WIDTH, DesktopFrame.HEIGHT - 16, 1, new byte[] {0, 0, 0, 16}), 0);
            case "zrle" -> zrleFrames(desktop);
            default -> throw new IllegalArgumentException("no encoding " + encoding);
        };
        in = new RfbInput(frames);
        if (encoding.equals("zrle")) {
            // The first frame carries the zlib header; every later read is the repeatable second one.
            decodeFrame();
        }
    }

    @Benchmark
    public int decodeFrame() throws IOException {
        in.u8("the message type");
        return decoder.decode(in).size();
    }

    private static byte[] rawFrame(int[] desktop) throws IOException {
        ByteBuffer pixels = ByteBuffer.allocate(desktop.length * 4).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        pixels.asIntBuffer().put(desktop);
        return update(0, 0, DesktopFrame.WIDTH, DesktopFrame.HEIGHT, 0, pixels.array());
    }

    /** Two ZRLE frames: the first with the zlib header, the second repeatable after it. */
    private static RepeatingChannel zrleFrames(int[] desktop) throws IOException {
        byte[] tiles = ZrleFrameEncoder.tiles(desktop, DesktopFrame.WIDTH, DesktopFrame.HEIGHT);
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION);
        byte[] first = ZrleFrameEncoder.deflate(deflater, tiles);
        byte[] again = ZrleFrameEncoder.deflate(deflater, tiles);
        System.out.printf(Locale.ROOT, "zrle frame: %d tile bytes, %d compressed%n", tiles.length, again.length);
        ByteArrayOutputStream both = new ByteArrayOutputStream();
        both.write(update(0, 0, DesktopFrame.WIDTH, DesktopFrame.HEIGHT, 16, withLength(first)));
        int repeatFrom = both.size();
        both.write(update(0, 0, DesktopFrame.WIDTH, DesktopFrame.HEIGHT, 16, withLength(again)));
        return new RepeatingChannel(both.toByteArray(), repeatFrom);
    }

    private static byte[] withLength(byte[] data) {
        return ByteBuffer.allocate(4 + data.length).putInt(data.length).put(data).array();
    }

    /** A FramebufferUpdate message with one rectangle. */
    private static byte[] update(int x, int y, int w, int h, int encoding, byte[] body) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeByte(0);
        out.writeByte(0);
        out.writeShort(1);
        out.writeShort(x);
        out.writeShort(y);
        out.writeShort(w);
        out.writeShort(h);
        out.writeInt(encoding);
        out.write(body);
        return bytes.toByteArray();
    }

    public static void main(String[] args) throws Exception {
        Collection<RunResult> results = new Runner(new OptionsBuilder()
                .include(VncDecodeBenchmark.class.getName()).build()).run();
        StringBuilder line = new StringBuilder();
        for (String name : new String[] {"raw", "copyrect", "zrle"}) {
            for (RunResult result : results) {
                if (name.equals(result.getParams().getParam("encoding"))) {
                    line.append(String.format(Locale.ROOT, "%s_fps=%.0f ", name, result.getPrimaryResult().getScore()));
                }
            }
        }
        System.out.println(line.toString().strip());
    }

    /**
     * Serves frames endlessly, as a socket with a server sending the same frame would: after the
     * first pass it starts again at {@code repeatFrom}.
     */
    static final class RepeatingChannel implements ReadableByteChannel {
        private final byte[] data;
        private final int repeatFrom;
        private int position;

        RepeatingChannel(byte[] data, int repeatFrom) {
            this.data = data;
            this.repeatFrom = repeatFrom;
        }

        @Override
        public int read(ByteBuffer target) {
            int count = Math.min(target.remaining(), data.length - position);
            target.put(data, position, count);
            position += count;
            if (position == data.length) {
                position = repeatFrom;
            }
            return count;
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close() {
        }
    }
}
