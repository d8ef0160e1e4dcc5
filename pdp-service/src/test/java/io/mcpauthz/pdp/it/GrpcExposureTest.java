package io.mcpauthz.pdp.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.stub.StreamObserver;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.InetAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/** Least exposure by default: the ext_authz gRPC server listens on loopback and offers no reflection. */
@QuarkusTest
@WithTestResource(RealStackResource.class)
class GrpcExposureTest {

  @Test
  void shouldListenOnLoopbackByDefault() throws Exception {
    String host = ConfigProvider.getConfig().getValue("quarkus.grpc.server.host", String.class);

    assertThat(InetAddress.getByName(host).isLoopbackAddress()).as("quarkus.grpc.server.host=" + host).isTrue();
  }

  @Test
  void shouldNotOfferServerReflection() throws Exception {
    ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", EnvoyCheck.testPort()).usePlaintext().build();
    CompletableFuture<ServerReflectionResponse> answer = new CompletableFuture<>();
    try {
      StreamObserver<ServerReflectionRequest> requests = ServerReflectionGrpc.newStub(channel)
          .serverReflectionInfo(new StreamObserver<>() {
            @Override
            public void onNext(ServerReflectionResponse response) {
              answer.complete(response);
            }

            @Override
            public void onError(Throwable t) {
              answer.completeExceptionally(t);
            }

            @Override
            public void onCompleted() {
            }
          });
      requests.onNext(ServerReflectionRequest.newBuilder().setListServices("").build());
      requests.onCompleted();

      assertThatThrownBy(() -> answer.get(10, TimeUnit.SECONDS))
          .hasCauseInstanceOf(StatusRuntimeException.class)
          .cause().satisfies(e -> assertThat(((StatusRuntimeException) e).getStatus().getCode())
              .isEqualTo(Status.Code.UNIMPLEMENTED));
    } finally {
      channel.shutdownNow();
    }
  }
}
