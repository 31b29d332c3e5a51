package bench.routingbench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The PNG plots of one workload (XChart, rendered headless): p90 TTFT vs offered rate (log scale), output tokens/s vs offered rate. */
final class Plots {
    private Plots() {
    }

    static List<Path> write(WorkloadRun run, Path folder) throws Exception {
        System.setProperty("java.awt.headless", "true");
        String name = run.workload().name();
        Path ttft = folder.resolve(name + "-ttft-p90.png");
        Path throughput = folder.resolve(name + "-throughput.png");
        save(chart(run, "p90 TTFT vs request rate (" + name + ")", "p90 TTFT (ms, log scale)", true, s -> s.ttftMillis(90)), ttft);
        save(chart(run, "Output throughput vs request rate (" + name + ")", "output tokens/s", false, StageResult::outputTokensPerSecond),
                throughput);
        return List.of(ttft, throughput);
    }

    private static XYChart chart(WorkloadRun run, String title, String yTitle, boolean logarithmic, ToDoubleFunction<StageResult> y) {
        XYChart chart = new XYChartBuilder().width(900).height(560).title(title).xAxisTitle("offered rate (requests/s)")
                .yAxisTitle(yTitle).build();
        chart.getStyler().setYAxisLogarithmic(logarithmic);
        chart.getStyler().setMarkerSize(7);
        for (Map.Entry<Router, List<StageResult>> entry : run.results.entrySet()) {
            List<Double> xs = new ArrayList<>();
            List<Double> ys = new ArrayList<>();
            for (StageResult stage : entry.getValue()) {
                double value = y.applyAsDouble(stage);
                if (!Double.isNaN(value) && (!logarithmic || value > 0)) {
                    xs.add(stage.offeredRate());
                    ys.add(value);
                }
            }
            if (!xs.isEmpty()) {
                chart.addSeries(entry.getKey().label(), xs, ys).setMarker(SeriesMarkers.CIRCLE);
            }
        }
        return chart;
    }

    private static void save(XYChart chart, Path file) throws Exception {
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }
}
