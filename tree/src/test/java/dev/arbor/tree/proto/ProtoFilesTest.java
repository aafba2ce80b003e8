package dev.arbor.tree.proto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.CodedOutputStream;
import dev.arbor.proto.v1.PolicyVersionRange;
import dev.arbor.proto.v1.TaskSpec;
import dev.arbor.proto.v1.ToolResult;
import dev.arbor.proto.v1.ToolStatus;
import dev.arbor.proto.v1.TrajectoryMeta;
import dev.arbor.proto.v1.TrajectoryStatus;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProtoFilesTest {
  private static final TrajectoryMeta META = TrajectoryMeta.getDefaultInstance();
  private static final TaskSpec TASK = TaskSpec.getDefaultInstance();

  @TempDir Path tmp;

  /** Varied trajectories, including an empty one (a zero-length message in the stream). */
  private static List<TrajectoryMeta> trajectories(int count, long seed) {
    Random random = new Random(seed);
    List<TrajectoryMeta> metas = new ArrayList<>();
    metas.add(TrajectoryMeta.getDefaultInstance());
    for (int i = 1; i < count; i++) {
      TrajectoryMeta.Builder meta =
          TrajectoryMeta.newBuilder()
              .setTrajectoryId("traj-" + i)
              .setTaskId("task-" + random.nextInt(50) + (i % 7 == 0 ? " 🚀 任务" : ""))
              .setGroupId("group-" + i / 8)
              .setReward(random.nextDouble())
              .setAdvantage(random.nextGaussian())
              .setStatus(TrajectoryStatus.forNumber(1 + random.nextInt(3)))
              .setPolicyVersions(PolicyVersionRange.newBuilder().setMin(i / 10).setMax(i / 10 + 1))
              .setNumTurns(random.nextInt(30))
              .putTokensByRole("MODEL", random.nextInt(100_000))
              .putTokensByRole("PROMPT", random.nextInt(4_000))
              .setStartUnixMs(1_768_000_000_000L + i);
      if (i % 5 == 0) {
        meta.addToolResults(
            ToolResult.newBuilder()
                .setCallId("c" + i)
                .setStatus(ToolStatus.TOOL_STATUS_OK)
                .setStdout("x".repeat(random.nextInt(300)) + "\r\n"));
      }
      metas.add(meta.build());
    }
    return metas;
  }

  @Test
  void singleMessageRoundTripLeavesNoTemporaryFile() throws Exception {
    Path file = tmp.resolve("task.binpb");
    TaskSpec task = GoldenProtos.taskSpec();

    ProtoFiles.write(file, GoldenProtos.arithmeticTask());
    ProtoFiles.write(file, task);

    assertThat(ProtoFiles.read(file, TASK)).isEqualTo(task);
    try (var files = Files.list(tmp)) {
      assertThat(files).containsExactly(file);
    }
  }

  @Test
  void writesMapsInKeyOrderWhateverTheInsertionOrder() throws Exception {
    Path ab = tmp.resolve("ab.binpb");
    Path ba = tmp.resolve("ba.binpb");
    ProtoFiles.write(ab, TaskSpec.newBuilder().putLabels("a", "1").putLabels("b", "2").build());
    ProtoFiles.write(ba, TaskSpec.newBuilder().putLabels("b", "2").putLabels("a", "1").build());

    assertThat(Files.readAllBytes(ab)).isEqualTo(Files.readAllBytes(ba));
  }

  @Test
  void truncationInsideANestedValueNamesTheTopLevelFieldAndItsOffset() throws Exception {
    TaskSpec task = GoldenProtos.taskSpec();
    byte[] bytes = task.toByteArray();
    int instructionAt =
        CodedOutputStream.computeStringSize(1, task.getId())
            + CodedOutputStream.computeStringSize(2, task.getSuite());
    Path file = Files.write(tmp.resolve("tasks.binpb"), Arrays.copyOf(bytes, instructionAt + 20));

    assertThatThrownBy(() -> ProtoFiles.read(file, TASK))
        .isInstanceOf(ProtoFileException.class)
        .hasMessage(
            "%s: truncated arbor.v1.TaskSpec: field 3 at byte %d: its length says %d bytes but"
                + " only %d remain",
            file,
            instructionAt,
            task.getInstructionBytes().size(),
            20
                - CodedOutputStream.computeTagSize(3)
                - CodedOutputStream.computeUInt32SizeNoTag(task.getInstructionBytes().size()));
  }

  @Test
  void bytesOfAnotherShapeAreNotAValidMessage() throws Exception {
    Path badWireType = Files.write(tmp.resolve("wire.binpb"), new byte[] {0x0F, 0x01});
    Path badUtf8 = Files.write(tmp.resolve("utf8.binpb"), new byte[] {0x1A, 0x01, (byte) 0xFF});

    assertThatThrownBy(() -> ProtoFiles.read(badWireType, TASK))
        .isInstanceOf(ProtoFileException.class)
        .hasMessageStartingWith(badWireType + ": not a valid arbor.v1.TaskSpec");
    assertThatThrownBy(() -> ProtoFiles.read(badUtf8, TASK))
        .isInstanceOf(ProtoFileException.class)
        .hasMessageStartingWith(badUtf8 + ": not a valid arbor.v1.TaskSpec")
        .hasMessageContaining("UTF-8");
  }

  @Test
  void delimitedStreamOfManyMessagesRoundTrips() throws Exception {
    List<TrajectoryMeta> metas = trajectories(2_000, 42);
    Path file = tmp.resolve("trajectories.binpb");

    ProtoFiles.writeDelimited(file, metas);

    assertThat(ProtoFiles.readDelimited(file, META)).isEqualTo(metas);
  }

  @Test
  void delimitedStreamIsProtobufsOwnDelimitedFormat() throws Exception {
    List<TrajectoryMeta> metas = trajectories(100, 7);
    Path ours = tmp.resolve("ours.binpb");
    Path theirs = tmp.resolve("theirs.binpb");
    ProtoFiles.writeDelimited(ours, metas);
    try (OutputStream out = Files.newOutputStream(theirs)) {
      for (TrajectoryMeta meta : metas) {
        meta.writeDelimitedTo(out);
      }
    }

    List<TrajectoryMeta> parsedByProtobuf = new ArrayList<>();
    try (InputStream in = Files.newInputStream(ours)) {
      for (TrajectoryMeta m; (m = TrajectoryMeta.parseDelimitedFrom(in)) != null; ) {
        parsedByProtobuf.add(m);
      }
    }
    assertThat(parsedByProtobuf).isEqualTo(metas);
    assertThat(ProtoFiles.readDelimited(theirs, META)).isEqualTo(metas);
  }

  @Test
  void emptyFileIsAnEmptyStream() throws Exception {
    Path file = Files.write(tmp.resolve("empty.binpb"), new byte[0]);

    assertThat(ProtoFiles.readDelimited(file, META)).isEmpty();
  }

  @Test
  void truncatedStreamNamesTheFileAndTheCutMessageAfterDeliveringTheOthers() throws Exception {
    List<TrajectoryMeta> metas = trajectories(50, 3);
    Path file = tmp.resolve("trajectories.binpb");
    ProtoFiles.writeDelimited(file, metas);
    byte[] bytes = Files.readAllBytes(file);
    Files.write(file, Arrays.copyOf(bytes, bytes.length - 1));
    TrajectoryMeta last = metas.get(metas.size() - 1);
    long lastAt = bytes.length - CodedOutputStream.computeMessageSizeNoTag(last);
    List<TrajectoryMeta> delivered = new ArrayList<>();

    assertThatThrownBy(() -> ProtoFiles.forEachDelimited(file, META, delivered::add))
        .isInstanceOf(ProtoFileException.class)
        .hasMessage(
            "%s: truncated stream of arbor.v1.TrajectoryMeta: message index 49 at byte %d says"
                + " %d bytes but only %d remain",
            file, lastAt, last.getSerializedSize(), last.getSerializedSize() - 1)
        .satisfies(e -> assertThat(((ProtoFileException) e).offset()).isEqualTo(lastAt));
    assertThat(delivered).isEqualTo(metas.subList(0, 49));
  }

  @Test
  void everyCutOfAStreamIsEitherAMessageBoundaryOrReportedAsTruncated() throws Exception {
    List<TrajectoryMeta> metas = trajectories(12, 11);
    Path file = tmp.resolve("trajectories.binpb");
    ProtoFiles.writeDelimited(file, metas);
    byte[] bytes = Files.readAllBytes(file);
    Path cut = tmp.resolve("cut.binpb");
    int boundaries = 0;
    for (int length = 0; length < bytes.length; length++) {
      Files.write(cut, Arrays.copyOf(bytes, length));
      try {
        List<TrajectoryMeta> read = ProtoFiles.readDelimited(cut, META);
        assertThat(read).as("cut at %d", length).isEqualTo(metas.subList(0, read.size()));
        boundaries++;
      } catch (ProtoFileException e) {
        assertThat(e).as("cut at %d", length).hasMessageStartingWith(cut + ": truncated stream");
      }
    }
    assertThat(boundaries).isEqualTo(metas.size());
  }

  @Test
  void cutInsideASizePrefixIsReported() throws Exception {
    TaskSpec task = GoldenProtos.taskSpec();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    task.writeDelimitedTo(out);
    Path file = Files.write(tmp.resolve("tasks.binpb"), Arrays.copyOf(out.toByteArray(), 1));

    assertThatThrownBy(() -> ProtoFiles.readDelimited(file, TASK))
        .isInstanceOf(ProtoFileException.class)
        .hasMessage(
            "%s: truncated stream: the file ends inside the size of message index 0 at byte 0",
            file);
  }

  @Test
  void messageThatOverrunsItsOwnSizeIsReportedAsCorrupt() throws Exception {
    byte[] stream = {0x00, 0x03, 0x1A, 0x05, 'a'};
    Path file = Files.write(tmp.resolve("tasks.binpb"), stream);

    assertThatThrownBy(() -> ProtoFiles.readDelimited(file, TASK))
        .isInstanceOf(ProtoFileException.class)
        .hasMessage(
            "%s: message index 1 at byte 1: corrupt (cut short) arbor.v1.TaskSpec: field 3 at"
                + " byte 2: its length says 5 bytes but only 1 remain",
            file);
  }

  @Test
  void sizePrefixThatIsNotAVarint32IsReported() throws Exception {
    byte[] stream = "\u00ff\u00ff\u00ff\u00ff\u00ff\u0001".getBytes(StandardCharsets.ISO_8859_1);
    Path file = Files.write(tmp.resolve("text.binpb"), stream);

    assertThatThrownBy(() -> ProtoFiles.readDelimited(file, TASK))
        .isInstanceOf(ProtoFileException.class)
        .hasMessageStartingWith(file + ": not a length-delimited stream");
  }
}
