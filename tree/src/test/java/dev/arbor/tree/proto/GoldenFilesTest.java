package dev.arbor.tree.proto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.Message;
import com.google.protobuf.UnknownFieldSet;
import dev.arbor.tree.proto.GoldenProtos.Golden;
import java.io.ByteArrayOutputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The checked-in golden files still parse to the messages {@link GoldenProtos} describes, byte for
 * byte. A failure here after a schema change means the change was not additive: fix the schema, do
 * not regenerate the files.
 */
class GoldenFilesTest {
  @TempDir Path tmp;

  static List<Golden> goldens() {
    return GoldenProtos.all();
  }

  private static Path goldenFile(Golden golden) throws URISyntaxException {
    URL url = GoldenFilesTest.class.getResource("/golden/proto/v1/" + golden.fileName());
    assertThat(url).as("golden file %s on the test classpath", golden.fileName()).isNotNull();
    return Path.of(url.toURI());
  }

  private static Message type(Golden golden) {
    return golden.expected().getDefaultInstanceForType();
  }

  @ParameterizedTest
  @MethodSource("goldens")
  void goldenFileParsesToTheExpectedMessage(Golden golden) throws Exception {
    Message parsed = ProtoFiles.read(goldenFile(golden), type(golden));

    assertThat(parsed).isEqualTo(golden.expected());
  }

  @ParameterizedTest
  @MethodSource("goldens")
  void reserialisingGivesTheIdenticalBytes(Golden golden) throws Exception {
    byte[] bytes = Files.readAllBytes(goldenFile(golden));
    Message parsed = type(golden).getParserForType().parseFrom(bytes);
    Path rewritten = tmp.resolve(golden.fileName());
    ProtoFiles.write(rewritten, parsed);

    assertThat(parsed.toByteArray()).isEqualTo(bytes);
    assertThat(Files.readAllBytes(rewritten)).isEqualTo(bytes);
  }

  @ParameterizedTest
  @MethodSource("goldens")
  void truncatedCopyFailsWithAMessageNamingTheFile(Golden golden) throws Exception {
    byte[] bytes = Files.readAllBytes(goldenFile(golden));
    Path copy = Files.write(tmp.resolve(golden.fileName()), Arrays.copyOf(bytes, bytes.length - 1));
    String typeName = type(golden).getDescriptorForType().getFullName();

    assertThatThrownBy(() -> ProtoFiles.read(copy, type(golden)))
        .isInstanceOf(ProtoFileException.class)
        .hasMessageStartingWith(copy + ": truncated " + typeName + ": field ")
        .hasMessageContaining(" at byte ")
        .satisfies(e -> assertThat(((ProtoFileException) e).file()).isEqualTo(copy))
        .satisfies(
            e -> assertThat(((ProtoFileException) e).offset()).isBetween(0L, bytes.length - 1L));
  }

  @ParameterizedTest
  @MethodSource("goldens")
  void everyCutIsReportedAsTruncatedUnlessItFallsBetweenTopLevelFields(Golden golden)
      throws Exception {
    byte[] bytes = Files.readAllBytes(goldenFile(golden));
    Path copy = tmp.resolve(golden.fileName());
    int reported = 0;
    for (int length = 0; length < bytes.length; length++) {
      try {
        Message partial = ProtoFiles.parse(copy, Arrays.copyOf(bytes, length), type(golden));
        assertThat(partial).as("cut at %d", length).isNotEqualTo(golden.expected());
      } catch (ProtoFileException e) {
        assertThat(e).as("cut at %d", length).hasMessageStartingWith(copy + ": truncated ");
        reported++;
      }
    }
    assertThat(reported).isGreaterThan(bytes.length / 2);
  }

  @ParameterizedTest
  @MethodSource("goldens")
  void fieldsFromANewerSchemaAreKeptAndDoNotDisturbKnownOnes(Golden golden) throws Exception {
    ByteArrayOutputStream newer = new ByteArrayOutputStream();
    newer.write(Files.readAllBytes(goldenFile(golden)));
    CodedOutputStream out = CodedOutputStream.newInstance(newer);
    out.writeInt64(9_999, -7);
    out.writeString(10_000, "a field added in a later arbor.v1 🌱");
    out.flush();
    Path file = Files.write(tmp.resolve(golden.fileName()), newer.toByteArray());

    Message parsed = ProtoFiles.read(file, type(golden));

    Message known =
        parsed.toBuilder().setUnknownFields(UnknownFieldSet.getDefaultInstance()).build();
    assertThat(known).isEqualTo(golden.expected());
    assertThat(parsed.getUnknownFields().asMap()).containsOnlyKeys(9_999, 10_000);
    assertThat(parsed.toByteArray()).isEqualTo(newer.toByteArray());
  }
}
