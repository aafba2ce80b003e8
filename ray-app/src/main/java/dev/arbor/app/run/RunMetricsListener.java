package dev.arbor.app.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import dev.arbor.trainer.train.StepMetrics;
import dev.arbor.trainer.train.TrainingListener;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Sends the trainer's per-step metrics to a {@link RunLog} under a phase ({@code sft}, {@code rl}).
 * The field names are the ones the trainer's {@code MetricsFileListener} writes (snake_case of
 * {@link StepMetrics}), plus {@code tokens_per_second}, so plots read either file alike.
 */
public final class RunMetricsListener implements TrainingListener {
  private static final ObjectMapper SNAKE =
      new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

  private final RunLog log;
  private final String phase;

  public RunMetricsListener(RunLog log, String phase) {
    this.log = log;
    this.phase = phase;
  }

  @Override
  public void onStep(StepMetrics metrics) {
    log.metric(MetricEvent.now(phase, metrics.step(), fields(metrics)));
  }

  /** The step's numbers by their {@code metrics.jsonl} names (without {@code step}). */
  public static Map<String, Double> fields(StepMetrics metrics) {
    Map<String, Object> raw = SNAKE.convertValue(metrics, SNAKE.constructType(Map.class));
    Map<String, Double> out = new LinkedHashMap<>();
    raw.forEach(
        (k, v) -> {
          if (!k.equals("step") && v instanceof Number n) {
            out.put(k, n.doubleValue());
          }
        });
    out.put("tokens_per_second", metrics.tokensPerSecond());
    return out;
  }
}
