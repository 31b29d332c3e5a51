///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//SOURCES ../epp/**.java
//JAVA_OPTIONS -Xms512m -Xmx512m

import com.google.protobuf.ByteString;
import epp.handlers.RequestBodyParser;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Random;

/**
 * CPU time of the EPP's request-body parse (epp.handlers.RequestBodyParser: validate the JSON, find
 * `model`, take the prompt) for a completions body of --kb KB in 64 KB chunks, as the ext_proc
 * handler gets it from Envoy. Thread CPU time, so a busy shared machine changes the figure little;
 * warm-up by count (the JIT gets its work done however slow the machine is), then 7 rounds; prints
 * each round's µs per parse and the median. Usage: bench/BodyParseBench.java [KB=200] [parses per round=4000]
 */
public class BodyParseBench {
    public static void main(String... args) throws Exception {
        int kb = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int perRound = args.length > 1 ? Integer.parseInt(args[1]) : 4000;
        ByteString body = body(kb * 1024);
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        long sink = 0;
        for (int i = 0; i < 20_000; i++) {
            sink += RequestBodyParser.parse(body).modelValueEnd();
        }
        double[] rounds = new double[7];
        for (int r = 0; r < rounds.length; r++) {
            long start = cpu.getCurrentThreadCpuTime();
            for (int i = 0; i < perRound; i++) {
                sink += RequestBodyParser.parse(body).modelValueEnd();
            }
            rounds[r] = (cpu.getCurrentThreadCpuTime() - start) / 1e3 / perRound;
        }
        double[] sorted = rounds.clone();
        Arrays.sort(sorted);
        System.out.printf("body-parse %d KB: median %.1f µs CPU per parse; rounds %s (load average %s) %s%n", kb, sorted[3],
                Arrays.toString(Arrays.stream(rounds).map(v -> Math.round(v * 10) / 10.0).toArray()),
                java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).split(" ")[0], sink == 42 ? "" : "");
    }

    /** As bench/epp-load's bodies: random words, ASCII, in 64 KB chunks. */
    static ByteString body(int size) {
        var random = new Random(1);
        var prompt = new StringBuilder(size);
        while (prompt.length() < size - 64) {
            prompt.append("w").append(random.nextInt(100_000)).append(' ');
        }
        byte[] json = ("{\"model\":\"llama\",\"prompt\":\"" + prompt + "\",\"max_tokens\":100,\"temperature\":0.0}")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        ByteString chunked = ByteString.EMPTY;
        for (int offset = 0; offset < json.length; offset += 65_536) {
            chunked = chunked.concat(ByteString.copyFrom(json, offset, Math.min(65_536, json.length - offset)));
        }
        return chunked;
    }
}
