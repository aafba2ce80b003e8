package dev.arbor.tree.proto;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import dev.arbor.proto.v1.JobProto;
import dev.arbor.proto.v1.TaskProto;
import dev.arbor.proto.v1.ToolProto;
import dev.arbor.proto.v1.TrajectoryProto;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Style rules of the arbor.v1 schemas that protoc does not check. */
class ProtoSchemaTest {
  private static final List<FileDescriptor> FILES =
      List.of(
          TaskProto.getDescriptor(),
          ToolProto.getDescriptor(),
          TrajectoryProto.getDescriptor(),
          JobProto.getDescriptor());

  @Test
  void everyFileIsInPackageArborV1() {
    assertThat(FILES)
        .allSatisfy(
            file -> {
              assertThat(file.getPackage()).as(file.getName()).isEqualTo("arbor.v1");
              assertThat(file.getName()).startsWith("arbor/v1/");
              assertThat(file.getOptions().getJavaPackage()).isEqualTo("dev.arbor.proto.v1");
            });
  }

  @Test
  void everyEnumValueIsPrefixedAndZeroIsUnspecified() {
    for (FileDescriptor file : FILES) {
      for (EnumDescriptor type : file.getEnumTypes()) {
        String prefix = upperSnake(type.getName()) + "_";
        assertThat(type.findValueByNumber(0).getName())
            .as("zero value of %s in %s", type.getFullName(), file.getName())
            .isEqualTo(prefix + "UNSPECIFIED");
        assertThat(type.getValues())
            .extracting(EnumValueDescriptor::getName)
            .as("values of %s", type.getFullName())
            .allSatisfy(name -> assertThat(name).startsWith(prefix));
      }
    }
  }

  private static String upperSnake(String camel) {
    return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toUpperCase(java.util.Locale.ROOT);
  }
}
